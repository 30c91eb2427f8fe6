package dev.partsmith.route;

import java.util.Objects;

import dev.partsmith.catalog.PartitionBound;
import dev.partsmith.catalog.PartitionInfo;
import dev.partsmith.catalog.QualifiedName;

/**
 * One partition that takes rows, as a {@link PartitionRouter} sees it: its bounds as the catalog prints
 * them, each with its point on the key's axis.
 *
 * @param table the partition, schema-qualified
 * @param boundExpression {@code pg_get_expr(relpartbound)} as printed in a UTC session:
 *        {@code FOR VALUES FROM ('2024-03-01 00:00:00+00') TO ('2024-04-01 00:00:00+00')} or {@code DEFAULT}
 * @param lower the lower bound (included); {@code null} for the DEFAULT partition
 * @param upper the upper bound (excluded); {@code null} for the DEFAULT partition
 * @param defaultPartition whether it is the table's DEFAULT partition, which takes every key no range holds
 */
public record RoutedPartition(QualifiedName table, String boundExpression, PartitionBound lower, PartitionBound upper,
        boolean defaultPartition) {

    public RoutedPartition {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(boundExpression, "boundExpression");
        if (!defaultPartition && (lower == null || upper == null)) {
            throw new IllegalArgumentException("range partition " + table + " needs both bounds: " + boundExpression);
        }
    }

    /** The partition as a router sees it, from the catalog's view of it. */
    public static RoutedPartition of(PartitionInfo partition) {
        return new RoutedPartition(partition.table(), partition.boundExpression(), partition.lower(), partition.upper(),
                partition.defaultPartition());
    }

    /** The partition's name without schema. */
    public String name() {
        return table.name();
    }
}
