package dev.partsmith;

/**
 * The table is still attached to its parent, so it may not be dropped.
 */
public class PartitionAttachedException extends PartitionException {

    private static final long serialVersionUID = 1L;

    public PartitionAttachedException(String message) {
        super(message);
    }
}
