package dev.partsmith.autoconfigure.event;

import dev.partsmith.autoconfigure.PartsmithTable;
import dev.partsmith.catalog.QualifiedName;

/**
 * A detached partition was dropped. A listener that throws is treated like an {@code afterDrop}
 * hook that throws: a warning of the run.
 */
public class PartitionDroppedEvent extends PartsmithEvent {

    private static final long serialVersionUID = 1L;

    private final QualifiedName partition;

    public PartitionDroppedEvent(PartsmithTable table, QualifiedName partition) {
        super(table);
        this.partition = partition;
    }

    /** The dropped table. */
    public QualifiedName partition() {
        return partition;
    }

    @Override
    public String toString() {
        return "PartitionDroppedEvent[" + partition + "]";
    }
}
