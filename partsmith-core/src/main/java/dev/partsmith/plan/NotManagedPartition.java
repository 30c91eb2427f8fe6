package dev.partsmith.plan;

import java.util.Objects;

import dev.partsmith.catalog.PartitionInfo;

/**
 * A partition, or a marked detached table, that partsmith leaves alone: it never detaches, attaches
 * or drops it, and says why.
 *
 * @param partition the partition or table as the catalog shows it
 * @param reason why partsmith does not manage it, and what would make it
 */
public record NotManagedPartition(PartitionInfo partition, String reason) {

    public NotManagedPartition {
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(reason, "reason");
    }
}
