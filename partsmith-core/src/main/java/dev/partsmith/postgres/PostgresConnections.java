package dev.partsmith.postgres;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import javax.sql.DataSource;

import org.springframework.beans.BeanWrapper;
import org.springframework.beans.PropertyAccessorFactory;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.transaction.CannotCreateTransactionException;

import dev.partsmith.DatabaseConnectionException;

/**
 * Opening connections to PostgreSQL, and saying in one line why it failed: the server, database and role
 * the {@link DataSource} connects to (read from its JDBC URL and user name, never its password) and the
 * driver's own reason with its SQLSTATE.
 */
public final class PostgresConnections {

    private static final String PREFIX = "jdbc:postgresql:";
    private static final int DEFAULT_PORT = 5432;

    /** SQLSTATEs with which a server refuses to open a session: too many connections, starting up or shutting down. */
    private static final Set<String> REFUSED_SESSION = Set.of("53300", "57P03");

    private PostgresConnections() {
    }

    /**
     * Opens one connection of {@code dataSource} and closes it again, to find out before any work whether
     * the database can be reached with the configured settings.
     *
     * @throws DatabaseConnectionException when no connection can be opened, naming the server, database
     *         and role and the driver's reason
     */
    public static void check(DataSource dataSource) {
        try {
            dataSource.getConnection().close();
        }
        catch (SQLException | RuntimeException ex) {
            throw failure(dataSource, ex);
        }
    }

    /**
     * {@code error} as a {@link DatabaseConnectionException} when it says that no connection could be
     * opened (as Spring reports a failed {@code getConnection()}); {@code error} itself otherwise.
     */
    static RuntimeException translate(DataSource dataSource, RuntimeException error) {
        if (error instanceof CannotGetJdbcConnectionException
                || (error instanceof CannotCreateTransactionException && failedToConnect(error))) {
            return failure(dataSource, error);
        }
        return error;
    }

    /** Whether the driver's error is one of opening a session rather than of running a statement. */
    private static boolean failedToConnect(Throwable error) {
        SQLException driver = driverError(error);
        if (driver == null) {
            return false;
        }
        String state = driver.getSQLState();
        return driver instanceof SQLTransientConnectionException || (state != null
                && (state.startsWith("08") || state.startsWith("28") || "3D000".equals(state) || REFUSED_SESSION.contains(state)));
    }

    /** The failure to connect described in one line, with the target and the driver's reason. */
    static DatabaseConnectionException failure(DataSource dataSource, Throwable error) {
        SQLException driver = driverError(error);
        Throwable reasonSource = driver != null ? driver : error;
        StringBuilder reason = new StringBuilder(firstLine(reasonSource.getMessage(), reasonSource));
        Throwable detail = reasonSource.getCause();
        if (detail != null && !(detail instanceof SQLException) && detail.getMessage() != null) {
            reason.append(" (").append(detail.getClass().getSimpleName()).append(": ").append(firstLine(detail.getMessage(), detail))
                    .append(')');
        }
        String state = driver == null ? null : driver.getSQLState();
        if (state != null) {
            reason.append(" [SQLSTATE ").append(state).append(']');
        }
        String target = describe(dataSource);
        return new DatabaseConnectionException("cannot connect to PostgreSQL" + (target == null ? "" : " at " + target) + ": " + reason, state,
                error);
    }

    /** The innermost SQLException of the chain: the driver's own, under any pool's wrapping. */
    private static SQLException driverError(Throwable error) {
        SQLException found = null;
        for (Throwable cause = error; cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                found = sql;
            }
        }
        return found;
    }

    private static String firstLine(String message, Throwable source) {
        if (message == null || message.isBlank()) {
            return source.getClass().getName();
        }
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).trim();
    }

    /**
     * Where {@code dataSource} connects, as {@code host:port, database "name", role "name"}; {@code null}
     * when it shows no PostgreSQL JDBC URL (a {@code jdbcUrl} or {@code url} property, as Hikari, the
     * driver's own data sources, Tomcat's and DBCP's pools have).
     */
    static String describe(DataSource dataSource) {
        DataSource target = dataSource;
        while (target instanceof DelegatingDataSource delegating && delegating.getTargetDataSource() != null) {
            target = delegating.getTargetDataSource();
        }
        BeanWrapper properties = PropertyAccessorFactory.forBeanPropertyAccess(target);
        String url = read(properties, "jdbcUrl", "url");
        return url == null ? null : describe(url, read(properties, "username", "user"));
    }

    private static String read(BeanWrapper properties, String... names) {
        for (String name : names) {
            try {
                if (properties.isReadableProperty(name) && properties.getPropertyValue(name) instanceof String value && !value.isBlank()) {
                    return value;
                }
            }
            catch (RuntimeException ex) {
                // a getter that cannot answer: the next name, or no description
            }
        }
        return null;
    }

    /**
     * A PostgreSQL JDBC URL and user as {@code host:port, database "name", role "name"}, with the driver's
     * defaults: host localhost, port 5432, the role the {@code user} parameter or else the operating
     * system's user, the database the role's name. {@code null} for a URL of another driver.
     */
    static String describe(String url, String user) {
        if (!url.startsWith(PREFIX)) {
            return null;
        }
        String rest = url.substring(PREFIX.length());
        String query = "";
        int questionMark = rest.indexOf('?');
        if (questionMark >= 0) {
            query = rest.substring(questionMark + 1);
            rest = rest.substring(0, questionMark);
        }
        List<String> hosts = new ArrayList<>();
        String database = rest;
        if (rest.startsWith("//")) {
            int slash = rest.indexOf('/', 2);
            String hostList = slash < 0 ? rest.substring(2) : rest.substring(2, slash);
            database = slash < 0 ? "" : rest.substring(slash + 1);
            for (String host : hostList.split(",")) {
                if (!host.isEmpty()) {
                    hosts.add(withPort(host));
                }
            }
        }
        if (hosts.isEmpty()) {
            hosts.add("localhost:" + DEFAULT_PORT);
        }
        String role = user != null ? user : parameter(query, "user");
        if (role == null) {
            role = System.getProperty("user.name");
        }
        database = decode(database);
        if (database.isEmpty()) {
            database = role;
        }
        return String.join(",", hosts) + ", database \"" + database + "\", role \"" + role + "\"";
    }

    private static String withPort(String host) {
        int bracket = host.lastIndexOf(']');
        int colon = host.lastIndexOf(':');
        boolean hasPort = bracket >= 0 ? colon > bracket : colon >= 0;
        return hasPort ? host : host + ":" + DEFAULT_PORT;
    }

    private static String parameter(String query, String name) {
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0 && pair.substring(0, equals).equals(name)) {
                return decode(pair.substring(equals + 1));
            }
        }
        return null;
    }

    private static String decode(String part) {
        try {
            return URLDecoder.decode(part, StandardCharsets.UTF_8);
        }
        catch (IllegalArgumentException ex) {
            return part;
        }
    }
}
