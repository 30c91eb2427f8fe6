package dev.partsmith.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.partsmith.migration.MigrationStep;
import dev.partsmith.test.TestCatalog;
import dev.partsmith.test.TestDatabase;

/**
 * A partitioning in a JVM of its own is killed with SIGKILL after each of its steps has committed, and in the
 * middle of a batch; a writer keeps inserting, updating and deleting rows all along. The next call, in a new
 * JVM, carries on from where the killed one was and swaps; the table then holds exactly what the writer's
 * records say, and the old table is kept.
 */
class CrashDuringMigrationIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final int ROWS = 30_000;

    private TestCatalog sql;

    @BeforeEach
    void createTable() {
        sql = new TestCatalog(db.dataSource());
        sql.exec("DROP SCHEMA public CASCADE", "CREATE SCHEMA public",
                "CREATE TABLE events (id bigint PRIMARY KEY, created_at timestamptz NOT NULL, payload text NOT NULL)",
                "INSERT INTO events SELECT g, date_trunc('second', now()) - g * interval '2 minutes', 'initial ' || g FROM generate_series(1, "
                        + ROWS + ") g");
    }

    @ParameterizedTest(name = "killed after {0}")
    @EnumSource(value = MigrationStep.class, names = { "CREATE_TWIN", "CREATE_PARTITIONS", "INSTALL_SYNC", "COPY", "ANALYZE", "VERIFY", "SWAP" })
    void killedAfterEachStep(MigrationStep step) throws Exception {
        try (Writer writer = new Writer(db.newDataSource(2), sql)) {
            writer.awaitWrites(30);
            String app = "crash-after-" + step.name().toLowerCase();
            try (ChildJvm child = ChildJvm.launch(app, MigrationProcess.class, arguments(app, 500, step))) {
                assertThat(child.awaitLine(line -> line.startsWith("@@PAUSED") || line.startsWith("@@RESULT"), Duration.ofSeconds(120)))
                        .isEqualTo("@@PAUSED " + step);
                writer.awaitWrites(30);
                assertThat(child.kill()).as("killed by SIGKILL").isEqualTo(ChildJvm.SIGKILLED);
            }
            awaitGone(app);
            writer.awaitWrites(30);

            assertThat(resume(step == MigrationStep.SWAP ? "ALREADY_DONE" : "SWAPPED")).isTrue();
            writer.awaitWrites(30);
            writer.stopAndCheck();
        }
        assertConverged();
    }

    @Test
    void killedWhileABatchIsCopied() throws Exception {
        try (Writer writer = new Writer(db.newDataSource(2), sql)) {
            writer.awaitWrites(30);
            String app = "crash-in-batch";
            try (ChildJvm child = ChildJvm.launch(app, MigrationProcess.class, arguments(app, 5000, null))) {
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(5))
                        .until(() -> !child.isAlive() || sql.backendRunning(app, "WITH batch AS (SELECT", false) != null);
                assertThat(child.isAlive()).as(child.tail()).isTrue();
                assertThat(child.kill()).isEqualTo(ChildJvm.SIGKILLED);
            }
            awaitGone(app);
            long copied = sql.queryLong("SELECT copied_rows FROM partsmith_migration");
            assertThat(copied % 5000).as("only whole batches were recorded").isZero();
            assertThat(copied).isLessThan(ROWS);

            assertThat(resume("SWAPPED")).isTrue();
            writer.awaitWrites(30);
            writer.stopAndCheck();
        }
        assertConverged();
    }

    private List<String> arguments(String app, int batchSize, MigrationStep pause) {
        List<String> arguments = new ArrayList<>(List.of("--url=" + db.jdbcUrl(), "--user=" + db.user(), "--password=" + db.password(),
                "--app=" + app, "--batch-size=" + batchSize));
        if (pause != null) {
            arguments.add("--pause=" + pause.name());
        }
        return arguments;
    }

    /** Runs the partitioning to its end in a new JVM; whether it ended with {@code outcome}. */
    private boolean resume(String outcome) {
        try (ChildJvm child = ChildJvm.launch("resume", MigrationProcess.class, arguments("resume", 1000, null))) {
            String result = child.awaitLine(line -> line.startsWith("@@RESULT"), Duration.ofSeconds(180));
            assertThat(result).as(child.tail()).isEqualTo("@@RESULT " + outcome);
            assertThat(child.awaitExit(Duration.ofSeconds(30))).isZero();
            return true;
        }
    }

    /** Waits until the killed JVM's sessions are gone, and with them the table's lock. */
    private void awaitGone(String application) {
        await().atMost(Duration.ofSeconds(60)).until(() -> sql.backends(application) == 0);
        assertThat(sql.advisoryLocks()).as("the killed migration's lock died with its session").isZero();
    }

    private void assertConverged() {
        assertThat(sql.queryLong("SELECT count(*) FROM pg_partitioned_table WHERE partrelid = 'events'::regclass")).isOne();
        assertThat(sql.exists("public", "events_retired")).isTrue();
        assertThat(sql.exists("public", "events_intermediate")).isFalse();
        assertThat(sql.queryLong("SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'partsmith%'")).isZero();
        assertThat(sql.count("partsmith_migration WHERE step = 'DONE'")).isOne();
    }

    /**
     * Inserts, updates (the key too) and deletes rows in its own transactions, from the test's JVM, and records
     * every write that committed; {@link #stopAndCheck()} compares the table with the records.
     */
    private static final class Writer implements AutoCloseable {

        private final DataSource dataSource;
        private final Map<Long, String> model = new ConcurrentHashMap<>();
        private final List<Long> ids = new ArrayList<>();
        private final List<String> failures = new CopyOnWriteArrayList<>();
        private final AtomicLong writes = new AtomicLong();
        private final Random random = new Random(7);
        private final Thread thread = new Thread(this::loop, "writer");
        private final TestCatalog sql;
        private volatile boolean running = true;
        private long nextId = 10_000_000L;

        Writer(DataSource dataSource, TestCatalog sql) {
            this.dataSource = dataSource;
            this.sql = sql;
            sql.jdbc().query("SELECT id, created_at || '|' || payload FROM events", rs -> {
                model.put(rs.getLong(1), rs.getString(2));
            });
            ids.addAll(new TreeMap<>(model).keySet());
            thread.start();
        }

        void awaitWrites(int count) {
            long target = writes.get() + count;
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10)).until(() -> writes.get() >= target || !thread.isAlive());
            assertThat(failures).as("writes that failed").isEmpty();
        }

        private void loop() {
            try (Connection connection = dataSource.getConnection()) {
                while (running) {
                    int choice = random.nextInt(10);
                    if (choice < 4) {
                        long id = nextId++;
                        String row = write(connection, "INSERT INTO events VALUES (?, now() - random() * interval '60 days', 'inserted ' || ?::bigint)"
                                + " RETURNING created_at || '|' || payload", id, id);
                        model.put(id, row);
                        ids.add(id);
                    }
                    else if (choice < 8) {
                        long id = ids.get(random.nextInt(ids.size()));
                        String set = choice == 7 ? "created_at = now() - random() * interval '60 days', " : "";
                        model.put(id, write(connection, "UPDATE events SET " + set + "payload = 'updated ' || ?::bigint WHERE id = ?"
                                + " RETURNING created_at || '|' || payload", writes.get(), id));
                    }
                    else {
                        long id = ids.remove(random.nextInt(ids.size()));
                        write(connection, "DELETE FROM events WHERE id = ? RETURNING id::text", id);
                        model.remove(id);
                    }
                    writes.incrementAndGet();
                }
            }
            catch (SQLException | RuntimeException ex) {
                failures.add(String.valueOf(ex.getMessage()));
            }
        }

        /** Runs a write that returns its row, and returns the row's text; a write that finds no row fails. */
        private static String write(Connection connection, String statementText, long... parameters) throws SQLException {
            try (PreparedStatement statement = connection.prepareStatement(statementText)) {
                for (int i = 0; i < parameters.length; i++) {
                    statement.setLong(i + 1, parameters[i]);
                }
                try (ResultSet result = statement.executeQuery()) {
                    if (!result.next()) {
                        throw new IllegalStateException("no row for " + statementText + " " + Arrays.toString(parameters));
                    }
                    return result.getString(1);
                }
            }
        }

        void stopAndCheck() throws InterruptedException {
            running = false;
            thread.join();
            assertThat(failures).as("writes that failed").isEmpty();
            Map<Long, String> actual = new TreeMap<>();
            sql.jdbc().query("SELECT id, created_at || '|' || payload FROM events", rs -> {
                actual.put(rs.getLong(1), rs.getString(2));
            });
            assertThat(actual).as("every row as the writer left it").isEqualTo(new TreeMap<>(model));
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join();
        }
    }
}
