package dev.partsmith.test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The PostgreSQL server the tests run against, chosen once per JVM, in this order: the URL in
 * {@code PARTSMITH_TEST_JDBC_URL} (user {@code PARTSMITH_TEST_JDBC_USER}, default {@code postgres},
 * password {@code PARTSMITH_TEST_JDBC_PASSWORD}); else a Testcontainers PostgreSQL 15 when Docker is
 * available; else the server on 127.0.0.1:5432 when it accepts user {@code postgres} (or
 * {@code PARTSMITH_TEST_JDBC_USER}); else an error that names all three ways.
 */
public final class TestPostgres {

    public static final String URL_ENV = "PARTSMITH_TEST_JDBC_URL";
    public static final String USER_ENV = "PARTSMITH_TEST_JDBC_USER";
    public static final String PASSWORD_ENV = "PARTSMITH_TEST_JDBC_PASSWORD";

    private static final Logger log = LoggerFactory.getLogger(TestPostgres.class);

    private static final int LOCAL_PORT = 5432;

    private static final String LOCAL_URL = "jdbc:postgresql://" + TestServices.LOCAL_HOST + ":" + LOCAL_PORT + "/postgres";

    private static volatile TestPostgres instance;

    private final String adminUrl;
    private final String user;
    private final String password;

    private TestPostgres(String adminUrl, String user, String password) {
        this.adminUrl = adminUrl;
        this.user = user;
        this.password = password;
    }

    /** The server for this JVM, started (Testcontainers) on first use. */
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
        String user = TestServices.envOr(USER_ENV, "postgres");
        String password = TestServices.envOr(PASSWORD_ENV, "");
        String url = TestServices.env(URL_ENV);
        if (url != null) {
            return new TestPostgres(url, user, password);
        }
        if (TestServices.dockerAvailable()) {
            PostgreSQLContainer container = new PostgreSQLContainer("postgres:15-alpine");
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "partsmith-test-postgres-stop"));
            return new TestPostgres(container.getJdbcUrl(), container.getUsername(), container.getPassword());
        }
        TestPostgres local = new TestPostgres(LOCAL_URL, user, password);
        String tried;
        if (!TestServices.listening(LOCAL_PORT)) {
            tried = "PostgreSQL on " + TestServices.LOCAL_HOST + ":" + LOCAL_PORT + ": nothing listens there";
        }
        else {
            try (Connection connection = local.adminConnection()) {
                log.info("Tests use the PostgreSQL on {}:{} as {} ({} is not set, Docker is not available)", TestServices.LOCAL_HOST,
                        LOCAL_PORT, user, URL_ENV);
                return local;
            }
            catch (SQLException ex) {
                tried = "PostgreSQL on " + TestServices.LOCAL_HOST + ":" + LOCAL_PORT + " as " + user + ": " + ex.getMessage();
            }
        }
        throw TestServices.missing("PostgreSQL (14 or later, whose user may create databases)",
                URL_ENV + " (for example jdbc:postgresql://127.0.0.1:5432/postgres; user " + USER_ENV + ", default postgres; password "
                        + PASSWORD_ENV + ")", tried);
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
