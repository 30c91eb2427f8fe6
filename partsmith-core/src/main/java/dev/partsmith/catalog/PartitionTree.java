package dev.partsmith.catalog;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of one partitioned table as the catalog showed it at one moment: the input of planning.
 *
 * @param parent the partitioned table
 * @param partitionColumn its range key column
 * @param keyType the key column's type
 * @param owner the role owning the parent
 * @param mayManage whether the current role is the owner or a member of the owner's role, which
 *        ATTACH, DETACH and DROP require
 * @param inRecovery whether the server is a standby ({@code pg_is_in_recovery()}); nothing is changed then
 * @param databaseTime the database's clock ({@code clock_timestamp()}) when the snapshot was read
 * @param partitions attached partitions, including the DEFAULT one and those pending detach, by lower bound
 * @param markedTables tables in the parent's schema that carry this parent's marker and are not
 *        attached: orphans awaiting their drop, and new tables awaiting their attach; their bounds are
 *        those their marker records
 */
public record PartitionTree(QualifiedName parent, String partitionColumn, PartitionKeyType keyType, String owner, boolean mayManage,
        boolean inRecovery, Instant databaseTime, List<PartitionInfo> partitions, List<PartitionInfo> markedTables) {

    private static final Comparator<PartitionInfo> BY_LOWER_BOUND = Comparator
            .comparing((PartitionInfo info) -> info.lower() == null ? Instant.MAX : info.lower().point())
            .thenComparing(PartitionInfo::table);

    public PartitionTree {
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(keyType, "keyType");
        Objects.requireNonNull(databaseTime, "databaseTime");
        partitions = partitions.stream().sorted(BY_LOWER_BOUND).toList();
        markedTables = markedTables.stream().sorted(Comparator.comparing(PartitionInfo::table)).toList();
    }

    /**
     * This snapshot with the database's time carried forward to {@code databaseTime}: for judging a
     * snapshot kept from an earlier read at a later moment, by the same clocks.
     */
    public PartitionTree withDatabaseTime(Instant databaseTime) {
        return new PartitionTree(parent, partitionColumn, keyType, owner, mayManage, inRecovery, databaseTime, partitions, markedTables);
    }

    /** The DEFAULT partition, if the parent has one. */
    public Optional<PartitionInfo> defaultPartition() {
        return partitions.stream().filter(PartitionInfo::defaultPartition).findFirst();
    }

    /** Attached partitions with a parsed range (no DEFAULT), by lower bound. */
    public List<PartitionInfo> rangedPartitions() {
        return partitions.stream().filter(PartitionInfo::ranged).toList();
    }

    /** The highest finite upper bound of an attached partition: where partitions made ahead end. */
    public Optional<PartitionBound> lastUpperBound() {
        return rangedPartitions().stream().map(PartitionInfo::upper).filter(PartitionBound::finite).max(Comparator.naturalOrder());
    }

    /** Attached, ranged partitions whose range starts at or after {@code point} on the key's axis. */
    public long partitionsStartingAtOrAfter(Instant point) {
        return rangedPartitions().stream().filter(info -> !info.lower().point().isBefore(point)).count();
    }

    /**
     * Where the partitions' coverage of the key's axis that contains {@code point} ends: the upper bound
     * of the last partition in the unbroken run of partitions from {@code point} on. Empty when no
     * partition covers {@code point}. The DEFAULT partition and partitions pending detach (which no
     * longer take new rows) do not count; {@code MAXVALUE} and {@code infinity} are covered time.
     */
    public Optional<PartitionBound> coveredUntil(Instant point) {
        PartitionBound end = null;
        for (PartitionInfo partition : rangedPartitions()) {
            if (partition.detachPending()) {
                continue;
            }
            Instant from = end == null ? point : end.point();
            boolean continues = end == null
                    ? !partition.lower().point().isAfter(point) && partition.upper().point().isAfter(point)
                    : !partition.lower().point().isAfter(from) && partition.upper().point().isAfter(from);
            if (continues) {
                end = partition.upper();
            }
        }
        return Optional.ofNullable(end);
    }
}
