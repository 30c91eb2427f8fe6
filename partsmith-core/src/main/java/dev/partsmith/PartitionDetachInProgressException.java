package dev.partsmith;

/**
 * A DETACH ... CONCURRENTLY is pending for the partition; only DETACH ... FINALIZE may complete it.
 */
public class PartitionDetachInProgressException extends PartitionException {

    private static final long serialVersionUID = 1L;

    public PartitionDetachInProgressException(String message) {
        super(message);
    }

    public PartitionDetachInProgressException(String message, Throwable cause) {
        super(message, cause);
    }
}
