package dev.partsmith.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.partsmith.catalog.HighestKey;
import dev.partsmith.catalog.KeyPoint;
import dev.partsmith.catalog.PartitionBound;
import dev.partsmith.catalog.PartitionInfo;
import dev.partsmith.catalog.PartitionMarker;
import dev.partsmith.config.IntegerLevel;
import dev.partsmith.config.ListLevel;
import dev.partsmith.config.ListValue;
import dev.partsmith.config.RangeLevel;
import dev.partsmith.config.TablePartitionConfig;

/**
 * The plan of one range of a partitioned table: its partitions, or in a composite range the ones of
 * one leading value (a tenant).
 *
 * <ul>
 * <li>Current slot: the one holding now (the planning time, in the table's zone) for a time level;
 * the one holding the highest key in use for an integer level, {@code start}'s for an empty table.</li>
 * <li>Wanted: the current slot and the next {@code createAhead - 1}, plus the slots missed since the
 * newest partition ended (within retention, at most {@link TablePartitionConfig#MAX_CREATE_AHEAD}). A
 * wanted slot covered by existing partitions is present; one that existing partitions cover only in
 * part is reported as an error and left alone.</li>
 * <li>Expired: a managed partition whose upper bound is at or before the start of the oldest kept
 * slot. An unbounded upper end ({@code MAXVALUE}, {@code infinity}) never expires.</li>
 * <li>Wanted again: a detached orphan whose recorded range has not expired (retention raised, the
 * clock moved back) is attached back, never dropped.</li>
 * </ul>
 */
final class RangePlanning {

    private final MaintenancePlanner.Node node;
    private final RangeAxis axis;
    private final List<String> prefix;
    private final RangeLevel level;
    private final String base;
    /** Windows this plan creates or attaches: [from, to) points. */
    private final List<KeyPoint[]> planned = new ArrayList<>();
    private RangeSlot current;
    private KeyPoint keptFrom;

    /**
     * @param prefix the leading values of a composite range; empty otherwise
     * @param level the range level with the counts that apply here
     * @param value in a composite range, the list value the range is for; {@code null} otherwise
     */
    RangePlanning(MaintenancePlanner.Node node, RangeAxis axis, List<String> prefix, RangeLevel level, ListValue value) {
        this.node = node;
        this.axis = axis;
        this.prefix = prefix;
        this.level = level;
        this.base = value == null ? node.node.table().name() : ListLevel.childName(node.node.table().name(), value.value());
    }

    /** Why a partition of a one-column range is off the level's grid; empty when it is on it. */
    static Optional<String> grid(MaintenancePlanner.Node node, RangeAxis axis, List<String> prefix, PartitionInfo partition) {
        if (!partition.rangedWithin(prefix)) {
            return Optional.of("its bounds " + partition.boundExpression() + " are not a range of " + node.shape.level().column()
                    + "; " + PartitionOwnership.adoptHint());
        }
        if (!partition.lower().finite() || !partition.upper().finite()) {
            return Optional.of("its range " + range(partition) + " is unbounded, not one slot of the table's grid; " + PartitionOwnership.adoptHint());
        }
        RangeSlot slot = axis.slotContaining(partition.lower().point());
        if (!slot.from().equals(partition.lower().point()) || !slot.to().equals(partition.upper().point())) {
            return Optional.of("its range " + range(partition) + " is not one " + slotName(node) + " in " + node.config().timezone().getId()
                    + "; " + PartitionOwnership.adoptHint());
        }
        String base = prefix.isEmpty() ? node.node.table().name() : ListLevel.childName(node.node.table().name(), prefix.get(0));
        String expected = axis.childName(base, slot);
        if (!expected.equals(partition.name())) {
            return Optional.of("its range is " + slotName(node) + " " + slot.label() + ", which partsmith names " + expected + ", not "
                    + partition.name() + "; " + PartitionOwnership.adoptHint());
        }
        return Optional.empty();
    }

    /** Why a partition of a composite range is off the grid: it spans several leading values, or is off its value's range grid. */
    static Optional<String> compositeGrid(MaintenancePlanner.Node node, RangeAxis axis, PartitionInfo partition) {
        List<String> prefix = partition.range() == null ? null : partition.range().prefix();
        if (prefix == null) {
            return Optional.of("its bounds " + partition.boundExpression() + " do not keep one " + node.shape.prefixLevel().column()
                    + "; " + PartitionOwnership.adoptHint());
        }
        return grid(node, axis, prefix, partition);
    }

