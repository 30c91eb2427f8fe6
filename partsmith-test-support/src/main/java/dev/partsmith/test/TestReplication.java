package dev.partsmith.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A primary and a real streaming standby of it, started by a test from zonky's binaries on the class
 * path ({@link PostgresBinaries#onClassPath}), each on a port of its own. The standby starts from a copy
 * of the primary's cluster made right after {@code initdb}, before the primary ever ran (a base backup
 * needing no {@code pg_basebackup}, which zonky's binaries lack), and streams from the primary from its
 * first write on, in hot standby. Both run as {@link PostgresOsUser#forTests()}, and stop, their
 * directories deleted, when closed or when the JVM exits.
 *
 * <p>The standby reports its positions to the primary every second ({@code wal_receiver_status_interval}),
 * so that the lag the primary shows in {@code pg_stat_replication} follows the standby closely; its replay
 * can be paused and resumed ({@link #pauseReplay()}), which makes real replication lag while the primary
 * writes.
 */
public final class TestReplication implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TestReplication.class);

    private static final String SUPERUSER = "postgres";

    private static final Duration COPY_TIMEOUT = Duration.ofMinutes(2);

    private final PostgresServer primary;
    private final PostgresServer standby;

    private TestReplication(PostgresServer primary, PostgresServer standby) {
        this.primary = primary;
        this.standby = standby;
    }

    /** Starts a primary and its standby. */
    public static TestReplication start() {
        PostgresOsUser user = PostgresOsUser.forTests();
        PostgresBinaries binaries = PostgresBinaries.onClassPath(user);
        Path primaryData = user.createPrivateDirectory("partsmith-primary-");
        Path standbyData = user.createPrivateDirectory("partsmith-standby-");
        JvmExit.register(() -> {
            PostgresOsUser.deleteTree(standbyData);
            PostgresOsUser.deleteTree(primaryData);
        });
        PostgresServer.initdb(binaries, user, primaryData, SUPERUSER);
        // cp -a as the servers' user keeps the owner and the 0700/0600 modes PostgreSQL insists on.
        user.run(List.of("cp", "-a", primaryData + "/.", standbyData.toString()), COPY_TIMEOUT);
        try {
            Files.createFile(standbyData.resolve("standby.signal"));
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot make " + standbyData + " a standby's data directory", ex);
        }
        user.takeOwnership(standbyData);
        PostgresServer primary = PostgresServer.builder(binaries).osUser(user).dataDirectory(primaryData).superuser(SUPERUSER)
                .setting("wal_level", "replica").setting("max_wal_senders", "4").start();
        try {
            PostgresServer standby = PostgresServer.builder(binaries).osUser(user).dataDirectory(standbyData).superuser(SUPERUSER)
                    .setting("primary_conninfo", "host=" + PostgresServer.HOST + " port=" + primary.port() + " user=" + SUPERUSER)
                    .setting("hot_standby", "on").setting("wal_receiver_status_interval", "1s").start();
            log.info("Streaming standby of the primary on port {} runs on port {}", primary.port(), standby.port());
            return new TestReplication(primary, standby);
        }
        catch (RuntimeException ex) {
            primary.close();
            throw ex;
        }
    }

    public PostgresServer primary() {
        return primary;
    }

    public PostgresServer standby() {
        return standby;
    }

    /** A connection to a database of a server of this pair, as its superuser; the caller closes it. */
    public Connection connect(PostgresServer server, String database) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", server.superuser());
        return DriverManager.getConnection(server.jdbcUrl(database), properties);
    }

    /**
     * Whether the standby has replayed everything the primary has logged so far: up to the insert
     * position, which includes commits not yet written out (the test servers commit asynchronously).
     */
    public boolean caughtUp() throws SQLException {
        try (Connection connection = connect(primary, "postgres"); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM pg_catalog.pg_stat_replication"
                        + " WHERE replay_lsn >= pg_catalog.pg_current_wal_insert_lsn()")) {
            return rows.next() && rows.getInt(1) > 0;
        }
    }

    /**
     * Pauses replay on the standby ({@code pg_wal_replay_pause()}): it keeps receiving the primary's WAL and
     * replays none of it until {@link #resumeReplay()}, so its replay lag grows while the primary writes.
     */
    public void pauseReplay() throws SQLException {
        onStandby("SELECT pg_catalog.pg_wal_replay_pause()");
    }

    /** Resumes replay on the standby ({@code pg_wal_replay_resume()}). */
    public void resumeReplay() throws SQLException {
        onStandby("SELECT pg_catalog.pg_wal_replay_resume()");
    }

    private void onStandby(String sql) throws SQLException {
        try (Connection connection = connect(standby, "postgres"); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Stops both servers and deletes their directories, the standby's base backup included. */
    @Override
    public void close() {
        try {
            standby.close();
        }
        finally {
            try {
                primary.close();
            }
            finally {
                PostgresOsUser.deleteTree(standby.dataDirectory());
                PostgresOsUser.deleteTree(primary.dataDirectory());
            }
        }
    }
}
