package dev.partsmith.route;

import java.util.Optional;

import dev.partsmith.catalog.QualifiedName;

/**
 * Tells which table of a partitioned table's tree holds a row with a given key, the way PostgreSQL would
 * route the row: at the table and at each partitioned partition the key reaches, the partition whose
 * bounds hold the key (a range, a listed value, a hash remainder), else that table's DEFAULT partition,
 * else none.
 *
 * <p>Two forms come with partsmith: {@link CatalogPartitionRouter} reads the catalog on each call, and
 * the Spring Boot starter's Redis router reads the partition map partsmith publishes after every change
 * and drops it when a change is announced. Implementations are thread-safe.
 */
public interface PartitionRouter {

    /**
     * The table's partitions, and theirs at every depth, as this router knows them now: resolve many keys
     * against it without asking the router again.
     *
     * @throws PartitionMapUnavailableException when the router has no current map of the table (it does
     *         not know the table, or its source cannot give an up-to-date map)
     */
    PartitionMap map(QualifiedName table);

    /**
     * The table of {@code table}'s tree that holds a row with {@code key} ({@link PartitionMap#resolve}):
     * a partition whose bounds hold it, or a DEFAULT partition ({@link RoutedPartition#defaultPartition()})
     * where no other partition does; empty when a partitioned table on the way has neither, which is when
     * PostgreSQL refuses the row with "no partition of relation found for row".
     *
     * @throws PartitionMapUnavailableException as {@link #map(QualifiedName)}
     * @throws IllegalArgumentException when the key lacks a value the route needs or holds one its column
     *         cannot take, naming the table and what it takes
     */
    default Optional<RoutedPartition> resolve(QualifiedName table, RoutingKey key) {
        return map(table).resolve(key);
    }
}