    private static String slotName(MaintenancePlanner.Node node) {
        return node.shape.level() instanceof IntegerLevel integer ? "interval of " + integer.interval()
                : ((dev.partsmith.config.TimeLevel) node.shape.level()).granularityName() + " period";
    }

    private static String range(PartitionInfo partition) {
        return "[" + partition.lower().text() + ", " + partition.upper().text() + ")";
    }

    void plan() {
        KeyPoint point = currentPoint();
        if (point == null) {
            return;
        }
        current = axis.slotContaining(point);
        keptFrom = level.retentionCount().map(count -> axis.shift(current, -(count - 1)).from()).orElse(null);
        if (node.real) {
            if (node.within.stream().anyMatch(range -> range.column().equals(level.column()))) {
                // Days within months: the range continues in the next month's table, so coverage is judged over all of them.
                node.draft.nestedRange(node.shape.depth() + " " + level.column() + " " + prefix, level, node.shape.rangeType(), prefix, point,
                        axis.literal(point), node.node.rangedPartitions(prefix));
            }
            else {
                node.draft.coverage.add(new Coverage(node.node.table(), prefix, level, node.shape.rangeType(), point, axis.literal(point),
                        node.node.coveredUntil(prefix, point).orElse(null), node.node.partitionsStartingAtOrAfter(prefix, point)));
            }
        }
        creations();
        below();
        if (node.draft.clock.trusted()) {
            orphansWantedAgain();
            retention();
        }
    }

    /** Now on a time key's axis; the highest key in use (or {@code start}) on an integer key's; {@code null} when it cannot be known. */
    private KeyPoint currentPoint() {
        if (!(level instanceof IntegerLevel integer)) {
            return node.shape.rangeType().point(node.draft.clock.planningTime(), node.config().timezone());
        }
        Optional<HighestKey> highest = node.draft.tree.highestKey(integer.column());
        if (highest.isEmpty()) {
            node.draft.issues.add(MaintenanceIssue.error(MaintenanceIssueStep.PLAN, node.node.table().toString(), "the highest key in use of "
                    + node.draft.tree.parent() + "." + integer.column() + " cannot be read without scanning the table: it has no sequence the"
                    + " current role may read, and no index leads with it; give it one, so that partitions can be kept ahead of it"));
            return null;
        }
        return new KeyPoint(highest.get().value() == null ? integer.start() : highest.get().value());
    }

    private void creations() {
        RangeSlot slot = current;
        for (int i = 0; i < level.createAhead(); i++) {
            if (!want(slot, true)) {
                return;
            }
            slot = axis.shift(slot, 1);
        }
        for (RangeSlot missed : missedSlots()) {
            if (!want(missed, false)) {
                return;
            }
        }
    }

    /**
     * Plans the slot's partition when it is missing. Returns false when no slot of this axis can be
     * planned for this table, so the caller stops.
     */
    private boolean want(RangeSlot slot, boolean reportPartlyCovered) {
        String refusal = axis.unrepresentable(slot, level.column());
        if (refusal != null) {
            node.draft.issues.add(MaintenanceIssue.error(MaintenanceIssueStep.PLAN, null, refusal));
            return false;
        }
        KeyPoint from = slot.from();
        KeyPoint to = slot.to();
        if (node.within.stream().anyMatch(range -> !range.holds(level.column(), from, to))) {
            return true; // a slot of the table above, not of this one
        }
        if (!from.isBefore(to)) {
            return true; // an hour that daylight saving skips holds no instant
        }
        if (node.node.coveredUntil(prefix, from).filter(end -> !end.point().isBefore(to)).isPresent()) {
            return true;
        }
        List<PartitionInfo> overlapping = node.node.rangedPartitions(prefix).stream().filter(partition -> partition.overlaps(from, to)).toList();
        if (!overlapping.isEmpty()) {
            if (reportPartlyCovered) {
                node.draft.issues.add(MaintenanceIssue.error(MaintenanceIssueStep.PLAN, overlapping.get(0).table().toString(), "wanted "
                        + describe(slot) + " is covered only in part, by " + describe(overlapping)
                        + ": rows for the rest of it have no partition, and partsmith creates none that would overlap; replace"
                        + " the partly covering partitions, or give the table another granularity or time zone"));
            }
            return true;
        }
        planned.add(new KeyPoint[] { from, to });
        node.ensure(axis.childName(base, slot), slot.bounds(prefix), null, null);
        return true;
    }

    private String describe(RangeSlot slot) {
        return (slot.period() != null ? "period " + slot.label() : "interval") + " " + slot.bounds(prefix).describe();
    }

