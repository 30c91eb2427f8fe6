package dev.partsmith.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.dao.DataIntegrityViolationException;
import org.threeten.extra.MutableClock;

import dev.partsmith.catalog.PartitionBounds;
import dev.partsmith.catalog.QualifiedName;
import dev.partsmith.config.PartitionGranularity;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.lifecycle.MaintenanceResult;
import dev.partsmith.lifecycle.PartitionLifecycleService;
import dev.partsmith.lifecycle.PartitionMaintainer;
import dev.partsmith.postgres.PostgresAdvisoryLockManager;
import dev.partsmith.postgres.PostgresMetadataProvider;
import dev.partsmith.postgres.PostgresPartitionRepository;
import dev.partsmith.test.TestCatalog;
import dev.partsmith.test.TestDatabase;

/**
 * A DEFAULT partition that holds many rows, all of a new partition's range, becomes that partition,
 * and an empty table the DEFAULT: no row moves, and what the application writes meanwhile (rows of
 * the range, updates, deletes, before, between and during the steps) lands where it belongs.
 */
class DefaultPartitionSwapIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final String ROWS = "md5(string_agg(id || created_at::text || doubled || note, ',' ORDER BY id))";

    private final MutableClock clock = MutableClock.of(Instant.parse("2024-03-15T10:00:00Z"), ZoneOffset.UTC);
    private final List<Connection> readers = new ArrayList<>();
    /** A thread for each task: the run and the writes waiting behind it all wait at once. */
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private TestCatalog catalog;

    private static TablePartitionConfig config(Duration lockTimeout, Duration retryBudget) {
        return TablePartitionConfig.builder().maxClockSkew(Maintenance.MOVED_CLOCK).tableName("events").partitionColumn("created_at")
                .granularity(PartitionGranularity.MONTH).createAheadCount(2).lockTimeout(lockTimeout).retryBudget(retryBudget).build();
    }

    private static final TablePartitionConfig CONFIG = config(Duration.ofSeconds(30), Duration.ofSeconds(60));

    @BeforeEach
    void createTables() {
        catalog = new TestCatalog(db.dataSource());
        catalog.exec("DROP TABLE IF EXISTS events",
                "CREATE TABLE events (id bigint GENERATED ALWAYS AS IDENTITY, created_at timestamptz NOT NULL,"
                        + " doubled bigint GENERATED ALWAYS AS (id * 2) STORED, note text, PRIMARY KEY (id, created_at))"
                        + " PARTITION BY RANGE (created_at)",
                "CREATE INDEX events_note ON events (note)",
                "CREATE TABLE events_default PARTITION OF events DEFAULT",
                "COMMENT ON TABLE events_default IS 'rows without a partition'");
    }

    @AfterEach
    void closeReadersAndThreads() throws Exception {
        threads.shutdownNow();
        for (Connection reader : readers) {
            reader.close();
        }
    }

    private void insertMonth(String month, int rows) {
        catalog.exec("INSERT INTO events (created_at, note) SELECT timestamptz '" + month + "-01' + g * interval '1 minute', 'stray'"
                + " FROM generate_series(0, " + (rows - 1) + ") g");
    }

    private long oid(String table) {
        return catalog.jdbc().queryForObject("SELECT ?::regclass::oid::bigint", Long.class, table);
    }

    private static PartitionMaintainer maintainer(PostgresPartitionRepository repository, MutableClock clock) {
        return new PartitionMaintainer(new PartitionLifecycleService(repository, new PostgresMetadataProvider(db.dataSource()),
                new PostgresAdvisoryLockManager(db.dataSource()), List.of(), clock));
    }

    private void assertSwappedAndTidy(String partition, long oldDefault) {
        assertThat(oid(partition)).as("the old DEFAULT table is the partition: its rows never moved").isEqualTo(oldDefault);
        assertThat(catalog.bounds("events")).containsEntry("events_default", "DEFAULT");
        assertThat(catalog.count("pg_constraint WHERE conname = 'partsmith_default_drain'")).as("no CHECK is left behind").isZero();
        assertThat(catalog.comment("public", partition)).isNull();
        assertThat(catalog.comment("public", "events_default")).isEqualTo("rows without a partition");
        for (String table : List.of(partition, "events_default")) {
            assertThat(catalog.count("pg_index x JOIN pg_inherits i ON i.inhrelid = x.indexrelid WHERE x.indrelid = '" + table + "'::regclass"))
                    .as("the primary key and the index of %s are the parent's", table).isEqualTo(2);
        }
        assertThat(maintainer(new PostgresPartitionRepository(db.dataSource()), clock).plan(CONFIG).operations())
                .as("nothing is left to do").isEmpty();
    }

    @Test
    void theDefaultBecomesThePartitionWithEveryRowUnchanged() {
        insertMonth("2024-03", 20_000);
        String before = catalog.jdbc().queryForObject("SELECT " + ROWS + " FROM events", String.class);
        long oldDefault = oid("events_default");

        MaintenanceResult result = Maintenance.maintainer(db.dataSource(), clock).runMaintenance(CONFIG);

        assertThat(result.success()).as(String.valueOf(result.error())).isTrue();
        assertThat(result.createdCount()).isEqualTo(2);
        assertThat(result.movedRowCount()).as("rows that left DEFAULT").isEqualTo(20_000);
        assertThat(catalog.count("ONLY events__2024_03")).isEqualTo(20_000);
        assertThat(catalog.count("ONLY events_default")).isZero();
        assertThat(catalog.jdbc().queryForObject("SELECT " + ROWS + " FROM events", String.class)).isEqualTo(before);
        assertSwappedAndTidy("events__2024_03", oldDefault);
        catalog.exec("INSERT INTO events (created_at, note) VALUES ('2030-01-01', 'far'), ('2024-03-20', 'march')");
        assertThat(catalog.jdbc().queryForList("SELECT note FROM ONLY events_default", String.class)).containsExactly("far");
    }

    @Test
    void writesBetweenTheStepsLandInThePartitionAndARowOutsideTheRangeIsRefusedMeanwhile() {
        insertMonth("2024-03", 20_000);
        long oldDefault = oid("events_default");
        List<Throwable> refused = new ArrayList<>();
        PostgresPartitionRepository repository = new PostgresPartitionRepository(db.dataSource()) {
            @Override
            protected void addDrainCheck(TablePartitionConfig config, QualifiedName parent, QualifiedName defaultPartition, QualifiedName partition,
                    PartitionBounds bounds) {
                super.addDrainCheck(config, parent, defaultPartition, partition, bounds);
                write("checked");
            }

            @Override
            protected long validateDrainCheck(TablePartitionConfig config, QualifiedName defaultPartition, QualifiedName partition) {
                long rows = super.validateDrainCheck(config, defaultPartition, partition);
                write("validated");
                return rows;
            }

            private void write(String step) {
                catalog.exec("INSERT INTO events (created_at, note) VALUES ('2024-03-31 23:59:59.999999+00', 'inserted " + step + "')",
                        "UPDATE events SET note = 'updated " + step + "' WHERE id = (SELECT min(id) FROM events WHERE note = 'stray')",
                        "DELETE FROM events WHERE id = (SELECT max(id) FROM events WHERE note = 'stray')");
                try {
                    catalog.exec("INSERT INTO events (created_at, note) VALUES ('2030-01-01', 'far " + step + "')");
                }
                catch (RuntimeException ex) {
                    refused.add(ex);
                }
            }
        };

        MaintenanceResult result = maintainer(repository, clock).runMaintenance(CONFIG);

        assertThat(result.success()).as(String.valueOf(result.error())).isTrue();
        assertThat(catalog.count("ONLY events__2024_03")).isEqualTo(20_000);
        assertThat(catalog.jdbc().queryForList("SELECT note FROM ONLY events__2024_03 WHERE note <> 'stray' ORDER BY note", String.class))
                .containsExactly("inserted checked", "inserted validated", "updated checked", "updated validated");
        assertThat(refused).as("a row of no partition routed to DEFAULT while its CHECK stands").hasSize(2).allSatisfy(ex -> assertThat(ex)
                .isInstanceOf(DataIntegrityViolationException.class).hasMessageContaining("partsmith_default_drain"));
        assertSwappedAndTidy("events__2024_03", oldDefault);
    }

    @Test
    void writesWaitingForTheSwapRunAgainstTheNewPartitions() throws Exception {
        insertMonth("2024-03", 20_000);
        long oldDefault = oid("events_default");
        PostgresPartitionRepository repository = new PostgresPartitionRepository(db.dataSource()) {
            @Override
            protected long validateDrainCheck(TablePartitionConfig config, QualifiedName defaultPartition, QualifiedName partition) {
                long rows = super.validateDrainCheck(config, defaultPartition, partition);
                // A reader of the parent alone: the swap waits for it, and the writes below wait behind the swap.
                readers.add(reader("ONLY events"));
                return rows;
            }
        };
        CompletableFuture<MaintenanceResult> run = CompletableFuture.supplyAsync(() -> maintainer(repository, clock).runMaintenance(CONFIG), threads);
        await().until(() -> catalog.count("pg_locks l JOIN pg_class c ON c.oid = l.relation"
                + " WHERE c.relname = 'events' AND l.mode = 'AccessExclusiveLock' AND NOT l.granted") == 1);

        List<CompletableFuture<Integer>> writes = List.of(
                CompletableFuture.supplyAsync(() -> catalog.jdbc().update("INSERT INTO events (created_at, note) VALUES ('2024-03-09', 'inserted')"), threads),
                CompletableFuture.supplyAsync(() -> catalog.jdbc().update("UPDATE events SET note = 'updated' WHERE id = 1"), threads),
                CompletableFuture.supplyAsync(() -> catalog.jdbc().update("DELETE FROM events WHERE id = 2"), threads),
                CompletableFuture.supplyAsync(() -> catalog.jdbc().update("INSERT INTO events (created_at, note) VALUES ('2031-01-01', 'far')"), threads));
        await().until(() -> catalog.count("pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = 'events' AND NOT l.granted") == 5);
        readers.get(0).commit();

        MaintenanceResult result = run.get();
        assertThat(result.success()).as(String.valueOf(result.error())).isTrue();
        for (CompletableFuture<Integer> write : writes) {
            assertThat(write.get()).as("each write found its row or placed it").isEqualTo(1);
        }
        assertThat(catalog.count("ONLY events__2024_03")).isEqualTo(20_000);
        assertThat(catalog.jdbc().queryForList("SELECT note FROM ONLY events__2024_03 WHERE note <> 'stray' ORDER BY note", String.class))
                .containsExactly("inserted", "updated");
        assertThat(catalog.count("events WHERE id = 2")).isZero();
        assertThat(catalog.jdbc().queryForList("SELECT note FROM ONLY events_default", String.class)).containsExactly("far");
        assertSwappedAndTidy("events__2024_03", oldDefault);
    }

    @Test
    void aQueryHoldingTheDefaultAloneIsWaitedForWithoutHoldingTheParent() throws Exception {
        catalog.exec("CREATE TABLE events_february PARTITION OF events FOR VALUES FROM ('2024-02-01 00:00+00') TO ('2024-03-01 00:00+00')");
        insertMonth("2024-03", 20_000);
        long oldDefault = oid("events_default");
        PostgresPartitionRepository repository = new PostgresPartitionRepository(db.dataSource()) {
            @Override
            protected long validateDrainCheck(TablePartitionConfig config, QualifiedName defaultPartition, QualifiedName partition) {
                long rows = super.validateDrainCheck(config, defaultPartition, partition);
                readers.add(reader("ONLY events_default"));
                return rows;
            }
        };
        CompletableFuture<MaintenanceResult> run = CompletableFuture.supplyAsync(() -> maintainer(repository, clock).runMaintenance(CONFIG), threads);
        await().until(() -> catalog.count("pg_locks l JOIN pg_class c ON c.oid = l.relation"
                + " WHERE c.relname = 'events_default' AND l.mode = 'AccessExclusiveLock' AND NOT l.granted") == 1);

        assertThat(catalog.count("pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = 'events'"
                + " AND l.pid IN (SELECT pid FROM pg_locks WHERE NOT granted)"))
                .as("the session waiting for the DEFAULT holds no lock on the parent").isZero();
        try (Connection writer = db.newDataSource(1).getConnection(); Statement statement = writer.createStatement()) {
            statement.execute("SET statement_timeout = '20s'");
            statement.execute("INSERT INTO events (created_at, note) VALUES ('2024-02-10', 'february')");
        }
        assertThat(catalog.count("ONLY events_february")).as("writers of other partitions are not held up").isEqualTo(1);
        assertThat(run).isNotDone();
        readers.get(0).commit();

        MaintenanceResult result = run.get();
        assertThat(result.success()).as(String.valueOf(result.error())).isTrue();
        assertThat(oid("events__2024_03")).isEqualTo(oldDefault);
        assertThat(catalog.count("ONLY events__2024_03")).isEqualTo(20_000);
        assertThat(catalog.count("pg_constraint WHERE conname = 'partsmith_default_drain'")).isZero();
    }

    @Test
    void rowsOfManyPeriodsAreMovedUntilOnlyOneIsLeftWhichTheDefaultBecomes() {
        insertMonth("2024-03", 15_000);
        insertMonth("2024-04", 15_000);
        String before = catalog.jdbc().queryForObject("SELECT " + ROWS + " FROM events", String.class);
        long oldDefault = oid("events_default");

        MaintenanceResult result = Maintenance.maintainer(db.dataSource(), clock).runMaintenance(CONFIG);

        assertThat(result.success()).as(String.valueOf(result.error())).isTrue();
        assertThat(result.movedRowCount()).isEqualTo(30_000);
        assertThat(catalog.count("ONLY events__2024_03")).isEqualTo(15_000);
        assertThat(catalog.count("ONLY events__2024_04")).isEqualTo(15_000);
        assertThat(catalog.count("ONLY events_default")).isZero();
        assertThat(catalog.jdbc().queryForObject("SELECT " + ROWS + " FROM events", String.class)).isEqualTo(before);
        assertSwappedAndTidy("events__2024_04", oldDefault);
    }

    @Test
    void aRowOfNoPartitionKeepsTheDefaultAndTheRowsAreMoved() {
        insertMonth("2024-03", 15_000);
        catalog.exec("INSERT INTO events (created_at, note) VALUES ('2019-01-01', 'old')");
        long oldDefault = oid("events_default");

        MaintenanceResult result = Maintenance.maintainer(db.dataSource(), clock).runMaintenance(CONFIG);

        assertThat(result.success()).as(String.valueOf(result.error())).isTrue();
        assertThat(result.movedRowCount()).isEqualTo(15_000);
        assertThat(oid("events_default")).isEqualTo(oldDefault);
        assertThat(catalog.jdbc().queryForList("SELECT note FROM ONLY events_default", String.class)).containsExactly("old");
        assertThat(catalog.count("ONLY events__2024_03")).isEqualTo(15_000);
    }

    @Test
    void aForeignKeyReferencingTheTableKeepsTheDefaultAndItsReferencedRows() {
        insertMonth("2024-03", 15_000);
        catalog.exec("DROP TABLE IF EXISTS comments",
                "CREATE TABLE comments (event_id bigint, event_at timestamptz,"
                        + " CONSTRAINT comments_event_fk FOREIGN KEY (event_id, event_at) REFERENCES events ON DELETE CASCADE)",
                "INSERT INTO comments SELECT id, created_at FROM events WHERE id = 1");
        long oldDefault = oid("events_default");
        try {
            MaintenanceResult result = Maintenance.maintainer(db.dataSource(), clock).runMaintenance(CONFIG);

            assertThat(result.success()).isFalse();
            assertThat(result.error()).contains("1 of them is referenced by rows of public.comments through foreign key comments_event_fk");
            assertThat(oid("events_default")).isEqualTo(oldDefault);
            assertThat(catalog.count("ONLY events_default")).isEqualTo(15_000);
            assertThat(catalog.count("comments")).isEqualTo(1);
            assertThat(catalog.count("pg_constraint WHERE conname = 'partsmith_default_drain'")).isZero();
        }
        finally {
            catalog.exec("DROP TABLE comments");
        }
    }

    @Test
    void aSwapThatCannotLockTheParentLeavesTheDefaultAsItWasForTheNextRun() throws Exception {
        insertMonth("2024-03", 20_000);
        long oldDefault = oid("events_default");
        TablePartitionConfig config = config(Duration.ofMillis(100), Duration.ofMillis(500));
        PostgresPartitionRepository repository = new PostgresPartitionRepository(db.dataSource()) {
            @Override
            protected long validateDrainCheck(TablePartitionConfig config, QualifiedName defaultPartition, QualifiedName partition) {
                long rows = super.validateDrainCheck(config, defaultPartition, partition);
                readers.add(reader("ONLY events"));
                return rows;
            }
        };

        MaintenanceResult result = maintainer(repository, clock).runMaintenance(config);

        assertThat(result.success()).isFalse();
        assertThat(result.error()).contains("swap DEFAULT partition public.events_default for public.events__2024_03")
                .contains("could not get its locks within lock_timeout");
        readers.get(0).rollback();
        assertThat(catalog.isPartition("public", "events__2024_03")).isFalse();
        assertThat(catalog.count("ONLY events_default")).isEqualTo(20_000);
        assertThat(catalog.count("pg_constraint WHERE conname = 'partsmith_default_drain'")).as("the CHECK is removed again").isZero();
        catalog.exec("INSERT INTO events (created_at, note) VALUES ('2030-01-01', 'far')");

        MaintenanceResult next = Maintenance.maintainer(db.dataSource(), clock).runMaintenance(CONFIG);
        assertThat(next.success()).as(String.valueOf(next.error())).isTrue();
        assertThat(oid("events_default")).as("with a row of no partition in DEFAULT, the rows move").isEqualTo(oldDefault);
        assertThat(catalog.count("ONLY events__2024_03")).isEqualTo(20_000);
        assertThat(catalog.jdbc().queryForList("SELECT note FROM ONLY events_default", String.class)).containsExactly("far");
    }

    @Test
    void aLeftoverCheckIsRemovedBeforeTheNextAttach() {
        insertMonth("2024-03", 100);
        catalog.exec("ALTER TABLE events_default ADD CONSTRAINT partsmith_default_drain"
                + " CHECK (created_at >= '2024-03-01 00:00:00+00' AND created_at < '2024-04-01 00:00:00+00') NOT VALID");

        MaintenanceResult result = Maintenance.maintainer(db.dataSource(), clock).runMaintenance(CONFIG);

        assertThat(result.success()).as(String.valueOf(result.error())).isTrue();
        assertThat(catalog.count("pg_constraint WHERE conname = 'partsmith_default_drain'")).isZero();
        catalog.exec("INSERT INTO events (created_at, note) VALUES ('2030-01-01', 'far')");
        assertThat(catalog.jdbc().queryForList("SELECT note FROM ONLY events_default", String.class)).containsExactly("far");
        assertThat(catalog.count("ONLY events__2024_03")).isEqualTo(100);
    }

    /** Another client's open transaction that has read {@code relation}: it holds ACCESS SHARE on it. */
    private static Connection reader(String relation) {
        try {
            Connection reader = db.newDataSource(1).getConnection();
            reader.setAutoCommit(false);
            try (Statement statement = reader.createStatement(); ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + relation)) {
                rows.next();
            }
            return reader;
        }
        catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }
}
