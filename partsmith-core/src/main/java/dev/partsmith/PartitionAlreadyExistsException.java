package dev.partsmith;

/**
 * A relation with the partition's name already exists and is not a table partsmith may adopt.
 */
public class PartitionAlreadyExistsException extends PartitionException {

    private static final long serialVersionUID = 1L;

    public PartitionAlreadyExistsException(String message, Throwable cause) {
        super(message, cause);
    }
}
