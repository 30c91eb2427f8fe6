package dev.partsmith.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.threeten.extra.MutableClock;

import dev.partsmith.PartitionAttachedException;
import dev.partsmith.UnmanagedPartitionDropException;
import dev.partsmith.catalog.QualifiedName;
import dev.partsmith.config.PartitionGranularity;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.lifecycle.MaintenanceResult;
import dev.partsmith.postgres.PostgresPartitionRepository;
import dev.partsmith.test.TestCatalog;
import dev.partsmith.test.TestDatabase;

class SafeDropIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private final MutableClock clock = MutableClock.of(Instant.parse("2024-03-15T10:00:00Z"), ZoneOffset.UTC);
    private TestCatalog catalog;

    private final TablePartitionConfig config = TablePartitionConfig.builder().maxClockSkew(Maintenance.MOVED_CLOCK).tableName("events").partitionColumn("created_at")
            .granularity(PartitionGranularity.MONTH).createAheadCount(1).retentionCount(1).build();

    @BeforeEach
    void createTables() {
        catalog = new TestCatalog(db.dataSource());
        catalog.exec("DROP TABLE IF EXISTS events, events__2023_12, events__2024_01, events__2024_02, events_archive",
                "CREATE TABLE events (id bigint, created_at timestamptz NOT NULL) PARTITION BY RANGE (created_at)",
                // Named like partsmith's partitions, but detached by someone else: not partsmith's to drop.
                "CREATE TABLE events__2023_12 (id bigint, created_at timestamptz NOT NULL)",
                "INSERT INTO events__2023_12 VALUES (1, '2023-12-05')",
                "CREATE TABLE events__2024_01 (id bigint, created_at timestamptz NOT NULL)",
                "COMMENT ON TABLE events__2024_01 IS 'partsmith:orphan at=2024-01-01T00:00:00Z parent=\"public\".\"other\"'",
                "CREATE TABLE events_archive (id bigint, created_at timestamptz NOT NULL)");
    }

    @Test
    void aSimilarlyNamedTableThatPartsmithDidNotDetachIsNeverDropped() {
        MaintenanceResult result = Maintenance.maintainer(db.dataSource(), clock).runMaintenance(config);

        assertThat(result.success()).isTrue();
        assertThat(result.droppedCount()).isZero();
        assertThat(result.plan().operations()).noneMatch(op -> op.partition().name().startsWith("events__2023"));
        assertThat(catalog.count("events__2023_12")).isEqualTo(1);
        assertThat(catalog.exists("public", "events__2024_01")).as("marked for another parent").isTrue();
        assertThat(catalog.exists("public", "events_archive")).isTrue();
    }

    @Test
    void droppingAnUnmanagedTableDirectlyRaises() {
        PostgresPartitionRepository repository = new PostgresPartitionRepository(db.dataSource());
        assertThatThrownBy(() -> repository.dropPartition(config, config.qualifiedName(), new QualifiedName("public", "events__2023_12"), clock.instant(), false))
                .isInstanceOf(UnmanagedPartitionDropException.class)
                .hasMessage("public.events__2023_12 does not carry partsmith's marker for public.events (prefix 'partsmith');"
                        + " partsmith never drops a table it did not detach");
        assertThatThrownBy(() -> repository.dropPartition(config, config.qualifiedName(), new QualifiedName("public", "events__2024_01"), clock.instant(), false))
                .isInstanceOf(UnmanagedPartitionDropException.class);
        assertThat(catalog.exists("public", "events__2023_12")).isTrue();
        assertThat(catalog.exists("public", "events__2024_01")).isTrue();
    }

    @Test
    void anAttachedPartitionIsNeverDroppedEvenWhenUnmanagedDropsAreAllowed() {
        catalog.exec("CREATE TABLE events__2024_02 PARTITION OF events FOR VALUES FROM ('2024-02-01') TO ('2024-03-01')");
        PostgresPartitionRepository permissive = new PostgresPartitionRepository(db.dataSource(), true);
        assertThatThrownBy(() -> permissive.dropPartition(config, config.qualifiedName(), new QualifiedName("public", "events__2024_02"), clock.instant(), false))
                .isInstanceOf(PartitionAttachedException.class);
        assertThat(catalog.isPartition("public", "events__2024_02")).isTrue();

        permissive.dropPartition(config, config.qualifiedName(), new QualifiedName("public", "events_archive"), clock.instant(), false);
        assertThat(catalog.exists("public", "events_archive")).isFalse();
    }

    @Test
    void aDroppedTablesOwnForeignKeysGoFirstAndNothingElseIsDropped() {
        catalog.exec("DROP TABLE IF EXISTS customers CASCADE", "CREATE TABLE customers (id bigint PRIMARY KEY)",
                "INSERT INTO customers VALUES (1)",
                "DROP TABLE events",
                "CREATE TABLE events (id bigint, customer_id bigint REFERENCES customers, created_at timestamptz NOT NULL)"
                        + " PARTITION BY RANGE (created_at)",
                "CREATE TABLE events__2024_02 PARTITION OF events FOR VALUES FROM ('2024-02-01') TO ('2024-03-01')",
                "INSERT INTO events VALUES (1, 1, '2024-02-10')");

        MaintenanceResult result = Maintenance.maintainer(db.dataSource(), clock).runMaintenance(config);

        assertThat(result.success()).as(String.valueOf(result.error())).isTrue();
        assertThat(result.droppedCount()).isEqualTo(1);
        assertThat(catalog.exists("public", "events__2024_02")).isFalse();
        assertThat(catalog.count("customers")).isEqualTo(1);
    }
}
