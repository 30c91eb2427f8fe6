package dev.partsmith;

/**
 * Base of every error partsmith raises. Unchecked: a maintenance run turns each one into an issue of
 * its {@link dev.partsmith.lifecycle.MaintenanceResult}; direct callers of the repository may catch it.
 */
public class PartitionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public PartitionException(String message) {
        super(message);
    }

    public PartitionException(String message, Throwable cause) {
        super(message, cause);
    }
}
