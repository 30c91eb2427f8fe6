package dev.partsmith.catalog;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
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
 * @param partitions attached partitions, including the DEFAULT one and those pending detach, by lower bound
 * @param markedTables tables in the parent's schema that carry this parent's marker and are not
 *        attached: orphans awaiting their drop, and new tables awaiting their attach
 */
public record PartitionTree(QualifiedName parent, String partitionColumn, PartitionKeyType keyType, String owner,
        boolean mayManage, boolean inRecovery, List<PartitionInfo> partitions, List<PartitionInfo> markedTables) {

    private static final Comparator<PartitionInfo> BY_LOWER_BOUND = Comparator
            .comparing((PartitionInfo info) -> info.lower() == null ? Instant.MAX : info.lower().point())
            .thenComparing(PartitionInfo::table);

    public PartitionTree {
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(keyType, "keyType");
        partitions = partitions.stream().sorted(BY_LOWER_BOUND).toList();
        markedTables = markedTables.stream().sorted(Comparator.comparing(PartitionInfo::table)).toList();
    }

    /** The DEFAULT partition, if the parent has one. */
    public Optional<PartitionInfo> defaultPartition() {
        return partitions.stream().filter(PartitionInfo::defaultPartition).findFirst();
    }

    /** Attached partitions with a parsed range (no DEFAULT), by lower bound. */
    public List<PartitionInfo> rangedPartitions() {
        return partitions.stream().filter(PartitionInfo::ranged).toList();
    }

    /** The highest finite upper bound of an attached partition: where coverage of the key ends. */
    public Optional<PartitionBound> lastUpperBound() {
        return rangedPartitions().stream().map(PartitionInfo::upper).filter(PartitionBound::finite).max(Comparator.naturalOrder());
    }

    /** Attached, ranged partitions whose range starts at or after {@code point} on the key's axis. */
    public long partitionsStartingAtOrAfter(Instant point) {
        return rangedPartitions().stream().filter(info -> !info.lower().point().isBefore(point)).count();
    }

    /**
     * How long from {@code now} until the key's coverage ends: the highest finite upper bound minus
     * {@code now} seen from {@code zone}, both on the key's axis ({@link PartitionKeyType#point(Instant, ZoneId)}).
     * Negative once that bound has passed; empty when no attached partition has a finite upper bound.
     */
    public Optional<Duration> runway(Instant now, ZoneId zone) {
        Instant from = keyType.point(now, zone);
        return lastUpperBound().map(upper -> Duration.between(from, upper.point()));
    }

    /** Attached, ranged partitions that start at or after {@code now} seen from {@code zone}: those kept ready ahead. */
    public long partitionsAhead(Instant now, ZoneId zone) {
        return partitionsStartingAtOrAfter(keyType.point(now, zone));
    }
}
