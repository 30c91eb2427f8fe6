package dev.partsmith.route;

import java.util.Optional;

import dev.partsmith.catalog.QualifiedName;

/**
 * Tells which partition of a partitioned table holds a key value, the way PostgreSQL would route a row
 * with that key: the range partition whose bounds contain it, else the DEFAULT partition when the table
 * has one, else none.
 *
 * <p>Two forms come with partsmith: {@link CatalogPartitionRouter} reads the catalog on each call, and
 * the Spring Boot starter's Redis router reads the partition map partsmith publishes after every change
 * and drops it when a change is announced. Implementations are thread-safe.
 */
public interface PartitionRouter {

    /**
     * The table's partitions as this router knows them now: resolve many keys against it without asking
     * the router again.
     *
     * @throws PartitionMapUnavailableException when the router has no current map of the table (it does
     *         not know the table, or its source cannot give an up-to-date map)
     */
    PartitionMap map(QualifiedName table);

    /**
     * The partition that holds {@code key} in {@code table}: a range partition, or the DEFAULT partition
     * ({@link RoutedPartition#defaultPartition()}) when no range holds it; empty when neither does, which
     * is when PostgreSQL refuses the row with "no partition of relation found for row".
     *
     * @throws PartitionMapUnavailableException as {@link #map(QualifiedName)}
     * @throws IllegalArgumentException when the key's type does not fit the table's key column
     */
    default Optional<RoutedPartition> resolve(QualifiedName table, RoutingKey key) {
        return map(table).resolve(key);
    }
}
