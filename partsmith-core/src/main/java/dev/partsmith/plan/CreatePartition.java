package dev.partsmith.plan;

import dev.partsmith.catalog.QualifiedName;

/**
 * Create a new partition: a standalone table like the parent, then {@code ATTACH PARTITION} over the
 * window, moving any rows of the window out of the DEFAULT partition in the attach's transaction.
 */
public record CreatePartition(QualifiedName partition, PartitionWindow window) implements PartitionOperation {

    @Override
    public String describe() {
        return "create " + partition + " for " + window;
    }
}
