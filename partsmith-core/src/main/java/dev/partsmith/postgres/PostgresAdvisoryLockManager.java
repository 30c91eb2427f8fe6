package dev.partsmith.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.partsmith.DatabaseConnectionException;
import dev.partsmith.LockAcquisitionException;
import dev.partsmith.catalog.QualifiedName;
import dev.partsmith.lock.LockHandle;
import dev.partsmith.lock.LockManager;

/**
 * One maintainer per table through PostgreSQL session advisory locks. Each held lock keeps one
 * connection of the pool for the length of the run ({@code pg_try_advisory_lock}, never waiting);
 * the lock is released on that same connection in {@code finally}, and when the release fails the
 * connection is aborted rather than handed back to the pool still holding the lock. If the
 * connection dies mid-run, the server frees the lock and {@link LockHandle#verifyHeld()} says so
 * before the next DDL step.
 *
 * <p>The key is {@code hashtextextended('<prefix>:"schema"."table"', 0)}. Size the pool for one
 * more connection than the maintenance itself uses, or give this manager a pool of its own.
 * Session locks do not survive transaction-mode poolers such as PgBouncer: point partsmith at the
 * database directly, or use another lock provider.
 */
public class PostgresAdvisoryLockManager implements LockManager {

    private static final Logger log = LoggerFactory.getLogger(PostgresAdvisoryLockManager.class);

    private final DataSource dataSource;
    private final String prefix;

    public PostgresAdvisoryLockManager(DataSource dataSource) {
        this(dataSource, "partsmith");
    }

    public PostgresAdvisoryLockManager(DataSource dataSource, String prefix) {
        this.dataSource = dataSource;
        this.prefix = prefix;
    }

    @Override
    public Optional<LockHandle> tryLock(QualifiedName table) {
        String key = LockManager.key(prefix, table);
        Connection connection;
        try {
            connection = dataSource.getConnection();
        }
        catch (SQLException ex) {
            DatabaseConnectionException failure = PostgresConnections.failure(dataSource, ex);
            throw new LockAcquisitionException("cannot get a connection for the advisory lock on " + table + ": " + failure.getMessage(), failure);
        }
        try {
            if (!connection.getAutoCommit()) {
                connection.setAutoCommit(true);
            }
            if (call(connection, "SELECT pg_catalog.pg_try_advisory_lock(pg_catalog.hashtextextended(?, 0))", key)) {
                return Optional.of(new AdvisoryLock(connection, key, table));
            }
            connection.close();
            return Optional.empty();
        }
        catch (SQLException | RuntimeException ex) {
            discard(connection);
            throw new LockAcquisitionException("cannot take the advisory lock on " + table + ": " + ex.getMessage(), ex);
        }
    }

    private static boolean call(Connection connection, String sql, String key) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, key);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        }
    }

    private static void discard(Connection connection) {
        try {
            connection.abort(Runnable::run);
        }
        catch (SQLException | RuntimeException ex) {
            log.debug("Aborting the lock connection failed", ex);
        }
        try {
            connection.close();
        }
        catch (SQLException | RuntimeException ex) {
            log.debug("Closing the aborted lock connection failed", ex);
        }
    }

    private static final class AdvisoryLock implements LockHandle {

        private final Connection connection;
        private final String key;
        private final QualifiedName table;
        private boolean released;

        AdvisoryLock(Connection connection, String key, QualifiedName table) {
            this.connection = connection;
            this.key = key;
            this.table = table;
        }

        @Override
        public void verifyHeld() {
            // A session lock lives as long as its session: a live connection still holds it.
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT 1");
            }
            catch (SQLException ex) {
                throw new LockAcquisitionException("the advisory lock on " + table + " was lost with its connection: " + ex.getMessage(), ex);
            }
        }

        @Override
        public synchronized void close() {
            if (released) {
                return;
            }
            released = true;
            try {
                if (!call(connection, "SELECT pg_catalog.pg_advisory_unlock(pg_catalog.hashtextextended(?, 0))", key)) {
                    log.warn("The advisory lock on {} was no longer held at release", table);
                }
                connection.close();
            }
            catch (SQLException | RuntimeException ex) {
                log.warn("Releasing the advisory lock on {} failed; discarding its connection so the server frees the lock", table, ex);
                discard(connection);
            }
        }
    }
}
