package dev.partsmith.lifecycle;

import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.Optional;

import dev.partsmith.catalog.PartitionBound;
import dev.partsmith.catalog.PartitionInfo;
import dev.partsmith.catalog.PartitionKeyType;
import dev.partsmith.catalog.QualifiedName;
import dev.partsmith.config.TablePartitionConfig;

/**
 * What a hook is told about the partition at its step: the table's config, the partition with its
 * bounds (as the catalog shows them, or as its marker records them once detached), the key's type,
 * and the rows moved out of DEFAULT into it.
 *
 * @param config the table's config
 * @param keyType how the range key of the partition's level is read; {@code null} for a LIST or HASH level
 * @param partition the partition; for a new one, as it is attached
 * @param movedRows rows moved out of the DEFAULT partition into it (after create; 0 elsewhere)
 */
public record PartitionContext(TablePartitionConfig config, PartitionKeyType keyType, PartitionInfo partition, long movedRows) {

    public PartitionContext {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(partition, "partition");
    }

    /** The parent table. */
    public QualifiedName table() {
        return config.qualifiedName();
    }

    /** The partition's name without schema. */
    public String partitionName() {
        return partition.name();
    }

    /** The lower bound as a time in the table's zone; empty when unbounded, unknown, or not a time. */
    public Optional<ZonedDateTime> from() {
        return zoned(partition.lower());
    }

    /** The upper bound as a time in the table's zone; empty when unbounded, unknown, or not a time. */
    public Optional<ZonedDateTime> to() {
        return zoned(partition.upper());
    }

    private Optional<ZonedDateTime> zoned(PartitionBound bound) {
        return bound == null || !bound.finite() || keyType == null || !keyType.time() ? Optional.empty()
                : Optional.of(keyType.zoned(bound.point(), config.timezone()));
    }
}
