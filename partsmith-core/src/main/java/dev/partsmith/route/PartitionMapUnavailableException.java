package dev.partsmith.route;

import dev.partsmith.PartitionException;

/** A {@link PartitionRouter} cannot give a current partition map of a table, and says why instead of answering from an old one. */
public class PartitionMapUnavailableException extends PartitionException {

    private static final long serialVersionUID = 1L;

    public PartitionMapUnavailableException(String message) {
        super(message);
    }

    public PartitionMapUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
