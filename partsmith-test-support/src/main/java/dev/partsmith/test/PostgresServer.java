package dev.partsmith.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server process for tests, started from given {@link PostgresBinaries} as a
 * {@link PostgresOsUser} (by default {@link PostgresOsUser#forTests()}: never root), listening on
 * 127.0.0.1 on a free port and on a Unix socket in its own private directory. {@link Builder#start()}
 * returns once it accepts connections; {@link #close()} stops it (fast shutdown: open sessions are
 * ended) and deletes its private directory, and so does the end of the JVM if nobody closed it.
 *
 * <p>Its data directory is either made by {@code initdb} in its private directory (superuser
 * {@code postgres} unless {@link Builder#superuser} says otherwise, UTF8, C locale), or one prepared by
 * the caller ({@link Builder#dataDirectory}, for example by {@link #initdb} as the same OS user into a
 * {@link PostgresOsUser#createPrivateDirectory private directory}), which it starts as it is
 * and never deletes. It reads a configuration file of its own: the data directory's
 * {@code postgresql.conf} when there is one, then settings for tests ({@code fsync},
 * {@code synchronous_commit} and {@code full_page_writes} off, no autovacuum, English messages), then
 * the {@link Builder#setting builder's settings}, which win. Every user may connect to every database,
 * replication included, without a password, over the socket and over TCP from 127.0.0.1 and ::1.
 */
public final class PostgresServer implements AutoCloseable {

    /** The address the server listens on. */
    public static final String HOST = "127.0.0.1";

    private static final Logger log = LoggerFactory.getLogger(PostgresServer.class);

    private static final Duration INITDB_TIMEOUT = Duration.ofMinutes(2);

    private static final Duration STOP_TIMEOUT = Duration.ofMinutes(1);

    private static final int PORT_ATTEMPTS = 5;

    private static final String HBA = """
            local all all trust
            host all all 127.0.0.1/32 trust
            host all all ::1/128 trust
            local replication all trust
            host replication all 127.0.0.1/32 trust
            host replication all ::1/128 trust
            """;

    private final PostgresBinaries binaries;
    private final PostgresOsUser osUser;
    private final Path directory;
    private final Path dataDirectory;
    private final String superuser;
    private final int port;
    private final Process process;
    private boolean stopped;

    private PostgresServer(PostgresBinaries binaries, PostgresOsUser osUser, Path directory, Path dataDirectory, String superuser, int port,
            Process process) {
        this.binaries = binaries;
        this.osUser = osUser;
        this.directory = directory;
        this.dataDirectory = dataDirectory;
        this.superuser = superuser;
        this.port = port;
        this.process = process;
    }

    /**
     * Makes a new cluster in {@code data} (missing, or an empty directory of {@code user}) with
     * {@code initdb}, as {@code user}: superuser {@code superuser}, UTF8, C locale. A copy of it, made
     * before any server ran on it, is a base backup a standby can start from.
     *
     * @throws IllegalStateException when initdb fails; the message holds its output
     */
    public static void initdb(PostgresBinaries binaries, PostgresOsUser user, Path data, String superuser) {
        user.run(List.of(binaries.tool("initdb").toString(), "-D", data.toString(), "-U", superuser, "-A", "trust", "-E", "UTF8",
                "--locale=C", "--no-sync", "--no-instructions"), INITDB_TIMEOUT);
    }

    /** A server to run from {@code binaries}; nothing starts before {@link Builder#start()}. */
    public static Builder builder(PostgresBinaries binaries) {
        return new Builder(binaries);
    }

    public int port() {
        return port;
    }

    /** The JDBC URL of a database on this server, over TCP. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + HOST + ":" + port + "/" + database;
    }

    /** The superuser to connect as: the one initdb made, or the one given with a prepared data directory. */
    public String superuser() {
        return superuser;
    }

    public PostgresBinaries binaries() {
        return binaries;
    }

    public PostgresOsUser osUser() {
        return osUser;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** The directory of the server's Unix socket ({@code unix_socket_directories}). */
    public Path socketDirectory() {
        return directory.resolve("socket");
    }

    /**
     * Stops the server ({@code pg_ctl stop -m fast}, which ends open sessions) and deletes its private
     * directory, with the data directory when initdb made it there. Calling it again does nothing.
     */
    @Override
    public synchronized void close() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            osUser.run(List.of(binaries.tool("pg_ctl").toString(), "stop", "-D", dataDirectory.toString(), "-m", "fast", "-w", "-t",
                    String.valueOf(STOP_TIMEOUT.toSeconds())), STOP_TIMEOUT.plusSeconds(10));
            process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (RuntimeException ex) {
            log.warn("PostgreSQL on {}:{} did not stop cleanly; killing it", HOST, port, ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            PostgresOsUser.deleteTree(directory);
        }
    }

    /** What a server is started with. */
    public static final class Builder {

        private final PostgresBinaries binaries;
        private final Map<String, String> settings = new LinkedHashMap<>();
        private PostgresOsUser osUser;
        private Path dataDirectory;
        private String superuser = "postgres";
        private Duration startupTimeout = Duration.ofMinutes(1);

        private Builder(PostgresBinaries binaries) {
            this.binaries = binaries;
        }

        /** The OS user the server runs as; {@link PostgresOsUser#forTests()} unless set. */
        public Builder osUser(PostgresOsUser osUser) {
            this.osUser = osUser;
            return this;
        }

        /**
         * A data directory prepared by the caller, owned by the server's OS user with mode 0700, to
         * start as it is (a {@code standby.signal} in it makes a standby); without one, initdb makes one.
         */
        public Builder dataDirectory(Path dataDirectory) {
            this.dataDirectory = dataDirectory;
            return this;
        }

        /** The superuser initdb creates; {@code postgres} unless set. For a prepared data directory, one of its superusers. */
        public Builder superuser(String superuser) {
            this.superuser = superuser;
            return this;
        }

        /**
         * A server setting, for example {@code setting("hot_standby", "on")}; it wins over the data
         * directory's and the test settings. {@code port} fixes the port, which is otherwise a free one.
         */
        public Builder setting(String name, String value) {
            settings.put(name, value);
            return this;
        }

        /** How long {@link #start()} waits for the server to accept connections; one minute unless set. */
        public Builder startupTimeout(Duration startupTimeout) {
            this.startupTimeout = startupTimeout;
            return this;
        }

        /**
         * Starts the server and waits until it accepts connections.
         *
         * @throws IllegalStateException when initdb fails, or the server exits or does not accept
         *         connections in time; the message holds the end of its log
         */
        public PostgresServer start() {
            PostgresOsUser user = osUser == null ? PostgresOsUser.forTests() : osUser;
            Path directory = user.createPrivateDirectory("partsmith-postgres-" + binaries.majorVersion() + "-");
            Path data = dataDirectory;
            if (data == null) {
                data = directory.resolve("data");
                initdb(binaries, user, data, superuser);
            }
            try {
                Files.createDirectories(directory.resolve("socket"));
                Files.writeString(directory.resolve("pg_hba.conf"), HBA, StandardCharsets.UTF_8);
                Files.writeString(directory.resolve("pg_ident.conf"), "", StandardCharsets.UTF_8);
            }
            catch (IOException ex) {
                throw new UncheckedIOException("cannot prepare " + directory, ex);
            }
            boolean portGiven = settings.containsKey("port");
            for (int attempt = 1;; attempt++) {
                int port = portGiven ? Integer.parseInt(settings.get("port")) : freePort();
                writeConfiguration(directory, data, port);
                user.takeOwnership(directory);
                Path logFile = directory.resolve("server-" + attempt + ".log");
                Process process = launch(user, data, directory, logFile);
                PostgresServer server = new PostgresServer(binaries, user, directory, data, superuser, port, process);
                JvmExit.register(server::close);
                String failure = awaitReady(server, logFile);
                if (failure == null) {
                    log.info("PostgreSQL {} runs on {}:{} as OS user {}{}, in {} (data directory {})", binaries.version(), HOST, port, user.name(),
                            user.isOtherThanJvmUser() ? " (this JVM runs as root, as which PostgreSQL refuses to run)" : "", directory, data);
                    return server;
                }
                server.stopAfterFailedStart();
                if (portGiven || attempt == PORT_ATTEMPTS || !failure.contains("Address already in use")) {
                    throw new IllegalStateException("PostgreSQL " + binaries.version() + " from " + binaries.binDirectory() + " (as " + user.name()
                            + ", data directory " + data + ", port " + port + ") did not start: " + failure);
                }
                log.info("Port {} was taken before PostgreSQL could bind it; trying another", port);
            }
        }

        private void writeConfiguration(Path directory, Path data, int port) {
            Map<String, String> all = new LinkedHashMap<>();
            all.put("listen_addresses", HOST);
            all.put("port", String.valueOf(port));
            all.put("unix_socket_directories", directory.resolve("socket").toString());
            all.put("hba_file", directory.resolve("pg_hba.conf").toString());
            all.put("ident_file", directory.resolve("pg_ident.conf").toString());
            all.put("fsync", "off");
            all.put("synchronous_commit", "off");
            all.put("full_page_writes", "off");
            all.put("autovacuum", "off");
            all.put("lc_messages", "C");
            all.putAll(settings);
            StringBuilder conf = new StringBuilder("include_if_exists ").append(quote(data.resolve("postgresql.conf").toString())).append('\n');
            all.forEach((name, value) -> conf.append(name).append(" = ").append(quote(value)).append('\n'));
            try {
                Files.writeString(directory.resolve("postgresql.conf"), conf, StandardCharsets.UTF_8);
            }
            catch (IOException ex) {
                throw new UncheckedIOException("cannot write the configuration of the server in " + directory, ex);
            }
        }

        private Process launch(PostgresOsUser user, Path data, Path directory, Path logFile) {
            List<String> command = List.of(binaries.tool("postgres").toString(), "-D", data.toString(), "-c",
                    "config_file=" + directory.resolve("postgresql.conf"));
            try {
                return user.processBuilder(command).redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
            }
            catch (IOException ex) {
                throw new UncheckedIOException("cannot start " + String.join(" ", command) + " as " + user.name(), ex);
            }
        }

        /**
         * {@code null} once the server accepts connections, else why not, with the end of its log. Ready is
         * what the server itself writes in its {@code postmaster.pid} (as {@code pg_ctl -w} reads it), from
         * a postmaster of this process: never another server that happens to answer on the port.
         */
        private String awaitReady(PostgresServer server, Path logFile) {
            long deadline = System.nanoTime() + startupTimeout.toNanos();
            while (true) {
                if (!server.process.isAlive()) {
                    return "it exited with status " + server.process.exitValue() + "; its log " + logFile + " ends with:\n" + tail(logFile);
                }
                String status = server.status();
                if ("ready".equals(status) || "standby".equals(status)) {
                    return null;
                }
                if (System.nanoTime() > deadline) {
                    return "it did not accept connections within " + startupTimeout + "; its log " + logFile + " ends with:\n" + tail(logFile);
                }
                try {
                    Thread.sleep(50);
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    return "interrupted while waiting for it";
                }
            }
        }
    }

    /**
     * The status line of {@code postmaster.pid} ({@code starting}, {@code ready}, {@code standby},
     * {@code stopping}) when the pid in it is this server's postmaster; {@code null} before that.
     */
    private String status() {
        List<String> lines;
        try {
            lines = Files.readAllLines(dataDirectory.resolve("postmaster.pid"), StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            return null;
        }
        if (lines.size() < 8 || !lines.get(0).strip().matches("\\d+")) {
            return null;
        }
        long pid = Long.parseLong(lines.get(0).strip());
        boolean ours = process.pid() == pid || process.descendants().anyMatch(handle -> handle.pid() == pid);
        return ours ? lines.get(7).strip() : null;
    }

    /** Ends a server that failed to start, keeping its private directory for the next attempt. */
    private synchronized void stopAfterFailedStart() {
        stopped = true;
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        }
        catch (IOException ex) {
            throw new UncheckedIOException("no free port on " + HOST, ex);
        }
    }

    private static String quote(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    private static String tail(Path logFile) {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        }
        catch (IOException ex) {
            return "(unreadable: " + ex.getMessage() + ")";
        }
    }
}
