package dev.partsmith.sample;

/** The sample's embedded PostgreSQL could not start; {@link EmbeddedPostgresFailureAnalyzer} says what to do instead. */
public class EmbeddedPostgresException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String reason;
    private final boolean runningAsRoot;

    private EmbeddedPostgresException(String reason, boolean runningAsRoot, Throwable cause) {
        super("The embedded PostgreSQL cannot start: " + reason, cause);
        this.reason = reason;
        this.runningAsRoot = runningAsRoot;
    }

    /** The process runs as root, which PostgreSQL refuses. */
    static EmbeddedPostgresException runningAsRoot() {
        return new EmbeddedPostgresException("this process runs as root, and PostgreSQL refuses to run as root", true, null);
    }

    /** Starting the server failed. */
    static EmbeddedPostgresException failedToStart(Exception cause) {
        return new EmbeddedPostgresException(String.valueOf(cause.getMessage()), false, cause);
    }

    /** Why it cannot start. */
    public String reason() {
        return reason;
    }

    /** Whether it is because the process runs as root. */
    public boolean isRunningAsRoot() {
        return runningAsRoot;
    }
}
