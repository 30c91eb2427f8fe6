package dev.partsmith.route;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import dev.partsmith.catalog.ByteLayout;
import dev.partsmith.catalog.PartitionInfo;
import dev.partsmith.catalog.PartitionKey;
import dev.partsmith.catalog.PartitionKeyType;
import dev.partsmith.catalog.PartitionNode;
import dev.partsmith.catalog.PartitionTree;
import dev.partsmith.catalog.QualifiedName;
import dev.partsmith.config.EpochUnit;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.config.TimeLevel;

/**
 * A partitioned table's partitions that take rows, as a {@link PartitionRouter} knows them at one moment,
 * down to the tables that hold rows: each partition that is partitioned in turn carries its own map.
 * Resolve keys against it with {@link #resolve(RoutingKey)}. Immutable.
 *
 * @param table the partitioned table
 * @param strategy how it splits its rows: RANGE, LIST or HASH
 * @param key its key's columns, in key order
 * @param byteLayout how the database stores and hashes values' bytes (the same throughout a tree)
 * @param partitions its attached partitions, DEFAULT included, in the catalog snapshot's order; a
 *        partition whose detach is pending is not among them, as PostgreSQL no longer routes rows to it
 */
public record PartitionMap(QualifiedName table, PartitionKey.Strategy strategy, List<KeyColumn> key, ByteLayout byteLayout,
        List<RoutedPartition> partitions) {

    public PartitionMap {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(byteLayout, "byteLayout");
        key = List.copyOf(key);
        partitions = List.copyOf(partitions);
    }

    /**
     * The partitions of a catalog snapshot that take rows, at every depth. {@code config} says which
     * {@code bigint} columns hold epoch seconds or milliseconds, so that instants can be placed on them.
     */
    public static PartitionMap of(PartitionTree tree, TablePartitionConfig config) {
        Map<String, EpochUnit> epochs = config.levels().stream().filter(TimeLevel.class::isInstance).map(TimeLevel.class::cast)
                .filter(level -> level.epoch() != null).collect(Collectors.toMap(TimeLevel::column, TimeLevel::epoch, (first, second) -> first));
        return of(tree.root(), epochs, tree.byteLayout());
    }

    private static PartitionMap of(PartitionNode node, Map<String, EpochUnit> epochs, ByteLayout byteLayout) {
        List<KeyColumn> key = node.key().columns().stream().map(column -> new KeyColumn(column,
                column.name() != null && column.rangeType() == PartitionKeyType.BIGINT ? epochs.get(column.name()) : null))
                .toList();
        List<RoutedPartition> partitions = node.partitions().stream().filter(PartitionMap::takesRows)
                .map(partition -> new RoutedPartition(partition.table(), partition.boundExpression(), partition.bounds(),
                        partition.partitioned() ? of(partition.subpartitions(), epochs, byteLayout) : null))
                .toList();
        return new PartitionMap(node.table(), node.key().strategy(), key, byteLayout, partitions);
    }

    /**
     * The table that holds rows with {@code key}, as PostgreSQL routes a row: at this table and at each
     * partitioned partition the key reaches, the partition whose bounds hold the key's values for that
     * table's key columns, else that table's DEFAULT partition; empty when neither, which is when
     * PostgreSQL refuses the row ("no partition of relation ... found for row").
     *
     * @throws IllegalArgumentException when the key lacks a value the route needs, names a column no key of
     *         the tree has, or holds a value its column cannot take or the router cannot place unambiguously;
     *         the message names the table and what it takes
     */
    public Optional<RoutedPartition> resolve(RoutingKey key) {
        return PartitionMatcher.match(this, key);
    }

    /** The table's DEFAULT partition, if it has one. */
    public Optional<RoutedPartition> defaultPartition() {
        return partitions.stream().filter(RoutedPartition::defaultPartition).findFirst();
    }

    /** The names of the key columns of this table and of every partitioned partition below it, each once, this table's first. */
    public Set<String> columns() {
        Set<String> columns = new LinkedHashSet<>();
        key.stream().map(KeyColumn::name).filter(Objects::nonNull).forEach(columns::add);
        partitions.stream().filter(RoutedPartition::partitioned).forEach(partition -> columns.addAll(partition.subpartitions().columns()));
        return columns;
    }

    /** Whether PostgreSQL routes rows to the partition: attached, no detach pending, its bounds known. */
    private static boolean takesRows(PartitionInfo partition) {
        return partition.attached() && !partition.detachPending() && partition.bounds() != null;
    }
}
