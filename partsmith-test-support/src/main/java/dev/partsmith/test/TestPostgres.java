package dev.partsmith.test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The PostgreSQL server the tests run against, chosen once per JVM: the URL in
 * {@code PARTSMITH_TEST_JDBC_URL} (user {@code PARTSMITH_TEST_JDBC_USER}, default {@code postgres},
 * password {@code PARTSMITH_TEST_JDBC_PASSWORD}); else a Testcontainers PostgreSQL 15 when Docker is
 * available; else an error that says how to provide one.
 */
public final class TestPostgres {

    public static final String URL_ENV = "PARTSMITH_TEST_JDBC_URL";
    public static final String USER_ENV = "PARTSMITH_TEST_JDBC_USER";
    public static final String PASSWORD_ENV = "PARTSMITH_TEST_JDBC_PASSWORD";

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
        String url = System.getenv(URL_ENV);
        if (url != null && !url.isBlank()) {
            String user = envOr(USER_ENV, "postgres");
            String password = envOr(PASSWORD_ENV, "");
            return new TestPostgres(url.trim(), user, password);
        }
        if (dockerAvailable()) {
            PostgreSQLContainer container = new PostgreSQLContainer("postgres:15-alpine");
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "partsmith-test-postgres-stop"));
            return new TestPostgres(container.getJdbcUrl(), container.getUsername(), container.getPassword());
        }
        throw new IllegalStateException("No PostgreSQL for the tests: set " + URL_ENV
                + " to the JDBC URL of a PostgreSQL 15+ server whose user may create databases"
                + " (for example jdbc:postgresql://127.0.0.1:5432/postgres, user in " + USER_ENV
                + ", default postgres), or run the tests where Docker is available so Testcontainers can start one.");
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        }
        catch (RuntimeException ex) {
            return false;
        }
    }

    static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
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
