package dev.partsmith.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.partsmith.config.PartitionGranularity;
import dev.partsmith.lifecycle.MaintenanceResult;
import dev.partsmith.lifecycle.PartitionLifecycleService;
import dev.partsmith.lifecycle.PartitionMaintainer;
import dev.partsmith.postgres.PostgresAdvisoryLockManager;
import dev.partsmith.postgres.PostgresMetadataProvider;
import dev.partsmith.postgres.PostgresPartitionRepository;
import dev.partsmith.test.TestCatalog;
import dev.partsmith.test.TestDatabase;

/**
 * A maintenance run in a JVM of its own is killed with SIGKILL at each point where a step has half
 * happened; the next run, in a new JVM, converges to the planned tree and no row is lost.
 *
 * <p>The table: monthly partitions for January to March 2024 holding rows, the clock at 15 March,
 * create-ahead 3 (March to May), retention 2 (February and March kept, January expires), drop grace
 * 7 days unless a test says otherwise, so that the expired partition's rows stay countable.
 */
class CrashAtEveryStepIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final Instant NOW = Instant.parse("2024-03-15T10:00:00Z");
    private static final TableSpec EVENTS = TableSpec.of("events", "created_at", PartitionGranularity.MONTH, 3, 2, Duration.ofDays(7));
    private static final String ORPHAN_MARKER = "partsmith:orphan at=2024-03-15T10:00:00Z parent=\"public\".\"events\""
            + " table=\"public\".\"events__2024_01\" bounds=FOR VALUES FROM ('2024-01-01 00:00:00+00') TO ('2024-02-01 00:00:00+00')";
    private static final String PENDING_MARKER = "partsmith:pending-attach at=2024-03-15T10:00:00Z parent=\"public\".\"events\""
            + " table=\"public\".\"events__2024_04\" bounds=FOR VALUES FROM ('2024-04-01 00:00:00+00:00') TO ('2024-05-01 00:00:00+00:00')";

    private TestCatalog sql;

    @BeforeEach
    void createTables() {
        sql = new TestCatalog(db.dataSource());
        sql.exec("DROP SCHEMA public CASCADE", "CREATE SCHEMA public",
                "CREATE TABLE events (id bigint NOT NULL, created_at timestamptz NOT NULL, payload text, PRIMARY KEY (id, created_at))"
                        + " PARTITION BY RANGE (created_at)",
                "CREATE TABLE events__2024_01 PARTITION OF events FOR VALUES FROM ('2024-01-01 00:00+00') TO ('2024-02-01 00:00+00')",
                "CREATE TABLE events__2024_02 PARTITION OF events FOR VALUES FROM ('2024-02-01 00:00+00') TO ('2024-03-01 00:00+00')",
                "CREATE TABLE events__2024_03 PARTITION OF events FOR VALUES FROM ('2024-03-01 00:00+00') TO ('2024-04-01 00:00+00')",
                // One row an hour from 1 January to 24 March.
                "INSERT INTO events SELECT g, timestamptz '2024-01-01 00:00+00' + g * interval '1 hour', 'row ' || g FROM generate_series(0, 2000) g");
    }

    @Test
    void killedAfterTheTableWasCreatedBeforeItWasAttached() {
        long rowsBefore = sql.rowsInSchema("public");

        try (ChildJvm child = ChildJvm.start("crash-after-create", db, "crash-after-create", 1, PausingRepository.Point.AFTER_CREATE,
                List.of(EVENTS))) {
            child.send("RUN 1 " + NOW);
            assertThat(child.awaitLine(line -> line.startsWith(PausingRepository.PAUSED), Duration.ofSeconds(60)))
                    .isEqualTo("@@PAUSED AFTER_CREATE public.events__2024_04");
            assertThat(sql.exists("public", "events__2024_04")).isTrue();
            assertThat(sql.isPartition("public", "events__2024_04")).isFalse();
            assertThat(sql.comment("public", "events__2024_04")).isEqualTo(PENDING_MARKER);
            assertThat(child.kill()).as("killed by SIGKILL").isEqualTo(ChildJvm.SIGKILLED);
        }
        awaitGone("crash-after-create");

        ChildResult next = runOnceInNewJvm("after-create-next");

        assertThat(next.outcome()).as(String.valueOf(next.error())).isEqualTo(MaintenanceResult.Outcome.SUCCESS);
        assertThat(next.created()).as("the leftover table is adopted and attached, May is created").isEqualTo(2);
        assertThat(next.detached()).isEqualTo(1);
        assertConverged(true);
        assertThat(sql.rowsInSchema("public")).isEqualTo(rowsBefore);
    }

    @Test
    void killedAfterTheOrphanMarkerWasWrittenBeforeTheDetach() {
        long rowsBefore = sql.rowsInSchema("public");

        try (ChildJvm child = ChildJvm.start("crash-after-mark", db, "crash-after-mark", 1, PausingRepository.Point.AFTER_MARK,
                List.of(EVENTS))) {
            child.send("RUN 1 " + NOW);
            assertThat(child.awaitLine(line -> line.startsWith(PausingRepository.PAUSED), Duration.ofSeconds(60)))
                    .isEqualTo("@@PAUSED AFTER_MARK public.events__2024_01");
            assertThat(sql.isPartition("public", "events__2024_01")).as("marked, still attached").isTrue();
            assertThat(sql.comment("public", "events__2024_01")).isEqualTo(ORPHAN_MARKER);
            assertThat(child.kill()).isEqualTo(ChildJvm.SIGKILLED);
        }
        awaitGone("crash-after-mark");

        ChildResult next = runOnceInNewJvm("after-mark-next");

        assertThat(next.outcome()).as(String.valueOf(next.error())).isEqualTo(MaintenanceResult.Outcome.SUCCESS);
        assertThat(next.created()).as("April and May were created before the crash").isZero();
        assertThat(next.detached()).isEqualTo(1);
        assertConverged(true);
        assertThat(sql.rowsInSchema("public")).isEqualTo(rowsBefore);
    }

    @Test
    void killedWhileDetachConcurrentlyIsPending() throws Exception {
        long rowsBefore = sql.rowsInSchema("public");
        String app = "crash-detach-pending";
        try (Connection reader = db.newDataSource(1).getConnection()) {
            // An open transaction that has read the parent: DETACH CONCURRENTLY's second phase waits for it.
            reader.setAutoCommit(false);
            try (Statement statement = reader.createStatement()) {
                statement.executeQuery("SELECT count(*) FROM events").close();
            }
            try (ChildJvm child = ChildJvm.start(app, db, app, 1, null,
                    List.of(EVENTS.withLockTimeout(Duration.ofSeconds(3), Duration.ofSeconds(30))))) {
                child.send("RUN 1 " + NOW);
                await().atMost(Duration.ofSeconds(60)).until(() -> !child.isAlive()
                        || sql.backendRunning(app, "ALTER TABLE \"public\".\"events\" DETACH PARTITION \"public\".\"events__2024_01\"", true) != null
                                && sql.detachPending("public", "events__2024_01"));
                assertThat(child.isAlive()).as(child.tail()).isTrue();
                assertThat(child.kill()).isEqualTo(ChildJvm.SIGKILLED);
            }
            // The orphaned backend's wait ends at its lock_timeout; it then finds its client gone and exits.
            awaitGone(app);
            assertThat(sql.detachPending("public", "events__2024_01")).as("the crash left the detach pending").isTrue();
            reader.commit();
        }

        ChildResult next = runOnceInNewJvm("detach-pending-next");

        assertThat(next.outcome()).as(String.valueOf(next.error())).isEqualTo(MaintenanceResult.Outcome.SUCCESS);
        assertThat(next.detached()).as("the pending detach is finalized").isEqualTo(1);
        assertConverged(true);
        assertThat(sql.rowsInSchema("public")).isEqualTo(rowsBefore);
    }

    @Test
    void killedWhileRowsAreMovedOutOfDefault() {
        sql.exec("CREATE TABLE events_default PARTITION OF events DEFAULT",
                // April's rows, there before April's partition: they wait in DEFAULT, with a row of no partition,
                // which keeps the DEFAULT from becoming April's partition: the rows are moved.
                "INSERT INTO events SELECT 100000 + g, timestamptz '2024-04-01 00:00+00' + g * interval '5 seconds', 'april'"
                        + " FROM generate_series(0, 299999) g",
                "INSERT INTO events VALUES (1, '2019-01-01 00:00+00', 'old')");
        long rowsBefore = sql.rowsInSchema("public");
        String app = "crash-move";

        try (ChildJvm child = ChildJvm.start(app, db, app, 1, null, List.of(EVENTS))) {
            child.send("RUN 1 " + NOW);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10))
                    .until(() -> !child.isAlive() || sql.backendRunning(app, "WITH moved AS (DELETE FROM", false) != null);
            assertThat(child.isAlive()).as(child.tail()).isTrue();
            assertThat(child.kill()).isEqualTo(ChildJvm.SIGKILLED);
        }
        // The backend finishes its statement, finds its client gone and rolls the move back.
        awaitGone(app);
        assertThat(sql.count("events_default")).as("every row is back in DEFAULT").isEqualTo(300_001);
        assertThat(sql.isPartition("public", "events__2024_04")).isFalse();
        assertThat(sql.comment("public", "events__2024_04")).isEqualTo(PENDING_MARKER);
        assertThat(sql.rowsInSchema("public")).isEqualTo(rowsBefore);

        ChildResult next = runOnceInNewJvm("move-next");

        assertThat(next.outcome()).as(String.valueOf(next.error())).isEqualTo(MaintenanceResult.Outcome.SUCCESS);
        assertThat(next.moved()).isEqualTo(300_000);
        assertConverged(true, "events_default");
        assertThat(sql.count("events_default")).as("the row of no partition").isEqualTo(1);
        assertThat(sql.count("events__2024_04")).isEqualTo(300_000);
        assertThat(sql.rowsInSchema("public")).isEqualTo(rowsBefore);
    }

    @Test
    void killedAfterTheDetachBeforeTheDrop() {
        TableSpec dropAtOnce = TableSpec.of("events", "created_at", PartitionGranularity.MONTH, 3, 2, Duration.ZERO);
        long rowsBefore = sql.rowsInSchema("public");
        long januaryRows = sql.count("events__2024_01");

        try (ChildJvm child = ChildJvm.start("crash-after-detach", db, "crash-after-detach", 1, PausingRepository.Point.AFTER_DETACH,
                List.of(dropAtOnce))) {
            child.send("RUN 1 " + NOW);
            assertThat(child.awaitLine(line -> line.startsWith(PausingRepository.PAUSED), Duration.ofSeconds(60)))
                    .isEqualTo("@@PAUSED AFTER_DETACH public.events__2024_01");
            assertThat(sql.isPartition("public", "events__2024_01")).isFalse();
            assertThat(sql.comment("public", "events__2024_01")).isEqualTo(ORPHAN_MARKER);
            assertThat(child.kill()).isEqualTo(ChildJvm.SIGKILLED);
        }
        awaitGone("crash-after-detach");
        assertThat(sql.count("events__2024_01")).as("the detached table kept its rows").isEqualTo(januaryRows);

        ChildResult next = runOnceInNewJvm("after-detach-next", dropAtOnce);

        assertThat(next.outcome()).as(String.valueOf(next.error())).isEqualTo(MaintenanceResult.Outcome.SUCCESS);
        assertThat(next.dropped()).as("the orphan is dropped by the next run").isEqualTo(1);
        assertThat(sql.exists("public", "events__2024_01")).isFalse();
        assertConverged(false);
        assertThat(sql.rowsInSchema("public")).as("only the expired partition's rows are gone").isEqualTo(rowsBefore - januaryRows);
    }

    private ChildResult runOnceInNewJvm(String name) {
        return runOnceInNewJvm(name, EVENTS);
    }

    private ChildResult runOnceInNewJvm(String name, TableSpec spec) {
        try (ChildJvm child = ChildJvm.start(name, db, name, 1, null, List.of(spec))) {
            List<ChildResult> results = child.runRound(2, NOW, Duration.ofSeconds(120));
            assertThat(child.exit()).isZero();
            assertThat(results).hasSize(1);
            return results.get(0);
        }
    }

    /** Waits until the killed JVM's sessions are gone, and with them its advisory lock. */
    private void awaitGone(String application) {
        await().atMost(Duration.ofSeconds(60)).until(() -> sql.backends(application) == 0);
        assertThat(sql.advisoryLocks()).as("the killed maintainer's lock died with its session").isZero();
    }

    /** The planned tree: February to May attached; January detached and marked, or dropped. */
    private void assertConverged(boolean januaryKeptAsOrphan, String... others) {
        Map<String, String> expected = new TreeMap<>(Map.ofEntries(
                entry("events__2024_02", "FOR VALUES FROM ('2024-02-01 00:00:00+00') TO ('2024-03-01 00:00:00+00')"),
                entry("events__2024_03", "FOR VALUES FROM ('2024-03-01 00:00:00+00') TO ('2024-04-01 00:00:00+00')"),
                entry("events__2024_04", "FOR VALUES FROM ('2024-04-01 00:00:00+00') TO ('2024-05-01 00:00:00+00')"),
                entry("events__2024_05", "FOR VALUES FROM ('2024-05-01 00:00:00+00') TO ('2024-06-01 00:00:00+00')")));
        for (String other : others) {
            expected.put(other, "DEFAULT");
        }
        assertThat(sql.bounds("events")).containsExactlyEntriesOf(expected);
        if (januaryKeptAsOrphan) {
            assertThat(sql.isPartition("public", "events__2024_01")).isFalse();
            assertThat(sql.comment("public", "events__2024_01")).isEqualTo(ORPHAN_MARKER);
        }
        assertThat(sql.count("pg_class WHERE starts_with(obj_description(oid, 'pg_class'), 'partsmith:pending-attach')"))
                .as("no table is left waiting for its attach").isZero();
        assertThat(sql.advisoryLocks()).isZero();
        PartitionMaintainer maintainer = new PartitionMaintainer(new PartitionLifecycleService(new PostgresPartitionRepository(db.dataSource()),
                new PostgresMetadataProvider(db.dataSource()), new PostgresAdvisoryLockManager(db.dataSource()), List.of(),
                Clock.fixed(NOW, ZoneOffset.UTC)));
        assertThat(maintainer.plan(EVENTS.config()).operations()).as("nothing is left to do").isEmpty();
    }
}
