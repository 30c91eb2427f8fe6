package dev.partsmith.plan;

import java.util.List;

import dev.partsmith.catalog.PartitionBounds;
import dev.partsmith.catalog.PartitionKey;
import dev.partsmith.catalog.QualifiedName;

/**
 * Create a new partition: a standalone table like the managed parent, then {@code ATTACH PARTITION}
 * to {@code parent} for {@code bounds}, moving any rows of the bounds out of the parent's DEFAULT
 * partition in the attach's transaction. A partition with levels below it is built whole before its
 * attach: created {@code PARTITION BY partitionBy}, its own partitions ({@code children}) created and
 * attached to it while nothing else can see it, and only then attached, so the live parent is locked once.
 *
 * @param parent the table the partition is attached to
 * @param partition the new table
 * @param bounds what it covers
 * @param partitionBy its partition key when it is partitioned in turn; {@code null} for a table of rows
 * @param children its partitions, built before it is attached; empty for a table of rows
 * @param storageFrom the newest existing partition, whose storage parameters the new tables take
 *        (PostgreSQL keeps none on a partitioned table); {@code null} when there is none
 */
public record CreatePartition(QualifiedName parent, QualifiedName partition, PartitionBounds bounds, PartitionKey partitionBy,
        List<CreatePartition> children, QualifiedName storageFrom) implements PartitionOperation {

    public CreatePartition {
        children = List.copyOf(children);
    }

    @Override
    public String describe() {
        return "create " + partition + " for " + bounds.describe() + (partitionBy == null ? ""
                : ", partitioned by " + partitionBy + " into " + children.size() + (children.size() == 1 ? " partition" : " partitions"));
    }
}
