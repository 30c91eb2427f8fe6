package dev.partsmith;

/**
 * The configured parent table cannot be managed: it is missing, not partitioned by range, or partitioned on another column or a key type partsmith does not support.
 */
public class InvalidParentTableException extends PartitionException {

    private static final long serialVersionUID = 1L;

    public InvalidParentTableException(String message) {
        super(message);
    }

    public InvalidParentTableException(String message, Throwable cause) {
        super(message, cause);
    }
}
