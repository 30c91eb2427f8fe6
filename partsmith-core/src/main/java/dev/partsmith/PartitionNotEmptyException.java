package dev.partsmith;

/**
 * A partition that may only be retired empty (the partition of a list value no longer listed) holds
 * rows: it stays attached, and the run reports it as a warning.
 */
public class PartitionNotEmptyException extends PartitionException {

    private static final long serialVersionUID = 1L;

    public PartitionNotEmptyException(String message) {
        super(message);
    }
}
