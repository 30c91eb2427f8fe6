package dev.partsmith.plan;

import dev.partsmith.catalog.PartitionInfo;
import dev.partsmith.catalog.QualifiedName;

/**
 * Retire an expired partition: write the orphan marker, then detach it, {@code CONCURRENTLY} when the
 * parent has no DEFAULT partition.
 *
 * @param info the partition as the plan saw it (handed to the before-detach hooks)
 * @param concurrently whether {@code DETACH ... CONCURRENTLY} is used
 */
public record DetachPartition(PartitionInfo info, boolean concurrently) implements PartitionOperation {

    @Override
    public QualifiedName partition() {
        return info.table();
    }

    @Override
    public String describe() {
        return "detach " + partition() + " " + info.boundExpression() + (concurrently ? " concurrently" : "");
    }
}
