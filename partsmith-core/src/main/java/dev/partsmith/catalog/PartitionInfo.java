package dev.partsmith.catalog;

import java.util.Objects;

/**
 * One partition, or one of partsmith's detached tables, as the catalog shows it.
 *
 * @param table schema and name
 * @param boundExpression {@code pg_get_expr(relpartbound)} as read in a UTC session
 *        ({@code FOR VALUES FROM (...) TO (...)}, {@code DEFAULT}); for a detached table, the range its
 *        marker records; {@code null} when neither is known
 * @param lower parsed lower bound; {@code null} for the DEFAULT partition and when no range is known
 * @param upper parsed upper bound; {@code null} for the DEFAULT partition and when no range is known
 * @param attached whether it is a partition of the parent (also while a detach is pending)
 * @param detachPending whether a {@code DETACH ... CONCURRENTLY} was interrupted and awaits {@code FINALIZE}
 * @param defaultPartition whether it is the parent's DEFAULT partition
 * @param rowEstimate live rows as the statistics know them (no scan is made); 0 when unknown
 * @param sizeEstimateBytes heap size from the statistics ({@code relpages} times the block size, as of the table's last
 *        VACUUM, ANALYZE or CREATE INDEX): 0 until the table was vacuumed or analyzed. Reading the real size
 *        ({@code pg_relation_size}) would take a lock on the table, which catalog reads never do
 * @param marker partsmith's marker in the table's COMMENT, or {@code null}
 */
public record PartitionInfo(QualifiedName table, String boundExpression, PartitionBound lower, PartitionBound upper,
        boolean attached, boolean detachPending, boolean defaultPartition, long rowEstimate, long sizeEstimateBytes,
        PartitionMarker marker) {

    public PartitionInfo {
        Objects.requireNonNull(table, "table");
    }

    /** The partition's name without schema. */
    public String name() {
        return table.name();
    }

    /** The partition's schema. */
    public String schema() {
        return table.schema();
    }

    /** Whether it is attached with both bounds parsed (not DEFAULT). */
    public boolean ranged() {
        return attached && !defaultPartition && lower != null && upper != null;
    }

    /** Whether its range shares any point with {@code [from, to)} on the key's axis. */
    public boolean overlaps(java.time.Instant from, java.time.Instant to) {
        return ranged() && lower.point().isBefore(to) && from.isBefore(upper.point());
    }

    /** Whether its range is exactly {@code [from, to)}. */
    public boolean covers(java.time.Instant from, java.time.Instant to) {
        return ranged() && lower.point().equals(from) && upper.point().equals(to);
    }
}
