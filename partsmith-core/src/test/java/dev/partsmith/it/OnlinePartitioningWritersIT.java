package dev.partsmith.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.partsmith.catalog.QualifiedName;
import dev.partsmith.config.MaintenanceSettings;
import dev.partsmith.config.PartitionGranularity;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.migration.CopyBatch;
import dev.partsmith.migration.MigrationListener;
import dev.partsmith.migration.MigrationOptions;
import dev.partsmith.migration.MigrationRequest;
import dev.partsmith.migration.MigrationResult;
import dev.partsmith.migration.MigrationStep;
import dev.partsmith.migration.TableMigrator;
import dev.partsmith.postgres.PostgresAdvisoryLockManager;
import dev.partsmith.postgres.PostgresMigrationRepository;
import dev.partsmith.test.TestCatalog;
import dev.partsmith.test.TestDatabase;

/**
 * Writers keep inserting, updating (the partition key too) and deleting rows, copied ones and ones not
 * copied yet, from before the migration starts until after its swap. Each writer owns its own ids and
 * records every write that committed; afterwards the table holds exactly what the writers' records say,
 * row for row, and no write failed.
 */
class OnlinePartitioningWritersIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase(20);

    private static final int WRITERS = 4;
    private static final int ROWS = 6000;

    @Test
    void partitioningWithWritersRunningLosesNoInsertUpdateOrDelete() throws Exception {
        run(true);
    }

    @Test
    void unpartitioningWithWritersRunningLosesNoInsertUpdateOrDelete() throws Exception {
        run(false);
    }

    private void run(boolean partition) throws Exception {
        TestCatalog sql = new TestCatalog(db.dataSource());
        sql.exec("DROP SCHEMA public CASCADE", "CREATE SCHEMA public",
                "CREATE TABLE events (id bigint PRIMARY KEY, created_at timestamptz NOT NULL, payload text NOT NULL)",
                "INSERT INTO events SELECT g, date_trunc('second', now()) - g * interval '17 minutes', 'initial ' || g FROM generate_series(1, "
                        + ROWS + ") g");
        TablePartitionConfig config = TablePartitionConfig.builder().tableName("events").partitionColumn("created_at")
                .granularity(PartitionGranularity.MONTH).build();
        TableMigrator migrator = new TableMigrator(new PostgresMigrationRepository(db.dataSource()), new PostgresAdvisoryLockManager(db.dataSource()));
        if (!partition) {
            migrator.partition(config, MigrationOptions.DEFAULTS);
            sql.exec("DROP TABLE events_retired", "DELETE FROM partsmith_migration");
        }
        Map<Long, Row> model = new ConcurrentHashMap<>();
        sql.jdbc().query("SELECT id, created_at, payload FROM events", rs -> {
            model.put(rs.getLong(1), new Row(rs.getTimestamp(2).toInstant(), rs.getString(3)));
        });
        List<Writer> writers = new ArrayList<>();
        for (int i = 0; i < WRITERS; i++) {
            writers.add(new Writer(i, db.newDataSource(2), model));
        }
        writers.forEach(Writer::start);
        writers.forEach(Writer::awaitWrites);

        MigrationOptions options = MigrationOptions.builder().batchSize(150).build();
        long[] duringCopy = new long[2];
        MigrationListener copyWatch = new MigrationListener() {

            @Override
            public void stepStarted(MigrationRequest request, MigrationStep step) {
                if (step == MigrationStep.COPY) {
                    duringCopy[0] = writes(writers);
                }
            }

            @Override
            public void batchCopied(MigrationRequest request, CopyBatch batch) {
                if (batch.copiedRows() == 3000) {
                    writers.forEach(Writer::awaitWrites);
                }
                if (batch.last()) {
                    duringCopy[1] = writes(writers);
                }
            }
        };
        MigrationResult result = partition ? migrator.partition(config, options, copyWatch)
                : migrator.unpartition(new QualifiedName("public", "events"), MaintenanceSettings.DEFAULTS, options, copyWatch);
        writers.forEach(Writer::awaitWrites);
        for (Writer writer : writers) {
            writer.stop();
        }

        assertThat(result.outcome()).isEqualTo(MigrationResult.Outcome.SWAPPED);
        assertThat(sql.queryLong("SELECT count(*) FROM pg_class WHERE oid = 'events'::regclass AND relkind = '" + (partition ? "p" : "r") + "'"))
                .isOne();
        List<String> failures = writers.stream().flatMap(writer -> writer.failures.stream()).toList();
        assertThat(failures).as("writes that failed").isEmpty();
        assertThat(duringCopy[1] - duringCopy[0]).as("writes while rows were copied").isGreaterThanOrEqualTo(WRITERS * 50);
        Map<Long, Row> actual = new TreeMap<>();
        sql.jdbc().query("SELECT id, created_at, payload FROM events", rs -> {
            actual.put(rs.getLong(1), new Row(rs.getTimestamp(2).toInstant(), rs.getString(3)));
        });
        assertThat(actual).as("every row as the writers left it").isEqualTo(new TreeMap<>(model));
    }

    private static long writes(List<Writer> writers) {
        return writers.stream().mapToLong(writer -> writer.writes.get()).sum();
    }

    /** A row's content. */
    private record Row(Instant createdAt, String payload) {
    }

    /**
     * One writer: inserts rows of its own ids, updates and deletes rows whose id it owns (id modulo the
     * number of writers), each in its own transaction, and records every write that committed.
     */
    private static final class Writer {

        private final int index;
        private final DataSource dataSource;
        private final Map<Long, Row> model;
        private final List<Long> owned = new ArrayList<>();
        private final Random random;
        private final AtomicLong writes = new AtomicLong();
        private final List<String> failures = new CopyOnWriteArrayList<>();
        private final Thread thread;
        private volatile boolean running = true;
        private long nextId;

        Writer(int index, DataSource dataSource, Map<Long, Row> model) {
            this.index = index;
            this.dataSource = dataSource;
            this.model = model;
            this.random = new Random(index);
            this.nextId = 1_000_000L + index;
            model.keySet().stream().filter(id -> id % WRITERS == index).sorted().forEach(owned::add);
            this.thread = new Thread(this::loop, "writer-" + index);
        }

        void start() {
            thread.start();
        }

        /** Waits until this writer has written 50 more rows, so that writes happen in every phase. */
        void awaitWrites() {
            long target = writes.get() + 50;
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10)).until(() -> writes.get() >= target || !thread.isAlive());
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join();
        }

        private void loop() {
            Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            try (Connection connection = dataSource.getConnection()) {
                while (running) {
                    int choice = random.nextInt(10);
                    try {
                        if (choice < 4 || owned.isEmpty()) {
                            long id = nextId;
                            nextId += WRITERS;
                            Row row = new Row(base.minusSeconds(random.nextInt(60 * 86400)), "inserted " + id);
                            if (update(connection, "INSERT INTO events (id, created_at, payload) VALUES (?, ?, ?)", id, row) == 1) {
                                model.put(id, row);
                                owned.add(id);
                            }
                        }
                        else if (choice < 8) {
                            long id = owned.get(random.nextInt(owned.size()));
                            Row old = model.get(id);
                            Row row = new Row(choice == 7 ? base.minusSeconds(random.nextInt(60 * 86400)) : old.createdAt(),
                                    "updated " + id + " " + writes.get());
                            if (update(connection, "UPDATE events SET created_at = ?, payload = ? WHERE id = ?", id, row) != 1) {
                                failures.add("update of " + id + " found no row");
                            }
                            model.put(id, row);
                        }
                        else {
                            long id = owned.remove(random.nextInt(owned.size()));
                            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM events WHERE id = ?")) {
                                delete.setLong(1, id);
                                if (delete.executeUpdate() != 1) {
                                    failures.add("delete of " + id + " found no row");
                                }
                            }
                            model.remove(id);
                        }
                        writes.incrementAndGet();
                    }
                    catch (SQLException ex) {
                        failures.add(ex.getMessage());
                        return;
                    }
                }
            }
            catch (SQLException ex) {
                failures.add(ex.getMessage());
            }
        }

        private static int update(Connection connection, String sql, long id, Row row) throws SQLException {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                if (sql.startsWith("INSERT")) {
                    statement.setLong(1, id);
                    statement.setTimestamp(2, Timestamp.from(row.createdAt()));
                    statement.setString(3, row.payload());
                }
                else {
                    statement.setTimestamp(1, Timestamp.from(row.createdAt()));
                    statement.setString(2, row.payload());
                    statement.setLong(3, id);
                }
                return statement.executeUpdate();
            }
        }

        @Override
        public String toString() {
            return "writer " + index;
        }
    }
}
