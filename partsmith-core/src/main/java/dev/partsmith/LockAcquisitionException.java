package dev.partsmith;

/**
 * The lock service could not be asked (database or Redis unreachable, lock table missing, lock lost
 * during a run). A lock that another maintainer holds is not an error: the run is skipped instead.
 */
public class LockAcquisitionException extends PartitionException {

    private static final long serialVersionUID = 1L;

    public LockAcquisitionException(String message) {
        super(message);
    }

    public LockAcquisitionException(String message, Throwable cause) {
        super(message, cause);
    }
}
