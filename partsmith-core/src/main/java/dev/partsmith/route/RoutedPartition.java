package dev.partsmith.route;

import java.util.Objects;

import dev.partsmith.catalog.PartitionBounds;
import dev.partsmith.catalog.QualifiedName;

/**
 * One partition that takes rows, as a {@link PartitionRouter} sees it: its bounds, and when it is
 * partitioned in turn, its own map.
 *
 * @param table the partition, schema-qualified
 * @param boundExpression {@code pg_get_expr(relpartbound)} as printed in a UTC session:
 *        {@code FOR VALUES FROM ('2024-03-01 00:00:00+00') TO ('2024-04-01 00:00:00+00')},
 *        {@code FOR VALUES IN ('eu')}, {@code FOR VALUES WITH (modulus 4, remainder 1)} or {@code DEFAULT}
 * @param bounds the bounds parsed: a range (one value per key column, each with its point on the column's
 *        axis for time and integer columns), a list of values, a hash remainder, or DEFAULT
 * @param subpartitions the partition's own map when it is partitioned in turn; {@code null} when it holds rows itself
 */
public record RoutedPartition(QualifiedName table, String boundExpression, PartitionBounds bounds, PartitionMap subpartitions) {

    public RoutedPartition {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(boundExpression, "boundExpression");
        Objects.requireNonNull(bounds, "bounds");
    }

    /** The partition's name without schema. */
    public String name() {
        return table.name();
    }

    /** Whether it is its parent's DEFAULT partition, which takes every key no other partition of the parent holds. */
    public boolean defaultPartition() {
        return bounds instanceof PartitionBounds.Default;
    }

    /** Whether it is partitioned in turn: a key that lands in it goes on to one of its partitions. */
    public boolean partitioned() {
        return subpartitions != null;
    }
}
