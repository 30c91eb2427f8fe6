package dev.partsmith.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.threeten.extra.MutableClock;

import dev.partsmith.config.PartitionGranularity;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.lifecycle.MaintenanceResult;
import dev.partsmith.test.TestCatalog;
import dev.partsmith.test.TestDatabase;

/**
 * A long query holds the DEFAULT partition while a new partition is due: partsmith waits for the
 * DEFAULT without holding the parent, so inserts into other partitions keep going.
 */
class BusyDefaultPartitionIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private final MutableClock clock = MutableClock.of(Instant.parse("2024-03-15T10:00:00Z"), ZoneOffset.UTC);
    private TestCatalog catalog;

    @BeforeEach
    void createTable() {
        catalog = new TestCatalog(db.dataSource());
        catalog.exec("DROP TABLE IF EXISTS events",
                "CREATE TABLE events (id bigint, created_at timestamptz NOT NULL) PARTITION BY RANGE (created_at)",
                "CREATE TABLE events_default PARTITION OF events DEFAULT",
                "CREATE TABLE events_march PARTITION OF events FOR VALUES FROM ('2024-03-01 00:00:00+00') TO ('2024-04-01 00:00:00+00')");
    }

    private static TablePartitionConfig config(Duration lockTimeout) {
        return TablePartitionConfig.builder().maxClockSkew(Maintenance.MOVED_CLOCK).tableName("events").partitionColumn("created_at").granularity(PartitionGranularity.MONTH)
                .createAheadCount(2).lockTimeout(lockTimeout).retryBudget(Duration.ofSeconds(60)).build();
    }

    /** Another client's open transaction that has read {@code relation}: it holds ACCESS SHARE on it (and, for the parent, on every partition). */
    private static Connection reader(String relation) throws Exception {
        Connection reader = db.newDataSource(1).getConnection();
        reader.setAutoCommit(false);
        try (Statement statement = reader.createStatement(); ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + relation)) {
            rows.next();
        }
        return reader;
    }

    @Test
    void waitsForAReaderOfTheDefaultWithoutLockingTheParent() throws Exception {
        Connection reader = reader("events_default");
        // A lock_timeout far longer than the test: if partsmith waited while holding the parent, the insert below would hang.
        CompletableFuture<MaintenanceResult> run = CompletableFuture.supplyAsync(
                () -> Maintenance.maintainer(db.dataSource(), clock).runMaintenance(config(Duration.ofSeconds(30))));
        await().until(() -> catalog.count("pg_locks l JOIN pg_class c ON c.oid = l.relation"
                + " WHERE c.relname = 'events_default' AND l.mode = 'AccessExclusiveLock' AND NOT l.granted") == 1);

        assertThat(catalog.count("pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = 'events'"
                + " AND l.pid IN (SELECT pid FROM pg_locks WHERE NOT granted)"))
                .as("the session waiting for the DEFAULT holds no lock on the parent").isZero();
        try (Connection writer = db.newDataSource(1).getConnection(); Statement statement = writer.createStatement()) {
            statement.execute("SET statement_timeout = '20s'");
            statement.execute("INSERT INTO events VALUES (1, '2024-03-20 10:00:00+00')");
        }
        assertThat(catalog.count("ONLY events_march")).as("writers of other partitions are not held up").isEqualTo(1);
        assertThat(run).isNotDone();

        reader.commit();
        reader.close();
        MaintenanceResult result = run.get();

        assertThat(result.success()).as(String.valueOf(result.error())).isTrue();
        assertThat(result.createdCount()).isEqualTo(1);
        assertThat(catalog.bounds("events")).containsEntry("events__2024_04",
                "FOR VALUES FROM ('2024-04-01 00:00:00+00') TO ('2024-05-01 00:00:00+00')");
    }

    @Test
    void aReaderOfTheParentDelaysTheAttachButNotTheWriters() throws Exception {
        Connection reader = reader("events");
        CompletableFuture<MaintenanceResult> run = CompletableFuture.supplyAsync(
                () -> Maintenance.maintainer(db.dataSource(), clock).runMaintenance(config(Duration.ofSeconds(30))));
        await().until(() -> catalog.count("pg_locks l JOIN pg_class c ON c.oid = l.relation"
                + " WHERE c.relname = 'events_default' AND l.mode = 'AccessExclusiveLock' AND NOT l.granted") == 1);

        try (Connection writer = db.newDataSource(1).getConnection(); Statement statement = writer.createStatement()) {
            statement.execute("SET statement_timeout = '20s'");
            statement.execute("INSERT INTO events VALUES (2, '2024-03-21 10:00:00+00')");
        }
        assertThat(run).isNotDone();
        reader.commit();
        reader.close();

        MaintenanceResult result = run.get();
        assertThat(result.success()).as(String.valueOf(result.error())).isTrue();
        assertThat(catalog.partitions("events")).contains("events__2024_04");
        assertThat(catalog.count("events")).isEqualTo(1);
    }

    @Test
    void aDefaultHeldPastTheBudgetIsReportedAndLeftForTheNextRun() throws Exception {
        TablePartitionConfig config = TablePartitionConfig.builder().maxClockSkew(Maintenance.MOVED_CLOCK).tableName("events").partitionColumn("created_at")
                .granularity(PartitionGranularity.MONTH).createAheadCount(2).lockTimeout(Duration.ofMillis(100))
                .retryBudget(Duration.ofMillis(500)).build();
        try (Connection reader = reader("events_default")) {
            MaintenanceResult result = Maintenance.maintainer(db.dataSource(), clock).runMaintenance(config);

            assertThat(result.success()).isFalse();
            assertThat(result.error()).contains("ATTACH PARTITION public.events__2024_04").contains("could not get its locks within lock_timeout");
            reader.rollback();
        }
        assertThat(catalog.partitions("events")).doesNotContain("events__2024_04");
        MaintenanceResult next = Maintenance.maintainer(db.dataSource(), clock).runMaintenance(config);
        assertThat(next.createdCount()).as("the created table is attached by the next run").isEqualTo(1);
        assertThat(catalog.partitions("events")).contains("events__2024_04");
    }
}
