package dev.partsmith.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/** Starts zonky's PostgreSQL binaries (Linux x86-64 only) as the test OS user, the way {@link TestPostgres} and other tests do. */
@EnabledOnOs(value = OS.LINUX, architectures = "amd64")
class PostgresServerIT {

    private static PostgresOsUser user;
    private static PostgresBinaries binaries;

    @BeforeAll
    static void unpack() {
        user = PostgresOsUser.forTests();
        binaries = PostgresBinaries.onClassPath(user);
    }

    @Test
    void theUnpackedBinariesSayTheirVersionAndBelongToTheServersUser() throws IOException {
        assertThat(binaries.version()).matches("1[4-9]\\.\\d+").startsWith(binaries.majorVersion() + ".");
        assertThat(Files.getOwner(binaries.tool("postgres")).getName()).isEqualTo(user.name());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(binaries.binDirectory().getParent()))).isEqualTo("rwx------");
    }

    @Test
    void runsAsTheTestUserNeverRootWithTestSettingsAndLeavesNothingBehind() throws Exception {
        assertThat(user.name()).isEqualTo(user.isOtherThanJvmUser() ? PostgresOsUser.TEST_USER : System.getProperty("user.name"));
        assertThat(user.name()).isNotEqualTo("root");

        PostgresServer server = PostgresServer.builder(binaries).start();
        Path directory = server.dataDirectory().getParent();
        long postmaster = Long.parseLong(Files.readAllLines(server.dataDirectory().resolve("postmaster.pid")).get(0));
        try (Connection connection = connect(server, "postgres")) {
            JdbcTemplate jdbc = new JdbcTemplate(new SingleConnectionDataSource(connection, true));
            int pid = jdbc.queryForObject("SELECT pg_backend_pid()", Integer.class);
            assertThat(Files.getOwner(Path.of("/proc", String.valueOf(pid))).getName()).as("the backend's OS user").isEqualTo(user.name());
            assertThat(jdbc.queryForList("SELECT current_setting(name) FROM unnest(ARRAY['fsync', 'synchronous_commit', 'full_page_writes',"
                    + " 'autovacuum']) name", String.class)).containsOnly("off");
            assertThat(jdbc.queryForObject("SELECT rolsuper FROM pg_roles WHERE rolname = current_user", Boolean.class)).isTrue();
            assertThat(jdbc.queryForObject("SHOW port", Integer.class)).isEqualTo(server.port());
            assertThat(jdbc.queryForObject("SHOW data_directory", String.class)).isEqualTo(server.dataDirectory().toString());
            assertThat(jdbc.queryForObject("SHOW unix_socket_directories", String.class)).isEqualTo(server.socketDirectory().toString());
            assertThat(jdbc.queryForObject("SHOW listen_addresses", String.class)).isEqualTo(PostgresServer.HOST);
        }
        assertThat(Files.getOwner(directory).getName()).isEqualTo(user.name());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory))).isEqualTo("rwx------");
        assertThat(directory.getParent()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir")));

        server.close();

        assertThat(directory).doesNotExist();
        assertThat(ProcessHandle.of(postmaster)).isEmpty();
    }

    @Test
    void startsADataDirectoryPreparedByItsCallerWithExtraSettingsAndLeavesItThere() throws SQLException {
        Path data = user.createPrivateDirectory("partsmith-prepared-").resolve("data");
        user.run(List.of(binaries.tool("initdb").toString(), "-D", data.toString(), "-U", "keeper", "-A", "trust", "--no-sync",
                "--no-instructions"), Duration.ofMinutes(2));

        try (PostgresServer server = PostgresServer.builder(binaries).dataDirectory(data).superuser("keeper").setting("work_mem", "7MB")
                .setting("application_name", "prepared").start(); Connection connection = connect(server, "keeper")) {
            JdbcTemplate jdbc = new JdbcTemplate(new SingleConnectionDataSource(connection, true));
            assertThat(jdbc.queryForObject("SHOW data_directory", String.class)).isEqualTo(data.toString());
            assertThat(jdbc.queryForObject("SHOW work_mem", String.class)).isEqualTo("7MB");
            assertThat(jdbc.queryForObject("SHOW fsync", String.class)).isEqualTo("off");
            assertThat(jdbc.queryForObject("SELECT current_user", String.class)).isEqualTo("keeper");
        }
        assertThat(data.resolve("PG_VERSION")).exists();
        assertThat(data.resolve("postmaster.pid")).as("stopped").doesNotExist();
    }

    @Test
    void aServerThatCannotStartSaysWhyWithTheEndOfItsLog() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName(PostgresServer.HOST))) {
            assertThatThrownBy(() -> PostgresServer.builder(binaries).setting("port", String.valueOf(taken.getLocalPort())).start())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("PostgreSQL " + binaries.version() + " from " + binaries.binDirectory() + " (as " + user.name())
                    .hasMessageContaining(", port " + taken.getLocalPort() + ") did not start: it exited with status 1; its log ")
                    .hasMessageContaining("could not bind IPv4 address \"127.0.0.1\": Address already in use");
        }
    }

    private static Connection connect(PostgresServer server, String user) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        return DriverManager.getConnection(server.jdbcUrl("postgres"), properties);
    }
}
