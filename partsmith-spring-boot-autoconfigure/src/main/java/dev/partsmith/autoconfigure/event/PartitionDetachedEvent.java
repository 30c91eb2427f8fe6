package dev.partsmith.autoconfigure.event;

import dev.partsmith.autoconfigure.PartsmithTable;
import dev.partsmith.catalog.QualifiedName;

/**
 * An expired partition was detached; it is now a table of its own awaiting its drop. A listener
 * that throws is treated like an {@code afterDetach} hook that throws: a warning of the run.
 */
public class PartitionDetachedEvent extends PartsmithEvent {

    private static final long serialVersionUID = 1L;

    private final QualifiedName partition;

    public PartitionDetachedEvent(PartsmithTable table, QualifiedName partition) {
        super(table);
        this.partition = partition;
    }

    /** The detached table. */
    public QualifiedName partition() {
        return partition;
    }

    @Override
    public String toString() {
        return "PartitionDetachedEvent[" + partition + "]";
    }
}
