package dev.partsmith;

/**
 * A DDL statement could not get its locks within lock_timeout, and every retry within the retry budget failed the same way. Nothing was changed by that statement; the next run tries again.
 */
public class DdlLockTimeoutException extends PartitionException {

    private static final long serialVersionUID = 1L;

    public DdlLockTimeoutException(String message) {
        super(message);
    }

    public DdlLockTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
