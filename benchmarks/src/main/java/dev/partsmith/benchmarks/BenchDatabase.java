package dev.partsmith.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;

import com.zaxxer.hikari.HikariDataSource;

import dev.partsmith.test.TestDatabase;
import dev.partsmith.test.TestPostgres;

/**
 * A fresh database for one measurement, on the server of {@code PARTSMITH_TEST_JDBC_URL}, with its
 * time zone set to UTC (so pg_partman's month boundaries are partsmith's), and pg_partman installed
 * in schema {@code partman} when asked. Dropped on {@link #close()}.
 */
final class BenchDatabase implements AutoCloseable {

    private static final Duration PSQL_LIMIT = Duration.ofMinutes(5);

    private final TestDatabase database = new TestDatabase(2);
    private final JdbcTemplate jdbc;

    private BenchDatabase(String label, boolean pgPartman) throws SQLException {
        database.create("bench_" + label);
        try (Connection admin = TestPostgres.get().adminConnection(); Statement statement = admin.createStatement()) {
            statement.execute("ALTER DATABASE " + database.name() + " SET timezone TO 'UTC'");
        }
        jdbc = new JdbcTemplate(database.newDataSource(2));
        if (pgPartman) {
            jdbc.execute("CREATE SCHEMA partman");
            jdbc.execute("CREATE EXTENSION pg_partman SCHEMA partman");
        }
    }

    static BenchDatabase create(String label, Contender contender) {
        try {
            return new BenchDatabase(label + "_" + contender.key(), contender == Contender.PG_PARTMAN);
        }
        catch (SQLException ex) {
            throw new IllegalStateException("cannot create a benchmark database: " + ex.getMessage(), ex);
        }
    }

    String name() {
        return database.name();
    }

    JdbcTemplate jdbc() {
        return jdbc;
    }

    /** A pool of its own on this database, closed with it. */
    HikariDataSource pool(String name, int size) {
        return database.newDataSource(size, config -> config.setPoolName(database.name() + "-" + name));
    }

    DataSource dataSource() {
        return jdbc.getDataSource();
    }

    /**
     * Runs a script with psql, every statement in its own transaction unless the script says
     * otherwise, stopping at the first error.
     *
     * @return the wall time of the psql process in nanoseconds
     */
    long psql(String script) {
        try {
            Path file = Files.createTempFile("partsmith-bench-", ".sql");
            Path log = Files.createTempFile("partsmith-bench-", ".log");
            try {
                Files.writeString(file, script, StandardCharsets.UTF_8);
                URI uri = URI.create(database.jdbcUrl().substring("jdbc:".length()));
                List<String> command = new ArrayList<>(List.of("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", uri.getHost(), "-p",
                        String.valueOf(uri.getPort() < 0 ? 5432 : uri.getPort()), "-U", database.user(), "-d", database.name(), "-f",
                        file.toString()));
                ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
                builder.environment().put("PGPASSWORD", database.password());
                long started = System.nanoTime();
                Process process = builder.start();
                if (!process.waitFor(PSQL_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                    throw new IllegalStateException("psql did not finish within " + PSQL_LIMIT);
                }
                long elapsed = System.nanoTime() - started;
                if (process.exitValue() != 0) {
                    throw new IllegalStateException("psql failed (exit " + process.exitValue() + "): " + Files.readString(log));
                }
                return elapsed;
            }
            finally {
                Files.deleteIfExists(file);
                Files.deleteIfExists(log);
            }
        }
        catch (IOException ex) {
            throw new IllegalStateException("cannot run psql (the PostgreSQL client must be installed): " + ex.getMessage(), ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while psql ran", ex);
        }
    }

    @Override
    public void close() {
        try {
            database.drop();
        }
        catch (SQLException ex) {
            throw new IllegalStateException("cannot drop benchmark database " + database.name() + ": " + ex.getMessage(), ex);
        }
    }
}
