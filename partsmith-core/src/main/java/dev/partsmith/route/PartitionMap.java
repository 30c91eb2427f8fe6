package dev.partsmith.route;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.partsmith.catalog.PartitionInfo;
import dev.partsmith.catalog.PartitionKeyType;
import dev.partsmith.catalog.PartitionTree;
import dev.partsmith.catalog.QualifiedName;

/**
 * A partitioned table's partitions that take rows, as a {@link PartitionRouter} knows them at one moment:
 * resolve keys against it with {@link #resolve(RoutingKey)}. Immutable.
 *
 * @param table the partitioned table
 * @param keyType the type of its partition key
 * @param partitions its attached partitions, DEFAULT included, by lower bound; a partition whose detach is
 *        pending is not among them, as PostgreSQL no longer routes rows to it
 */
public record PartitionMap(QualifiedName table, PartitionKeyType keyType, List<RoutedPartition> partitions) {

    public PartitionMap {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(keyType, "keyType");
        partitions = List.copyOf(partitions);
    }

    /** The partitions of a catalog snapshot that take rows. */
    public static PartitionMap of(PartitionTree tree) {
        return new PartitionMap(tree.parent(), tree.keyType(), tree.partitions().stream().filter(PartitionMap::takesRows)
                .map(RoutedPartition::of).toList());
    }

    /**
     * The partition that holds {@code key}: the range partition whose bounds contain it, else the DEFAULT
     * partition when there is one; empty when neither.
     *
     * @throws IllegalArgumentException when the key's type does not fit the table's key column
     */
    public Optional<RoutedPartition> resolve(RoutingKey key) {
        return PartitionMatcher.match(this, key);
    }

    /** The DEFAULT partition, if the table has one. */
    public Optional<RoutedPartition> defaultPartition() {
        return partitions.stream().filter(RoutedPartition::defaultPartition).findFirst();
    }

    /** Whether PostgreSQL routes rows to the partition: attached, no detach pending, a range or DEFAULT. */
    private static boolean takesRows(PartitionInfo partition) {
        return partition.attached() && !partition.detachPending() && (partition.defaultPartition() || partition.ranged());
    }
}
