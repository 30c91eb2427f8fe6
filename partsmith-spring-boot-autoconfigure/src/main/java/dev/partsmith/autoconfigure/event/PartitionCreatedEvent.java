package dev.partsmith.autoconfigure.event;

import dev.partsmith.autoconfigure.PartsmithTable;
import dev.partsmith.catalog.PartitionInfo;

/**
 * A partition was created and attached. A listener that throws is treated like an {@code afterCreate}
 * hook that throws: a warning of the run, the partition stays.
 */
public class PartitionCreatedEvent extends PartsmithEvent {

    private static final long serialVersionUID = 1L;

    private final transient PartitionInfo partition;

    public PartitionCreatedEvent(PartsmithTable table, PartitionInfo partition) {
        super(table);
        this.partition = partition;
    }

    /** The new partition with its bounds (its row estimate counts the rows moved out of DEFAULT). */
    public PartitionInfo partition() {
        return partition;
    }

    @Override
    public String toString() {
        return "PartitionCreatedEvent[" + partition.table() + " " + partition.boundExpression() + "]";
    }
}
