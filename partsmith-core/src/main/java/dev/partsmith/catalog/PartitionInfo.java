package dev.partsmith.catalog;

import java.util.List;
import java.util.Objects;

/**
 * One partition, or one of partsmith's detached tables, as the catalog shows it.
 *
 * @param table schema and name
 * @param boundExpression {@code pg_get_expr(relpartbound)} as read in a UTC session
 *        ({@code FOR VALUES FROM (...) TO (...)}, {@code DEFAULT}); for a detached table, the bounds its
 *        marker records; {@code null} when neither is known
 * @param bounds the bounds parsed; {@code null} when they are not known
 * @param attached whether it is a partition of its parent (also while a detach is pending)
 * @param detachPending whether a {@code DETACH ... CONCURRENTLY} was interrupted and awaits {@code FINALIZE}
 * @param rowEstimate live rows as the statistics know them (no scan is made); 0 when unknown; for a
 *        partitioned table, the sum of its partitions'
 * @param sizeEstimateBytes heap size from the statistics ({@code relpages} times the block size, as of the table's last
 *        VACUUM, ANALYZE or CREATE INDEX): 0 until the table was vacuumed or analyzed. Reading the real size
 *        ({@code pg_relation_size}) would take a lock on the table, which catalog reads never do
 * @param marker partsmith's marker in the table's COMMENT, or {@code null}
 * @param subpartitions when the table is partitioned in turn, its key and partitions; {@code null} for a plain table
 * @param oid the table's OID as the catalog read it; 0 for a table known only by name (a planned one)
 * @param alignment for an attached partition, what of its parent's indexes and CHECK constraints it lacks;
 *        {@link Alignment#ALIGNED} for others
 */
public record PartitionInfo(QualifiedName table, String boundExpression, PartitionBounds bounds, boolean attached, boolean detachPending,
        long rowEstimate, long sizeEstimateBytes, PartitionMarker marker, PartitionNode subpartitions, long oid, Alignment alignment) {

    public PartitionInfo {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(alignment, "alignment");
    }

    /** A table without a known OID, aligned with its parent. */
    public PartitionInfo(QualifiedName table, String boundExpression, PartitionBounds bounds, boolean attached, boolean detachPending,
            long rowEstimate, long sizeEstimateBytes, PartitionMarker marker, PartitionNode subpartitions) {
        this(table, boundExpression, bounds, attached, detachPending, rowEstimate, sizeEstimateBytes, marker, subpartitions, 0, Alignment.ALIGNED);
    }

    /** The partition's name without schema. */
    public String name() {
        return table.name();
    }

    /** The partition's schema. */
    public String schema() {
        return table.schema();
    }

    /** Whether it is its parent's DEFAULT partition. */
    public boolean defaultPartition() {
        return bounds instanceof PartitionBounds.Default;
    }

    /** Whether it is partitioned in turn. */
    public boolean partitioned() {
        return subpartitions != null;
    }

    /** Its range, when its bounds are a range. */
    public PartitionBounds.Range range() {
        return bounds instanceof PartitionBounds.Range range ? range : null;
    }

    /** The lower bound of its range's last column; {@code null} unless its bounds are a range. */
    public PartitionBound lower() {
        PartitionBounds.Range range = range();
        return range == null ? null : range.lower();
    }

    /** The upper bound of its range's last column; {@code null} unless its bounds are a range. */
    public PartitionBound upper() {
        PartitionBounds.Range range = range();
        return range == null ? null : range.upper();
    }

    /** Whether it is attached with a range whose last column has points on the key's axis. */
    public boolean ranged() {
        return attached && range() != null && lower().point() != null && upper().point() != null;
    }

    /** Whether it is attached with a range for these leading column values ({@link PartitionBounds.Range#prefix()}). */
    public boolean rangedWithin(List<String> prefix) {
        return ranged() && prefix.equals(range().prefix());
    }

    /** Whether its range shares any point with {@code [from, to)} on the key's axis. */
    public boolean overlaps(KeyPoint from, KeyPoint to) {
        return ranged() && lower().point().isBefore(to) && from.isBefore(upper().point());
    }

    /** Whether its range is exactly {@code [from, to)}. */
    public boolean covers(KeyPoint from, KeyPoint to) {
        return ranged() && lower().point().equals(from) && upper().point().equals(to);
    }

    /** This partition, attached or not, with its rows as estimated. */
    public PartitionInfo withAttached(boolean attached, long rowEstimate) {
        return new PartitionInfo(table, boundExpression, bounds, attached, false, rowEstimate, sizeEstimateBytes, marker, subpartitions, oid,
                alignment);
    }

    /** A planned partition: known only by its name and bounds. */
    public static PartitionInfo planned(QualifiedName table, PartitionBounds bounds) {
        return new PartitionInfo(table, bounds.forValues(), bounds, false, false, 0, 0, null, null);
    }
}
