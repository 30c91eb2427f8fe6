package dev.partsmith.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.dao.DataIntegrityViolationException;

import dev.partsmith.catalog.QualifiedName;
import dev.partsmith.config.PartitionGranularity;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.postgres.PostgresMetadataProvider;
import dev.partsmith.route.CatalogPartitionRouter;
import dev.partsmith.route.PartitionMapUnavailableException;
import dev.partsmith.route.PartitionRouter;
import dev.partsmith.route.RoutedPartition;
import dev.partsmith.route.RoutingKey;
import dev.partsmith.test.TestCatalog;
import dev.partsmith.test.TestDatabase;

/**
 * The catalog router places every key where PostgreSQL itself puts a row with that key: each key is
 * resolved by the router and inserted into the table, and the partition the row landed in
 * ({@code tableoid}) is compared, on keys of the three key types, on MINVALUE, MAXVALUE, DEFAULT and the
 * edges of the ranges.
 */
class CatalogPartitionRouterIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static TestCatalog catalog;
    private static PartitionRouter router;

    @BeforeAll
    static void createTables() {
        catalog = new TestCatalog(db.dataSource());
        catalog.exec("CREATE TABLE events (id bigserial, created_at timestamptz NOT NULL) PARTITION BY RANGE (created_at)",
                "CREATE TABLE events_old PARTITION OF events FOR VALUES FROM (MINVALUE) TO ('2024-01-01 00:00:00+00')",
                "CREATE TABLE events__2024_03 PARTITION OF events FOR VALUES FROM ('2024-03-01 00:00:00+00') TO ('2024-04-01 00:00:00+00')",
                "CREATE TABLE events__2024_04 PARTITION OF events FOR VALUES FROM ('2024-04-01 00:00:00+00') TO ('2024-05-01 00:00:00+00')",
                "CREATE TABLE events_future PARTITION OF events FOR VALUES FROM ('2025-01-01 00:00:00+00') TO (MAXVALUE)",
                "CREATE TABLE events_default PARTITION OF events DEFAULT",
                "CREATE TABLE readings (id bigserial, taken_at timestamp NOT NULL) PARTITION BY RANGE (taken_at)",
                "CREATE TABLE readings__2024_03 PARTITION OF readings FOR VALUES FROM ('2024-03-01') TO ('2024-04-01')",
                "CREATE TABLE ledger (id bigserial, booked_on date NOT NULL) PARTITION BY RANGE (booked_on)",
                "CREATE TABLE ledger__2024_03 PARTITION OF ledger FOR VALUES FROM ('2024-03-01') TO ('2024-04-01')",
                "CREATE TABLE ledger_default PARTITION OF ledger DEFAULT");
        router = new CatalogPartitionRouter(new PostgresMetadataProvider(db.dataSource()),
                List.of(config("events", "created_at"), config("readings", "taken_at"), config("ledger", "booked_on")));
    }

    private static TablePartitionConfig config(String table, String column) {
        return TablePartitionConfig.builder().tableName(table).partitionColumn(column).granularity(PartitionGranularity.MONTH).build();
    }

    @Test
    void timestamptzKeysLandWherePostgresPutsTheirRows() {
        for (OffsetDateTime key : List.of(OffsetDateTime.parse("1970-01-01T00:00:00Z"), OffsetDateTime.parse("2023-12-31T23:59:59.999999Z"),
                OffsetDateTime.parse("2024-01-01T00:00:00Z"), OffsetDateTime.parse("2024-03-01T00:00:00Z"),
                OffsetDateTime.parse("2024-04-01T01:30:00+02:00"), OffsetDateTime.parse("2024-04-01T00:00:00Z"),
                OffsetDateTime.parse("2024-04-30T23:59:59.9999996Z"), OffsetDateTime.parse("2024-07-01T00:00:00Z"),
                OffsetDateTime.parse("2025-01-01T00:00:00Z"), OffsetDateTime.parse("9999-12-31T00:00:00Z"))) {
            assertThat(routed("events", RoutingKey.of(key))).as("%s", key).isEqualTo(inserted("events", "created_at", key));
        }
        assertThat(routed("events", RoutingKey.of(Instant.parse("2024-03-15T10:00:00Z")))).contains("events__2024_03");
        assertThat(router.resolve(table("events"), RoutingKey.of(Instant.parse("2024-07-01T00:00:00Z"))))
                .hasValueSatisfying(partition -> assertThat(partition.defaultPartition()).as("no range holds July").isTrue());
    }

    @Test
    void timestampKeysLandWherePostgresPutsTheirRowsOrNowhere() {
        for (LocalDateTime key : List.of(LocalDateTime.parse("2024-02-29T23:59:59.999999"), LocalDateTime.parse("2024-03-01T00:00:00"),
                LocalDateTime.parse("2024-03-31T23:59:59.999999"), LocalDateTime.parse("2024-04-01T00:00:00"))) {
            assertThat(routed("readings", RoutingKey.of(key))).as("%s", key).isEqualTo(inserted("readings", "taken_at", key));
        }
        assertThat(routed("readings", RoutingKey.of(LocalDateTime.parse("2024-04-01T00:00:00")))).as("no range and no DEFAULT").isEmpty();
    }

    @Test
    void dateKeysLandWherePostgresPutsTheirRows() {
        for (LocalDate key : List.of(LocalDate.parse("2024-02-29"), LocalDate.parse("2024-03-01"), LocalDate.parse("2024-03-31"),
                LocalDate.parse("2024-05-01"))) {
            assertThat(routed("ledger", RoutingKey.of(key))).as("%s", key).isEqualTo(inserted("ledger", "booked_on", key));
        }
    }

    @Test
    void aNewPartitionIsSeenByTheNextCall() {
        assertThat(routed("ledger", RoutingKey.of(LocalDate.parse("2024-04-15")))).contains("ledger_default");
        catalog.exec("CREATE TABLE ledger__2024_04 PARTITION OF ledger FOR VALUES FROM ('2024-04-01') TO ('2024-05-01')");

        assertThat(routed("ledger", RoutingKey.of(LocalDate.parse("2024-04-15")))).contains("ledger__2024_04");
    }

    @Test
    void aTableTheRouterDoesNotKnowIsRefusedNamingTheOnesItDoes() {
        assertThatThrownBy(() -> router.map(table("other"))).isInstanceOf(PartitionMapUnavailableException.class)
                .hasMessage("public.other is not one of the tables this router answers for: [public.events, public.readings, public.ledger]");
    }

    @Test
    void aConfiguredTableThatIsNotPartitionedAsConfiguredIsRefusedWithTheCatalogsReason() {
        PartitionRouter wrongColumn = new CatalogPartitionRouter(new PostgresMetadataProvider(db.dataSource()), List.of(config("events", "id")));

        assertThatThrownBy(() -> wrongColumn.map(table("events"))).isInstanceOf(PartitionMapUnavailableException.class)
                .hasMessage("cannot read the partitions of public.events: public.events is partitioned on column \"created_at\", not on \"id\""
                        + " as configured (partitionColumn)");
    }

    private static QualifiedName table(String name) {
        return new QualifiedName("public", name);
    }

    private static Optional<String> routed(String table, RoutingKey key) {
        return router.resolve(table(table), key).map(RoutedPartition::name);
    }

    /** Where PostgreSQL puts a row with this key; empty when it refuses the row for want of a partition. */
    private static Optional<String> inserted(String table, String column, Object key) {
        try {
            return Optional.of(catalog.jdbc().queryForObject("INSERT INTO " + table + " (" + column + ") VALUES (?) RETURNING tableoid::regclass::text",
                    String.class, key));
        }
        catch (DataIntegrityViolationException ex) {
            assertThat(ex).hasMessageContaining("no partition of relation");
            return Optional.empty();
        }
    }
}
