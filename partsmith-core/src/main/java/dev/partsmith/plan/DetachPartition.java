package dev.partsmith.plan;

import dev.partsmith.catalog.PartitionInfo;
import dev.partsmith.catalog.QualifiedName;

/**
 * Retire a partition (with its own partitions, when it has any): write the orphan marker, then detach
 * it, {@code CONCURRENTLY} when the parent has no DEFAULT partition.
 *
 * @param parent the table it is detached from
 * @param info the partition as the plan saw it (handed to the before-detach hooks)
 * @param concurrently whether {@code DETACH ... CONCURRENTLY} is used
 * @param onlyIfEmpty whether it is detached only when it holds no row (the partition of a list value
 *        no longer listed), checked right before the detach
 */
public record DetachPartition(QualifiedName parent, PartitionInfo info, boolean concurrently, boolean onlyIfEmpty) implements PartitionOperation {

    @Override
    public QualifiedName partition() {
        return info.table();
    }

    @Override
    public String describe() {
        return "detach " + partition() + " " + info.boundExpression() + (concurrently ? " concurrently" : "") + (onlyIfEmpty ? " if empty" : "");
    }
}
