package dev.partsmith.catalog;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A partitioned table in a managed tree, as the catalog shows it: the managed parent itself, or one of
 * its partitions (attached, or one of partsmith's detached or not yet attached tables) that is
 * partitioned in turn.
 *
 * @param table the partitioned table
 * @param key how it splits its rows
 * @param partitions its attached partitions, including the DEFAULT one and those pending detach: ranges
 *        by their leading values, then lower bound; others by name
 * @param markedTables tables in its schema that carry partsmith's marker for it and are not attached:
 *        orphans awaiting their drop, and new tables awaiting their attach; their bounds are those their
 *        marker records
 * @param oid the table's OID as the catalog read it; 0 when it is not known
 */
public record PartitionNode(QualifiedName table, PartitionKey key, List<PartitionInfo> partitions, List<PartitionInfo> markedTables, long oid) {

    private static final Comparator<PartitionInfo> IN_KEY_ORDER = Comparator
            .comparing((PartitionInfo info) -> info.range() == null || info.range().prefix() == null ? "" : String.join("\0", info.range().prefix()))
            .thenComparing(info -> info.lower() == null || info.lower().point() == null ? KeyPoint.MAX : info.lower().point())
            .thenComparing(PartitionInfo::table);

    public PartitionNode {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(key, "key");
        partitions = partitions.stream().sorted(IN_KEY_ORDER).toList();
        markedTables = markedTables.stream().sorted(Comparator.comparing(PartitionInfo::table)).toList();
    }

    /** A partitioned table without a known OID. */
    public PartitionNode(QualifiedName table, PartitionKey key, List<PartitionInfo> partitions, List<PartitionInfo> markedTables) {
        this(table, key, partitions, markedTables, 0);
    }

    /** The DEFAULT partition, if the table has one. */
    public Optional<PartitionInfo> defaultPartition() {
        return partitions.stream().filter(PartitionInfo::defaultPartition).findFirst();
    }

    /** Attached partitions with a parsed range on the key's axis (no DEFAULT), by lower bound. */
    public List<PartitionInfo> rangedPartitions() {
        return partitions.stream().filter(PartitionInfo::ranged).toList();
    }

    /** Attached ranged partitions for these leading column values, by lower bound. */
    public List<PartitionInfo> rangedPartitions(List<String> prefix) {
        return partitions.stream().filter(partition -> partition.rangedWithin(prefix)).toList();
    }

    /** The highest finite upper bound of an attached partition for these leading values: where partitions made ahead end. */
    public Optional<PartitionBound> lastUpperBound(List<String> prefix) {
        return rangedPartitions(prefix).stream().map(PartitionInfo::upper).filter(PartitionBound::finite).max(Comparator.naturalOrder());
    }

    /** Attached, ranged partitions (for these leading values) whose range starts at or after {@code point}. */
    public long partitionsStartingAtOrAfter(List<String> prefix, KeyPoint point) {
        return rangedPartitions(prefix).stream().filter(info -> !info.lower().point().isBefore(point)).count();
    }

    /**
     * Where the coverage of the key's axis that contains {@code point} ends, among partitions for these
     * leading values: the upper bound of the last partition in the unbroken run of partitions from
     * {@code point} on. Empty when no partition covers {@code point}. The DEFAULT partition and
     * partitions pending detach (which no longer take new rows) do not count; {@code MAXVALUE} and
     * {@code infinity} are covered time.
     */
    public Optional<PartitionBound> coveredUntil(List<String> prefix, KeyPoint point) {
        PartitionBound end = null;
        for (PartitionInfo partition : rangedPartitions(prefix)) {
            if (partition.detachPending()) {
                continue;
            }
            KeyPoint from = end == null ? point : end.point();
            if (!partition.lower().point().isAfter(from) && partition.upper().point().isAfter(from)) {
                end = partition.upper();
            }
        }
        return Optional.ofNullable(end);
    }

    /**
     * The attached partitions that hold rows themselves, at any depth below this table: neither
     * DEFAULT nor partitioned in turn. What a table's partition count means.
     */
    public long tablesOfRows() {
        return partitions.stream().filter(partition -> !partition.defaultPartition())
                .mapToLong(partition -> partition.partitioned() ? partition.subpartitions().tablesOfRows() : 1).sum();
    }

    /** This node and every node below it, its own first. */
    public List<PartitionNode> nodes() {
        List<PartitionNode> nodes = new ArrayList<>();
        nodes.add(this);
        for (PartitionInfo partition : partitions) {
            if (partition.partitioned()) {
                nodes.addAll(partition.subpartitions().nodes());
            }
        }
        for (PartitionInfo table : markedTables) {
            if (table.partitioned()) {
                nodes.addAll(table.subpartitions().nodes());
            }
        }
        return nodes;
    }
}
