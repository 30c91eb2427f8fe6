package dev.partsmith.plan;

import dev.partsmith.catalog.QualifiedName;

/**
 * Create a new partition: a standalone table like the parent, then {@code ATTACH PARTITION} over the
 * window, moving any rows of the window out of the DEFAULT partition in the attach's transaction.
 *
 * @param storageFrom the newest existing partition, whose storage parameters the new one takes
 *        (PostgreSQL keeps none on a partitioned table); {@code null} when there is none
 */
public record CreatePartition(QualifiedName partition, PartitionWindow window, QualifiedName storageFrom) implements PartitionOperation {

    @Override
    public String describe() {
        return "create " + partition + " for " + window;
    }
}
