package dev.partsmith.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * How partsmith talks to PostgreSQL: each unit in a transaction of its own, committed at once
 * (a caller's surrounding transaction is suspended, never joined), under a fixed session setup.
 * When no connection can be opened, every unit throws a {@link dev.partsmith.DatabaseConnectionException}
 * that says where it tried to connect and why it failed.
 */
final class PostgresSession {

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate ddl;
    private final TransactionTemplate read;
    private final TransactionTemplate none;

    PostgresSession(DataSource dataSource) {
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
        DataSourceTransactionManager transactions = new DataSourceTransactionManager(dataSource);
        this.ddl = new TransactionTemplate(transactions);
        this.ddl.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.read = new TransactionTemplate(transactions);
        this.read.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.read.setReadOnly(true);
        this.none = new TransactionTemplate(transactions);
        this.none.setPropagationBehavior(TransactionDefinition.PROPAGATION_NOT_SUPPORTED);
    }

    /**
     * Runs {@code body} in a new transaction with {@code SET LOCAL lock_timeout}, {@code SET LOCAL TIME
     * ZONE 'UTC'} and {@code standard_conforming_strings} on (the string literals partsmith writes
     * double their quotes and nothing else); commits when it returns, rolls back when it throws.
     * Statements that always go together are sent as one string, one round trip.
     */
    <T> T inTransaction(Duration lockTimeout, Function<JdbcTemplate, T> body) {
        return connected(() -> ddl.execute(status -> {
            jdbc.execute("SET LOCAL lock_timeout = " + lockTimeout.toMillis() + "; SET LOCAL TIME ZONE 'UTC'; SET LOCAL standard_conforming_strings = on");
            return body.apply(jdbc);
        }));
    }

    /**
     * Runs catalog reads in a new read-only transaction with UTC and ISO dates, so bounds print alike, and
     * without JIT compilation: on a catalog of thousands of partitions the planner's cost estimates of
     * the catalog queries pass the JIT thresholds, and compiling them takes longer than running them.
     */
    <T> T reading(Function<JdbcTemplate, T> body) {
        return connected(() -> read.execute(status -> {
            jdbc.execute("SET LOCAL TIME ZONE 'UTC'; SET LOCAL DateStyle = 'ISO, YMD'; SET LOCAL jit = off");
            return body.apply(jdbc);
        }));
    }

    /**
     * Runs one statement outside any transaction block (as {@code DETACH ... CONCURRENTLY} needs),
     * with a session {@code lock_timeout} that is reset before the connection goes back to its pool.
     */
    void outsideTransaction(Duration lockTimeout, String sql) {
        connected(() -> none.execute(status -> jdbc.execute((ConnectionCallback<Void>) connection -> {
            boolean autoCommit = connection.getAutoCommit();
            if (!autoCommit) {
                connection.setAutoCommit(true);
            }
            try {
                execute(connection, "SET lock_timeout = " + lockTimeout.toMillis());
                execute(connection, sql);
            }
            catch (SQLException ex) {
                // The statement's error is the one to report; a connection it broke fails the reset too.
                try {
                    restore(connection, autoCommit);
                }
                catch (SQLException resetFailure) {
                    ex.addSuppressed(resetFailure);
                }
                throw ex;
            }
            restore(connection, autoCommit);
            return null;
        })));
    }

    private <T> T connected(Supplier<T> unit) {
        try {
            return unit.get();
        }
        catch (RuntimeException ex) {
            throw PostgresConnections.translate(dataSource, ex);
        }
    }

    private static void restore(Connection connection, boolean autoCommit) throws SQLException {
        execute(connection, "RESET lock_timeout");
        if (!autoCommit) {
            connection.setAutoCommit(false);
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (var statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
