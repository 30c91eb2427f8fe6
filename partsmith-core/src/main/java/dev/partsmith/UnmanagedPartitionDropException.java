package dev.partsmith;

/**
 * A drop was refused because the table does not carry this parent's orphan marker, is still attached, or its grace has not elapsed.
 */
public class UnmanagedPartitionDropException extends PartitionException {

    private static final long serialVersionUID = 1L;

    public UnmanagedPartitionDropException(String message) {
        super(message);
    }
}
