package dev.partsmith;

/**
 * No connection to PostgreSQL could be opened: the server cannot be reached (SQLSTATE class 08: refused,
 * timed out, unknown host), or it refused the connection's settings (a wrong password or role, a database
 * that does not exist). The message names the server, the database and the role (never the password) and
 * quotes the driver's reason, in one line.
 */
public class DatabaseConnectionException extends PartitionException {

    private static final long serialVersionUID = 1L;

    private final String sqlState;

    /**
     * @param message the whole description, in one line
     * @param sqlState the driver's SQLSTATE; {@code null} when it gave none
     * @param cause what the driver or the pool threw
     */
    public DatabaseConnectionException(String message, String sqlState, Throwable cause) {
        super(message, cause);
        this.sqlState = sqlState;
    }

    /** The driver's SQLSTATE, for example {@code 08001} or {@code 28P01}; {@code null} when it gave none. */
    public String sqlState() {
        return sqlState;
    }

    /**
     * Whether the server refused the connection's settings, so that trying again with the same settings
     * cannot succeed: a wrong password ({@code 28P01}), a role that does not exist or may not log in
     * ({@code 28000}), a database that does not exist ({@code 3D000}). {@code false} when the server could
     * not be reached or was not ready, which a later attempt may overcome.
     */
    public boolean refusedSettings() {
        return "28P01".equals(sqlState) || "28000".equals(sqlState) || "3D000".equals(sqlState);
    }
}
