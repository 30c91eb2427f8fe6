package dev.partsmith.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.dao.DataIntegrityViolationException;

import dev.partsmith.catalog.PartitionBounds;
import dev.partsmith.catalog.QualifiedName;
import dev.partsmith.config.EpochUnit;
import dev.partsmith.config.ListValue;
import dev.partsmith.config.PartitionGranularity;
import dev.partsmith.config.PartitionLevel;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.lifecycle.MaintenanceResult;
import dev.partsmith.lifecycle.PartitionMaintainer;
import dev.partsmith.postgres.PostgresMetadataProvider;
import dev.partsmith.route.CatalogPartitionRouter;
import dev.partsmith.route.PartitionMap;
import dev.partsmith.route.PartitionMapUnavailableException;
import dev.partsmith.route.PartitionRouter;
import dev.partsmith.route.RoutedPartition;
import dev.partsmith.route.RoutingKey;
import dev.partsmith.test.TestCatalog;
import dev.partsmith.test.TestDatabase;

/**
 * The catalog router places every key where PostgreSQL itself puts a row with that key: each key is
 * resolved by the router and a row with it is inserted into the table, and the table the row landed in
 * ({@code tableoid}) is compared; a key PostgreSQL refuses for want of a partition must get an empty
 * answer. Every shape partsmith manages, the trees made by partsmith itself: time ranges of the three
 * time types (on MINVALUE, MAXVALUE, DEFAULT and the edges of the ranges), integer ranges, epoch keys,
 * LIST (NULL and DEFAULT), HASH of each hashed type (many values, random and at the edges, also checked
 * with {@code satisfies_hash_partition}), months split by hash, regions split by day, and tenants in both
 * layouts.
 */
class CatalogPartitionRouterIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final Random RANDOM = new Random(20240315);

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
                "CREATE TABLE ledger_default PARTITION OF ledger DEFAULT",
                "CREATE TABLE orders (id bigint NOT NULL) PARTITION BY RANGE (id)", "CREATE INDEX ON orders (id)",
                "CREATE TABLE counters (n smallint NOT NULL) PARTITION BY RANGE (n)", "CREATE INDEX ON counters (n)",
                "CREATE TABLE samples_s (at bigint NOT NULL) PARTITION BY RANGE (at)",
                "CREATE TABLE samples_ms (at bigint NOT NULL) PARTITION BY RANGE (at)",
                "CREATE TABLE regions (region text) PARTITION BY LIST (region)",
                "CREATE TABLE sessions (user_id bigint) PARTITION BY HASH (user_id)",
                "CREATE TABLE hash_int (k integer) PARTITION BY HASH (k)",
                "CREATE TABLE hash_small (k smallint) PARTITION BY HASH (k)",
                "CREATE TABLE hash_text (k text) PARTITION BY HASH (k)",
                "CREATE TABLE hash_varchar (k varchar(300)) PARTITION BY HASH (k)",
                "CREATE TABLE hash_uuid (k uuid) PARTITION BY HASH (k)",
                "CREATE TABLE visits (user_id bigint, created_at timestamptz) PARTITION BY RANGE (created_at)",
                "CREATE TABLE metrics (region text, at timestamptz) PARTITION BY LIST (region)",
                "CREATE TABLE tenant_days (project_id varchar, created_at timestamptz) PARTITION BY RANGE (project_id, created_at)",
                "CREATE TABLE tenant_events (project_id text, created_at timestamptz) PARTITION BY LIST (project_id)",
                "CREATE TABLE codes (project_id text, created_at timestamptz) PARTITION BY RANGE (project_id COLLATE \"C\", created_at)",
                "CREATE TABLE codes_a_m PARTITION OF codes FOR VALUES FROM ('a', MINVALUE) TO ('m', MINVALUE)",
                "CREATE TABLE codes_m_z PARTITION OF codes FOR VALUES FROM ('m', MINVALUE) TO ('z', '2024-03-15 00:00:00+00')",
                "CREATE TABLE codes_default PARTITION OF codes DEFAULT",
                "CREATE TABLE collated_codes (project_id text, created_at timestamptz) PARTITION BY RANGE (project_id, created_at)",
                "CREATE TABLE collated_codes_a_m PARTITION OF collated_codes FOR VALUES FROM ('a', MINVALUE) TO ('m', MINVALUE)");

        List<TablePartitionConfig> managed = List.of(integers("orders", "id", 1000), integers("counters", "n", 10000),
                epoch("samples_s", EpochUnit.SECONDS), epoch("samples_ms", EpochUnit.MILLISECONDS),
                config("regions").partitionColumn("region").listValues("eu", "us", "o'brien", "zürich").build(), hash("sessions", 8),
                hash("hash_int", 7), hash("hash_small", 3), hash("hash_text", 5), hash("hash_varchar", 4), hash("hash_uuid", 6),
                config("visits").partitionColumn("created_at").granularity(PartitionGranularity.MONTH).createAheadCount(2)
                        .subpartition(PartitionLevel.builder().partitionColumn("user_id").hashModulus(4)).build(),
                config("metrics").partitionColumn("region").listValues("eu", "us").subpartition(PartitionLevel.builder().partitionColumn("at")
                        .granularity(PartitionGranularity.DAY).createAheadCount(2)).build(),
                tenants("tenant_days"), tenants("tenant_events"));
        PartitionMaintainer maintainer = Maintenance.maintainer(db.dataSource(), Clock.fixed(Instant.parse("2024-03-15T10:00:00Z"), ZoneOffset.UTC));
        for (TablePartitionConfig config : managed) {
            MaintenanceResult result = maintainer.runMaintenance(config);
            assertThat(result.success()).as(config + ": " + result.error()).isTrue();
        }
        catalog.exec("CREATE TABLE counters_low PARTITION OF counters FOR VALUES FROM (MINVALUE) TO (0)",
                "CREATE TABLE counters_high PARTITION OF counters FOR VALUES FROM (30000) TO (MAXVALUE)",
                "CREATE TABLE regions_none PARTITION OF regions FOR VALUES IN (NULL)",
                "CREATE TABLE regions_default PARTITION OF regions DEFAULT",
                "CREATE TABLE visits_default PARTITION OF visits DEFAULT",
                "CREATE TABLE metrics__us_default PARTITION OF metrics__us DEFAULT",
                "CREATE TABLE tenant_days_default PARTITION OF tenant_days DEFAULT");

        List<TablePartitionConfig> configs = new ArrayList<>(List.of(month("events", "created_at"), month("readings", "taken_at"),
                month("ledger", "booked_on")));
        configs.addAll(managed);
        configs.addAll(List.of(tenants("codes"), tenants("collated_codes")));
        router = new CatalogPartitionRouter(new PostgresMetadataProvider(db.dataSource()), configs);
    }

    private static TablePartitionConfig.Builder config(String table) {
        return TablePartitionConfig.builder().maxClockSkew(Maintenance.MOVED_CLOCK).tableName(table);
    }

    private static TablePartitionConfig month(String table, String column) {
        return config(table).partitionColumn(column).granularity(PartitionGranularity.MONTH).build();
    }

    private static TablePartitionConfig integers(String table, String column, long interval) {
        return config(table).partitionColumn(column).interval(interval).createAheadCount(3).build();
    }

    private static TablePartitionConfig epoch(String table, EpochUnit unit) {
        return config(table).partitionColumn("at").granularity(PartitionGranularity.DAY).epoch(unit).createAheadCount(2).build();
    }

    private static TablePartitionConfig hash(String table, int modulus) {
        return config(table).partitionColumn(table.equals("sessions") ? "user_id" : "k").hashModulus(modulus).build();
    }

    private static TablePartitionConfig tenants(String table) {
        return config(table).partitionColumn("created_at").granularity(PartitionGranularity.DAY).createAheadCount(2).tenantColumn("project_id")
                .tenants(List.of(ListValue.of("tenant1"), ListValue.of("tenant2"))).build();
    }

    // Time ranges

    @Test
    void timestamptzKeysLandWherePostgresPutsTheirRows() {
        for (OffsetDateTime key : List.of(OffsetDateTime.parse("1970-01-01T00:00:00Z"), OffsetDateTime.parse("2023-12-31T23:59:59.999999Z"),
                OffsetDateTime.parse("2024-01-01T00:00:00Z"), OffsetDateTime.parse("2024-03-01T00:00:00Z"),
                OffsetDateTime.parse("2024-04-01T01:30:00+02:00"), OffsetDateTime.parse("2024-04-01T00:00:00Z"),
                OffsetDateTime.parse("2024-04-30T23:59:59.9999996Z"), OffsetDateTime.parse("2024-07-01T00:00:00Z"),
                OffsetDateTime.parse("2025-01-01T00:00:00Z"), OffsetDateTime.parse("9999-12-31T00:00:00Z"))) {
            assertRoutedAsInserted("events", RoutingKey.of(key), row("created_at", key));
        }
        assertThat(routed("events", RoutingKey.of(Instant.parse("2024-03-15T10:00:00Z")))).contains("events__2024_03");
        assertThat(router.resolve(table("events"), RoutingKey.of(Instant.parse("2024-07-01T00:00:00Z"))))
                .hasValueSatisfying(partition -> assertThat(partition.defaultPartition()).as("no range holds July").isTrue());
    }

    @Test
    void timestampKeysLandWherePostgresPutsTheirRowsOrNowhere() {
        for (LocalDateTime key : List.of(LocalDateTime.parse("2024-02-29T23:59:59.999999"), LocalDateTime.parse("2024-03-01T00:00:00"),
                LocalDateTime.parse("2024-03-31T23:59:59.999999"), LocalDateTime.parse("2024-04-01T00:00:00"))) {
            assertRoutedAsInserted("readings", RoutingKey.of(key), row("taken_at", key));
        }
        assertThat(routed("readings", RoutingKey.of(LocalDateTime.parse("2024-04-01T00:00:00")))).as("no range and no DEFAULT").isEmpty();
    }

    @Test
    void dateKeysLandWherePostgresPutsTheirRows() {
        for (LocalDate key : List.of(LocalDate.parse("2024-02-29"), LocalDate.parse("2024-03-01"), LocalDate.parse("2024-03-31"),
                LocalDate.parse("2024-05-01"))) {
            assertRoutedAsInserted("ledger", RoutingKey.of(key), row("booked_on", key));
        }
    }

    @Test
    void aNewPartitionIsSeenByTheNextCall() {
        assertThat(routed("ledger", RoutingKey.of(LocalDate.parse("2024-04-15")))).contains("ledger_default");
        catalog.exec("CREATE TABLE ledger__2024_04 PARTITION OF ledger FOR VALUES FROM ('2024-04-01') TO ('2024-05-01')");

        assertThat(routed("ledger", RoutingKey.of(LocalDate.parse("2024-04-15")))).contains("ledger__2024_04");
    }

    // Integer ranges and epoch keys

    @Test
    void integerKeysLandWherePostgresPutsTheirRows() {
        for (long id : List.of(-1L, 0L, 999L, 1000L, 2999L, 3000L, Long.MAX_VALUE, Long.MIN_VALUE)) {
            assertRoutedAsInserted("orders", RoutingKey.of(id), row("id", id));
        }
        assertThat(routed("orders", RoutingKey.of(1500))).contains("orders__p1000");
        assertThat(routed("orders", RoutingKey.of("2000"))).contains("orders__p2000");
        for (short n : List.of(Short.MIN_VALUE, (short) -1, (short) 0, (short) 9999, (short) 10000, (short) 29999, (short) 30000, Short.MAX_VALUE)) {
            assertRoutedAsInserted("counters", RoutingKey.with("n", n), row("n", n));
        }
        assertThat(routed("counters", RoutingKey.of(-1))).contains("counters_low");
        assertThat(routed("counters", RoutingKey.of(Short.MAX_VALUE))).contains("counters_high");
    }

    @Test
    void epochKeysTakeInstantsAndLandWhereTheirEpochNumberGoes() {
        for (Instant instant : List.of(Instant.parse("2024-03-14T23:59:59.999Z"), Instant.parse("2024-03-15T00:00:00Z"),
                Instant.parse("2024-03-16T12:00:00.5Z"), Instant.parse("2024-03-16T23:59:59.999Z"), Instant.parse("2024-03-17T00:00:00Z"))) {
            assertRoutedAsInserted("samples_s", RoutingKey.of(instant), row("at", instant.getEpochSecond()));
            assertRoutedAsInserted("samples_ms", RoutingKey.of(instant), row("at", instant.toEpochMilli()));
        }
        assertThat(routed("samples_s", RoutingKey.of(Instant.parse("2024-03-16T12:00:00Z")))).contains("samples_s__2024_03_16");
        assertThat(routed("samples_ms", RoutingKey.of(Instant.parse("2024-03-15T00:00:00Z").toEpochMilli()))).contains("samples_ms__2024_03_15");
    }

    // LIST

    @Test
    void listKeysGoToTheirValueNullToItsPartitionAndOthersToDefault() {
        List<String> keys = new ArrayList<>(List.of("eu", "us", "o'brien", "zürich", "apac", "EU", "eu ", ""));
        keys.add(null);
        for (String region : keys) {
            assertRoutedAsInserted("regions", RoutingKey.with("region", region), row("region", region));
        }
        assertThat(routed("regions", RoutingKey.of("o'brien"))).hasValueSatisfying(name -> assertThat(name).startsWith("regions__o_brien_"));
        assertThat(routed("regions", RoutingKey.with("region", null))).contains("regions_none");
        assertThat(routed("regions", RoutingKey.of("apac"))).contains("regions_default");
    }

    // HASH

    @Test
    void hashKeysLandWherePostgresHashesThem() {
        List<Object> bigints = new ArrayList<>(List.of(0L, 1L, -1L, 42L, Long.MAX_VALUE, Long.MIN_VALUE, 4294967296L, -4294967297L,
                (long) Integer.MAX_VALUE + 1));
        List<Object> ints = new ArrayList<>(List.of(0, 1, -1, Integer.MAX_VALUE, Integer.MIN_VALUE));
        List<Object> smalls = new ArrayList<>(List.of((short) 0, (short) 1, (short) -1, Short.MAX_VALUE, Short.MIN_VALUE));
        List<Object> uuids = new ArrayList<>(List.of(new UUID(0, 0), new UUID(-1, -1), UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")));
        for (int i = 0; i < 120; i++) {
            bigints.add(RANDOM.nextLong());
            ints.add(RANDOM.nextInt());
            smalls.add((short) RANDOM.nextInt());
            uuids.add(new UUID(RANDOM.nextLong(), RANDOM.nextLong()));
        }
        hashedAsPostgresHashes("sessions", "user_id", "bigint", bigints);
        hashedAsPostgresHashes("hash_int", "k", "integer", ints);
        hashedAsPostgresHashes("hash_small", "k", "smallint", smalls);
        hashedAsPostgresHashes("hash_uuid", "k", "uuid", uuids);
    }

    @Test
    void textKeysLandWherePostgresHashesTheirBytes() {
        List<Object> texts = new ArrayList<>(List.of("", "a", "ab", "abc", "abcd", "hello world", "hello world!", "hello world!!",
                "twenty-four bytes exactly", "zürich", "日本語", "😀", "é", "O'Brien", "back\\slash", "tab\there", "x".repeat(1000),
                "\u00ff\u0100\uffff", "𝄞 music"));
        String alphabet = "abcXYZ019 _-'éüßñøçж日本語😀𝄞\u00a0\u2028";
        for (int i = 0; i < 150; i++) {
            StringBuilder text = new StringBuilder();
            int length = RANDOM.nextInt(40);
            for (int c = 0; c < length; c++) {
                text.appendCodePoint(alphabet.codePointAt(alphabet.offsetByCodePoints(0, RANDOM.nextInt(alphabet.codePointCount(0, alphabet.length())))));
            }
            texts.add(text.toString());
        }
        hashedAsPostgresHashes("hash_text", "k", "text", texts);
        hashedAsPostgresHashes("hash_varchar", "k", "varchar", texts.stream().filter(text -> ((String) text).length() <= 300).toList());
    }

    @Test
    void nullHashesToRemainderZero() {
        assertRoutedAsInserted("sessions", RoutingKey.with("user_id", null), row("user_id", null));
        assertThat(router.resolve(table("sessions"), RoutingKey.with("user_id", null)).map(RoutedPartition::bounds))
                .contains(new PartitionBounds.Hash(8, 0));
    }

    // Levels below levels

    @Test
    void monthsSplitByHashTakeTheTimeAndTheUser() {
        List<Instant> times = List.of(Instant.parse("2024-03-01T00:00:00Z"), Instant.parse("2024-03-31T23:59:59.999999Z"),
                Instant.parse("2024-04-15T12:00:00Z"), Instant.parse("2024-05-01T00:00:00Z"), Instant.parse("2024-02-01T00:00:00Z"));
        for (Instant time : times) {
            for (long userId : List.of(0L, 1L, -1L, 42L, RANDOM.nextLong(), RANDOM.nextLong(), RANDOM.nextLong())) {
                assertRoutedAsInserted("visits", RoutingKey.with("created_at", time).and("user_id", userId),
                        row("created_at", time, "user_id", userId));
            }
        }
        assertThat(routed("visits", RoutingKey.with("created_at", Instant.parse("2024-03-10T00:00:00Z")).and("user_id", 42L)))
                .hasValueSatisfying(name -> assertThat(name).startsWith("visits__2024_03__h"));
        assertThat(routed("visits", RoutingKey.with("user_id", 42L).and("created_at", Instant.parse("2024-06-10T00:00:00Z"))))
                .contains("visits_default");
    }

    @Test
    void regionsSplitByDayTakeTheRegionAndTheTime() {
        List<String> regions = new ArrayList<>(List.of("eu", "us", "apac"));
        regions.add(null);
        for (String region : regions) {
            for (Instant at : List.of(Instant.parse("2024-03-15T00:00:00Z"), Instant.parse("2024-03-16T23:59:59.999999Z"),
                    Instant.parse("2024-03-17T00:00:00Z"), Instant.parse("2024-03-14T23:59:59Z"))) {
                assertRoutedAsInserted("metrics", RoutingKey.with("region", region).and("at", at), row("region", region, "at", at));
            }
        }
        assertThat(routed("metrics", RoutingKey.with("region", "eu").and("at", Instant.parse("2024-03-16T10:00:00Z")))).contains("metrics__eu__2024_03_16");
        assertThat(routed("metrics", RoutingKey.with("region", "us").and("at", Instant.parse("2024-03-20T10:00:00Z"))))
                .as("the DEFAULT partition of the region").contains("metrics__us_default");
        assertThat(routed("metrics", RoutingKey.with("region", "eu").and("at", Instant.parse("2024-03-20T10:00:00Z")))).as("no day and no DEFAULT")
                .isEmpty();
    }

    @Test
    void tenantsOfACompositeRangeLandWherePostgresPutsTheirRows() {
        List<String> tenants = new ArrayList<>(List.of("tenant1", "tenant2", "tenant3", "tenant", "tenant10", ""));
        tenants.add(null);
        for (String tenant : tenants) {
            for (Instant at : List.of(Instant.parse("2024-03-15T00:00:00Z"), Instant.parse("2024-03-16T23:59:59.999999Z"),
                    Instant.parse("2024-03-17T00:00:00Z"))) {
                assertRoutedAsInserted("tenant_days", RoutingKey.with("project_id", tenant).and("created_at", at),
                        row("project_id", tenant, "created_at", at));
            }
        }
        assertThat(routed("tenant_days", RoutingKey.with("project_id", "tenant2").and("created_at", Instant.parse("2024-03-16T10:00:00Z"))))
                .contains("tenant_days__tenant2__2024_03_16");
        assertThat(routed("tenant_days", RoutingKey.with("project_id", "tenant3").and("created_at", Instant.parse("2024-03-16T10:00:00Z"))))
                .contains("tenant_days_default");
    }

    @Test
    void tenantsListedAboveTheirDaysLandWherePostgresPutsTheirRows() {
        List<String> tenants = new ArrayList<>(List.of("tenant1", "tenant2", "tenant3"));
        tenants.add(null);
        for (String tenant : tenants) {
            for (Instant at : List.of(Instant.parse("2024-03-15T00:00:00Z"), Instant.parse("2024-03-16T23:59:59.999999Z"),
                    Instant.parse("2024-03-17T00:00:00Z"))) {
                assertRoutedAsInserted("tenant_events", RoutingKey.with("project_id", tenant).and("created_at", at),
                        row("project_id", tenant, "created_at", at));
            }
        }
        assertThat(routed("tenant_events", RoutingKey.with("project_id", "tenant1").and("created_at", Instant.parse("2024-03-15T10:00:00Z"))))
                .contains("tenant_events__tenant1__2024_03_15");
    }

    @Test
    void textRangesSpanningSeveralValuesAreOrderedByTheirBytesInTheCCollation() {
        List<String> codes = new ArrayList<>(List.of("a", "b", "lzzz", "m", "m0", "y", "z", "zz", "A", "Z", "0", "", "é", "ä", "日本", "😀"));
        codes.add(null);
        for (String code : codes) {
            for (Instant at : List.of(Instant.parse("2024-03-14T23:59:59.999999Z"), Instant.parse("2024-03-15T00:00:00Z"))) {
                assertRoutedAsInserted("codes", RoutingKey.with("project_id", code).and("created_at", at), row("project_id", code, "created_at", at));
            }
        }
        assertThat(routed("codes", RoutingKey.with("project_id", "z").and("created_at", Instant.parse("2024-03-14T00:00:00Z")))).contains("codes_m_z");
    }

    @Test
    void aKeyWhosePlaceDependsOnACollationsOrderIsRefused() {
        assertThat(routed("collated_codes", RoutingKey.with("project_id", "m").and("created_at", Instant.parse("2024-03-15T00:00:00Z"))))
                .as("decided at the bound itself").isEmpty();
        assertThatThrownBy(() -> router.resolve(table("collated_codes"), RoutingKey.with("project_id", "b").and("created_at",
                Instant.parse("2024-03-15T00:00:00Z")))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("public.collated_codes cannot tell whether public.collated_codes_a_m (FOR VALUES FROM ('a', MINVALUE) TO ('m', MINVALUE))"
                        + " holds project_id = 'b': that depends on how collation \"default\" orders 'a' and 'b', which the router does not"
                        + " reproduce (it orders text in the C and POSIX collations only)");
    }

    // Refusals

    @Test
    void aKeyWithoutTheValuesOfATreeOfSeveralColumnsIsRefusedNamingThem() {
        assertThatThrownBy(() -> router.resolve(table("visits"), RoutingKey.of(Instant.parse("2024-03-10T00:00:00Z"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("public.visits is split on 2 columns (created_at, user_id), which one value cannot place: give a value for each by"
                        + " name, RoutingKey.with(\"created_at\", …).and(\"user_id\", …)");
        assertThatThrownBy(() -> router.resolve(table("visits"), RoutingKey.with("created_at", Instant.parse("2024-03-10T00:00:00Z"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("public.visits__2024_03 is partitioned by HASH (user_id): the key created_at = Instant 2024-03-10T00:00:00Z has no value"
                        + " for user_id");
    }

    @Test
    void aTableTheRouterDoesNotKnowIsRefusedNamingTheOnesItDoes() {
        PartitionRouter one = new CatalogPartitionRouter(new PostgresMetadataProvider(db.dataSource()), List.of(month("events", "created_at"),
                month("ledger", "booked_on")));

        assertThatThrownBy(() -> one.map(table("other"))).isInstanceOf(PartitionMapUnavailableException.class)
                .hasMessage("public.other is not one of the tables this router answers for: [public.events, public.ledger]");
    }

    @Test
    void aConfiguredTableThatIsNotPartitionedAsConfiguredIsRefusedWithTheCatalogsReason() {
        PartitionRouter wrongColumn = new CatalogPartitionRouter(new PostgresMetadataProvider(db.dataSource()), List.of(month("events", "id")));

        assertThatThrownBy(() -> wrongColumn.map(table("events"))).isInstanceOf(PartitionMapUnavailableException.class)
                .hasMessage("cannot read the partitions of public.events: public.events is partitioned on column \"created_at\", not on \"id\""
                        + " as configured (partitionColumn)");
    }

    /**
     * Each value routed and inserted alike, and the partition the router names satisfies PostgreSQL's own
     * check of a hash partition's rows ({@code satisfies_hash_partition}).
     */
    private static void hashedAsPostgresHashes(String table, String column, String sqlType, List<Object> values) {
        PartitionMap map = router.map(table(table));
        for (Object value : values) {
            Optional<RoutedPartition> partition = map.resolve(RoutingKey.with(column, value));
            assertThat(partition.map(RoutedPartition::name)).as("%s %s", sqlType, value).isEqualTo(inserted(table, row(column, value)));
            PartitionBounds.Hash hash = (PartitionBounds.Hash) partition.orElseThrow().bounds();
            assertThat(catalog.jdbc().queryForObject("SELECT satisfies_hash_partition(?::regclass, ?, ?, ?::" + sqlType + ")", Boolean.class, table,
                    hash.modulus(), hash.remainder(), value)).as("satisfies_hash_partition for %s %s", sqlType, value).isTrue();
        }
    }

    private static void assertRoutedAsInserted(String table, RoutingKey key, Map<String, Object> row) {
        assertThat(routed(table, key)).as("%s %s", table, key).isEqualTo(inserted(table, row));
    }

    private static QualifiedName table(String name) {
        return new QualifiedName("public", name);
    }

    private static Optional<String> routed(String table, RoutingKey key) {
        return router.resolve(table(table), key).map(RoutedPartition::name);
    }

    /** A row's values by column, in order; {@code null} values allowed. */
    private static Map<String, Object> row(Object... columnsAndValues) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < columnsAndValues.length; i += 2) {
            row.put((String) columnsAndValues[i], columnsAndValues[i + 1]);
        }
        return row;
    }

    /** Where PostgreSQL puts a row with these values (an instant as a UTC time); empty when it refuses the row for want of a partition. */
    private static Optional<String> inserted(String table, Map<String, Object> row) {
        Object[] values = row.values().stream().map(value -> value instanceof Instant instant ? instant.atOffset(ZoneOffset.UTC) : value).toArray();
        try {
            return Optional.of(catalog.jdbc().queryForObject("INSERT INTO " + table + " (" + String.join(", ", row.keySet()) + ") VALUES ("
                    + row.keySet().stream().map(column -> "?").collect(Collectors.joining(", ")) + ") RETURNING tableoid::regclass::text",
                    String.class, values));
        }
        catch (DataIntegrityViolationException ex) {
            assertThat(ex).hasMessageContaining("no partition of relation");
            return Optional.empty();
        }
    }
}