    private static String describe(List<PartitionInfo> partitions) {
        return String.join(", ", partitions.stream().map(partition -> partition.table() + " " + partition.boundExpression()).toList());
    }

    /**
     * Slots between the end of the newest partition and the current slot, newest first, that
     * retention would still keep: the time a stopped maintainer missed.
     */
    private List<RangeSlot> missedSlots() {
        Optional<PartitionBound> lastUpper = node.node.lastUpperBound(prefix);
        List<RangeSlot> missed = new ArrayList<>();
        if (lastUpper.isEmpty()) {
            return missed;
        }
        KeyPoint coveredUntil = lastUpper.get().point();
        RangeSlot slot = axis.shift(current, -1);
        while (missed.size() < TablePartitionConfig.MAX_CREATE_AHEAD) {
            if (!slot.to().isAfter(coveredUntil) || (keptFrom != null && !slot.to().isAfter(keptFrom))) {
                break;
            }
            missed.add(slot);
            slot = axis.shift(slot, -1);
        }
        if (missed.size() == TablePartitionConfig.MAX_CREATE_AHEAD) {
            node.draft.issues.add(MaintenanceIssue.warning(MaintenanceIssueStep.PLAN, null, "more than " + TablePartitionConfig.MAX_CREATE_AHEAD
                    + " slots are missing since the newest partition ended at " + lastUpper.get().text()
                    + "; only the latest " + TablePartitionConfig.MAX_CREATE_AHEAD + " are created"));
        }
        return missed;
    }

    /** The levels below partitions that stay: each partitioned partition of this range that is kept is planned in turn. */
    private void below() {
        if (!node.shape.hasLevelsBelow(node.config())) {
            return;
        }
        for (PartitionInfo partition : node.managed) {
            if (partition.partitioned() && partition.rangedWithin(prefix) && !partition.detachPending() && !expired(partition)) {
                node.draft.node(partition.subpartitions(), node.shape.nextDepth(), null, node.real, node.below(partition.bounds()), node.sink);
            }
        }
    }

    /**
     * Orphans whose recorded range retention keeps again are attached back, unless a partition
     * (or one this plan makes) overlaps it: then the orphan is kept, and said so.
     */
    private void orphansWantedAgain() {
        for (PartitionInfo orphan : node.orphans) {
            if (node.attached.contains(orphan.table()) || orphan.range() == null || !prefix.equals(orphan.range().prefix()) || expired(orphan)) {
                continue;
            }
            KeyPoint from = orphan.lower().point();
            KeyPoint to = orphan.upper().point();
            String obstacle = null;
            if (!orphan.lower().finite() || !orphan.upper().finite()) {
                obstacle = "its range is unbounded; attach it back by hand";
            }
            else if (node.node.rangedPartitions(prefix).stream().anyMatch(partition -> partition.overlaps(from, to))
                    || planned.stream().anyMatch(window -> window[0].isBefore(to) && from.isBefore(window[1]))) {
                obstacle = "partitions now cover part of its range";
            }
            if (obstacle != null) {
                node.attached.add(orphan.table());
                node.draft.issues.add(MaintenanceIssue.warning(MaintenanceIssueStep.PLAN, orphan.table().toString(), "detached orphan "
                        + orphan.table() + " " + orphan.boundExpression() + " is within retention again but is not attached back: "
                        + obstacle + "; partsmith keeps it and never drops it while retention keeps its range"));
                continue;
            }
            // Written from the recorded points, formatted anew: never from the text read back.
            RangeSlot range = new RangeSlot(from, to, axis.literal(from), axis.literal(to), null, null);
            node.attach(orphan, range.bounds(prefix), AttachPartition.Reason.WANTED_AGAIN);
        }
    }

    /** Whether a range ends at or before the start of the oldest kept slot. */
    private boolean expired(PartitionInfo partition) {
        PartitionBound upper = partition.upper();
        return keptFrom != null && upper != null && upper.finite() && !upper.point().isAfter(keptFrom);
    }

    private void retention() {
        for (PartitionInfo partition : node.managed) {
            if (!partition.rangedWithin(prefix) || partition.detachPending()) {
                continue;
            }
            if (expired(partition)) {
                node.retire(partition, false);
            }
            else if (node.ownership.ownMarker(partition, PartitionMarker.State.ORPHAN)) {
                node.draft.retirements.add(new ClearOrphanMarker(node.node.table(), partition.table()));
            }
        }
    }
}
