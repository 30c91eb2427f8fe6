package dev.partsmith.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.partsmith.InvalidParentTableException;
import dev.partsmith.catalog.KeyPoint;
import dev.partsmith.catalog.PartitionBound;
import dev.partsmith.catalog.PartitionInfo;
import dev.partsmith.catalog.PartitionKeyType;
import dev.partsmith.catalog.PartitionMarker;
import dev.partsmith.catalog.PartitionTree;
import dev.partsmith.config.PartitionGranularity;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.postgres.PostgresMetadataProvider;
import dev.partsmith.test.TestCatalog;
import dev.partsmith.test.TestDatabase;

class PostgresMetadataProviderIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static TestCatalog catalog;
    private static PostgresMetadataProvider provider;

    @BeforeAll
    static void createTables() {
        catalog = new TestCatalog(db.dataSource());
        provider = new PostgresMetadataProvider(db.dataSource());
        catalog.exec("CREATE TABLE events (id bigint, created_at timestamptz NOT NULL) PARTITION BY RANGE (created_at)",
                "CREATE TABLE events_old PARTITION OF events FOR VALUES FROM (MINVALUE) TO ('2024-01-01')",
                "CREATE TABLE events__2024_01 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2024-02-01')",
                "CREATE TABLE events_future PARTITION OF events FOR VALUES FROM ('2030-01-01') TO (MAXVALUE)",
                "CREATE TABLE events_default PARTITION OF events DEFAULT",
                // One transaction: ANALYZE then leaves out the rows its own transaction inserted, which the statistics count
                // at commit. Apart, PostgreSQL 14's statistics may count them twice when the insert reports late.
                "INSERT INTO events SELECT g, '2024-01-05' FROM generate_series(1, 300) g; ANALYZE events__2024_01",
                "CREATE TABLE events__2023_06 (id bigint, created_at timestamptz NOT NULL)",
                "COMMENT ON TABLE events__2023_06 IS 'partsmith:orphan at=2024-01-01T00:00:00Z parent=\"public\".\"events\"'",
                "CREATE TABLE others__2023_06 (id bigint)",
                "COMMENT ON TABLE others__2023_06 IS 'partsmith:orphan at=2024-01-01T00:00:00Z parent=\"public\".\"others\"'",
                "CREATE TABLE local_events (at timestamp NOT NULL) PARTITION BY RANGE (at)",
                "CREATE TABLE local_events_1 PARTITION OF local_events FOR VALUES FROM ('2024-01-01 06:00') TO ('infinity')",
                "CREATE TABLE days (day date NOT NULL) PARTITION BY RANGE (day)",
                "CREATE TABLE days_1 PARTITION OF days FOR VALUES FROM ('2024-01-01') TO ('2024-01-02')",
                "CREATE TABLE plain (id bigint, created_at timestamptz)",
                "CREATE TABLE listed (id bigint, created_at timestamptz) PARTITION BY LIST (id)",
                "CREATE TABLE two_keys (a timestamptz, created_at timestamptz) PARTITION BY RANGE (a, created_at)",
                "CREATE TABLE by_expression (created_at timestamp) PARTITION BY RANGE ((created_at + interval '1 hour'))",
                "CREATE TABLE numbered (created_at bigint) PARTITION BY RANGE (created_at)",
                "CREATE TABLE elsewhere (id bigint, at timestamptz NOT NULL) PARTITION BY RANGE (at)");
    }

    private static TablePartitionConfig config(String table, String column) {
        return TablePartitionConfig.builder().maxClockSkew(Maintenance.MOVED_CLOCK).tableName(table).partitionColumn(column).granularity(PartitionGranularity.DAY).build();
    }

    @Test
    void readsBoundsKindsAndMarkers() {
        PartitionTree tree = provider.readTree(config("events", "created_at"));

        assertThat(tree.keyType()).isEqualTo(PartitionKeyType.TIMESTAMPTZ);
        assertThat(tree.owner()).isEqualTo(db.user());
        assertThat(tree.mayManage()).isTrue();
        assertThat(tree.inRecovery()).isFalse();
        assertThat(tree.partitions()).extracting(PartitionInfo::name)
                .containsExactly("events_old", "events__2024_01", "events_future", "events_default");
        PartitionInfo old = tree.partitions().get(0);
        assertThat(old.lower().kind()).isEqualTo(PartitionBound.Kind.MINVALUE);
        assertThat(old.upper().point()).isEqualTo(KeyPoint.ofInstant(Instant.parse("2024-01-01T00:00:00Z")));
        assertThat(tree.partitions().get(2).upper().kind()).isEqualTo(PartitionBound.Kind.MAXVALUE);
        PartitionInfo january = tree.partitions().get(1);
        assertThat(january.boundExpression()).isEqualTo("FOR VALUES FROM ('2024-01-01 00:00:00+00') TO ('2024-02-01 00:00:00+00')");
        assertThat(january.rowEstimate()).isEqualTo(300);
        assertThat(january.sizeEstimateBytes()).isPositive();
        assertThat(tree.defaultPartition()).get().extracting(PartitionInfo::name).isEqualTo("events_default");
        assertThat(tree.root().lastUpperBound(List.of())).get().extracting(PartitionBound::point).isEqualTo(KeyPoint.ofInstant(Instant.parse("2024-02-01T00:00:00Z")));
        assertThat(tree.markedTables()).singleElement().satisfies(orphan -> {
            assertThat(orphan.name()).isEqualTo("events__2023_06");
            assertThat(orphan.attached()).isFalse();
            assertThat(orphan.marker().state()).isEqualTo(PartitionMarker.State.ORPHAN);
        });
    }

    @Test
    void timestampAndDateKeys() {
        PartitionTree local = provider.readTree(config("local_events", "at"));
        assertThat(local.keyType()).isEqualTo(PartitionKeyType.TIMESTAMP);
        assertThat(local.partitions().get(0).lower().point()).isEqualTo(KeyPoint.ofInstant(Instant.parse("2024-01-01T06:00:00Z")));
        assertThat(local.partitions().get(0).upper().finite()).isFalse();
        PartitionTree days = provider.readTree(config("days", "day"));
        assertThat(days.keyType()).isEqualTo(PartitionKeyType.DATE);
        assertThat(days.partitions().get(0).upper().point()).isEqualTo(KeyPoint.ofInstant(Instant.parse("2024-01-02T00:00:00Z")));
    }

    @Test
    void aDetachPendingPartitionIsSeenAsSuch() throws Exception {
        catalog.exec("CREATE TABLE pending (at timestamptz NOT NULL) PARTITION BY RANGE (at)",
                "CREATE TABLE pending_1 PARTITION OF pending FOR VALUES FROM ('2024-01-01') TO ('2024-02-01')");
        try (Connection reader = db.newDataSource(1).getConnection()) {
            reader.setAutoCommit(false);
            try (Statement statement = reader.createStatement()) {
                statement.executeQuery("SELECT * FROM pending").close();
            }
            try (Connection detacher = db.newDataSource(1).getConnection(); Statement statement = detacher.createStatement()) {
                statement.execute("SET lock_timeout = 200");
                assertThatThrownBy(() -> statement.execute("ALTER TABLE pending DETACH PARTITION pending_1 CONCURRENTLY"))
                        .hasMessageContaining("lock timeout");
            }
            reader.commit();
        }
        assertThat(provider.readTree(config("pending", "at")).partitions()).singleElement().satisfies(partition -> {
            assertThat(partition.attached()).isTrue();
            assertThat(partition.detachPending()).isTrue();
        });
    }

    @Test
    void theSizeIsTheStatisticsEstimateZeroUntilTheTableIsAnalyzed() {
        catalog.exec("CREATE TABLE sized (id bigint NOT NULL, at timestamptz NOT NULL, payload text) PARTITION BY RANGE (at)",
                "CREATE TABLE sized_1 PARTITION OF sized FOR VALUES FROM ('2024-01-01') TO ('2024-02-01') WITH (autovacuum_enabled = false)",
                "INSERT INTO sized SELECT g, '2024-01-01'::timestamptz + g * interval '1 minute', repeat('x', 50) FROM generate_series(1, 500) g");
        long realSize = catalog.queryLong("SELECT pg_relation_size('sized_1')");
        assertThat(realSize).isPositive();

        assertThat(provider.readTree(config("sized", "at")).partitions()).singleElement().extracting(PartitionInfo::sizeEstimateBytes)
                .as("no statistics yet").isEqualTo(0L);

        catalog.exec("ANALYZE sized_1");
        assertThat(provider.readTree(config("sized", "at")).partitions()).singleElement().extracting(PartitionInfo::sizeEstimateBytes)
                .isEqualTo(realSize);
    }

    @Test
    void takesNoLockOnTheTableOrItsPartitions() throws Exception {
        try (Connection holder = db.newDataSource(1).getConnection()) {
            holder.setAutoCommit(false);
            try (Statement statement = holder.createStatement()) {
                statement.execute("LOCK TABLE events IN ACCESS EXCLUSIVE MODE");
                statement.execute("LOCK TABLE events__2024_01 IN ACCESS EXCLUSIVE MODE");
            }
            assertThat(provider.readTree(config("events", "created_at")).partitions()).hasSize(4);
            holder.rollback();
        }
    }

    @Test
    void tablesItCannotManageAreClearErrors() {
        assertThatThrownBy(() -> provider.readTree(TablePartitionConfig.builder().maxClockSkew(Maintenance.MOVED_CLOCK).schema("nowhere").tableName("events").partitionColumn("x")
                .granularity(PartitionGranularity.DAY).build()))
                .isInstanceOf(InvalidParentTableException.class).hasMessage("schema \"nowhere\" of table nowhere.events does not exist");
        assertThatThrownBy(() -> provider.readTree(config("missing", "created_at")))
                .isInstanceOf(InvalidParentTableException.class).hasMessage("table public.missing does not exist");
        assertThatThrownBy(() -> provider.readTree(config("plain", "created_at")))
                .hasMessage("public.plain is not a partitioned table (relkind 'r'); create it with PARTITION BY RANGE (created_at)");
        assertThatThrownBy(() -> provider.readTree(config("listed", "id")))
                .hasMessage("public.listed is partitioned by LIST; its config describes day ranges of id, partitioned by RANGE");
        assertThatThrownBy(() -> provider.readTree(config("two_keys", "created_at")))
                .hasMessage("public.two_keys is partitioned on 2 columns (a, created_at); partsmith manages keys of one column, and (tenant, time)"
                        + " keys of tenants");
        assertThatThrownBy(() -> provider.readTree(config("by_expression", "created_at")))
                .hasMessage("public.by_expression is partitioned on an expression; partsmith manages keys of columns");
        assertThatThrownBy(() -> provider.readTree(config("elsewhere", "created_at")))
                .hasMessage("public.elsewhere is partitioned on column \"at\", not on \"created_at\" as configured (partitionColumn)");
        assertThatThrownBy(() -> provider.readTree(config("numbered", "created_at")))
                .hasMessage("public.numbered is partitioned on \"created_at\" of type bigint; partsmith manages timestamp with time zone,"
                        + " timestamp without time zone and date keys (and bigint keys with epoch: seconds or milliseconds)");
    }

    @Test
    void readsManyTablesInOneGoAsItReadsEachAlone() {
        TablePartitionConfig events = config("events", "created_at");
        TablePartitionConfig otherPrefix = events.toBuilder().markerPrefix("elsewise").build();
        TablePartitionConfig local = config("local_events", "at");
        TablePartitionConfig days = config("days", "day");
        TablePartitionConfig noSchema = TablePartitionConfig.builder().maxClockSkew(Maintenance.MOVED_CLOCK).schema("nowhere").tableName("events").partitionColumn("x")
                .granularity(PartitionGranularity.DAY).build();
        List<TablePartitionConfig> configs = List.of(events, config("missing", "created_at"), local, config("plain", "created_at"),
                noSchema, days, config("elsewhere", "created_at"), otherPrefix);

        Map<TablePartitionConfig, PartitionTree> trees = provider.readTrees(configs);

        assertThat(trees).as("tables readTree refuses are left out").containsOnlyKeys(events, local, days, otherPrefix);
        assertThat(trees.get(events)).usingRecursiveComparison().ignoringFields("databaseTime").isEqualTo(provider.readTree(events));
        assertThat(trees.get(local)).usingRecursiveComparison().ignoringFields("databaseTime").isEqualTo(provider.readTree(local));
        assertThat(trees.get(days)).usingRecursiveComparison().ignoringFields("databaseTime").isEqualTo(provider.readTree(days));
        assertThat(trees.get(events).markedTables()).extracting(PartitionInfo::name).containsExactly("events__2023_06");
        assertThat(trees.get(otherPrefix).markedTables()).as("marked tables are matched with each config's prefix").isEmpty();
        assertThat(provider.readTrees(List.of())).isEmpty();
    }
}
