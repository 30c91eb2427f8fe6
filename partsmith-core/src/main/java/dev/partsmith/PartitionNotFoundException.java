package dev.partsmith;

/**
 * The partition (or table) an operation names does not exist.
 */
public class PartitionNotFoundException extends PartitionException {

    private static final long serialVersionUID = 1L;

    public PartitionNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
