package dev.partsmith.plan;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.partsmith.catalog.PartitionBound;
import dev.partsmith.catalog.PartitionInfo;
import dev.partsmith.catalog.PartitionKeyType;
import dev.partsmith.catalog.PartitionMarker;
import dev.partsmith.catalog.PartitionTree;
import dev.partsmith.catalog.QualifiedName;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.period.Period;
import dev.partsmith.period.PeriodCalculator;

/**
 * Decides one run's operations. A pure function of (config, now, catalog snapshot): no I/O, no clock
 * of its own, the same answer for the same input.
 *
 * <ul>
 * <li>Wanted: the current period and the next {@code createAheadCount - 1}, counted from the clock,
 * plus the periods missed since the newest partition ended (within retention, at most
 * {@link TablePartitionConfig#MAX_CREATE_AHEAD}). A wanted window with exactly matching bounds is
 * present; one that an existing partition overlaps with other bounds is reported and left alone.</li>
 * <li>Expired: an attached partition whose upper bound is at or before the start of the oldest kept
 * period. An unbounded upper end ({@code MAXVALUE}, {@code infinity}) never expires.</li>
 * <li>Dropped: partsmith's detached tables of this parent whose grace has elapsed; with zero grace,
 * the tables this run detaches.</li>
 * </ul>
 */
public final class MaintenancePlanner {

    private MaintenancePlanner() {
    }

    /** The plan for {@code config}'s table at {@code now}, given its catalog snapshot. */
    public static MaintenancePlan plan(TablePartitionConfig config, Instant now, PartitionTree tree) {
        PeriodCalculator calculator = config.periodCalculator();
        ZoneId zone = config.timezone();
        Period current = calculator.periodContaining(LocalDateTime.ofInstant(now, zone));
        ZonedDateTime retainFrom = config.retentionCount()
                .map(count -> calculator.shift(current, -(count - 1)).start().atZone(zone))
                .orElse(null);
        List<PartitionOperation> operations = new ArrayList<>();
        List<MaintenanceIssue> issues = new ArrayList<>();
        QualifiedName parent = tree.parent();

        if (!tree.mayManage()) {
            issues.add(MaintenanceIssue.error(MaintenanceIssueStep.PLAN, null, "the current role neither owns " + parent
                    + " nor is a member of its owner role '" + tree.owner()
                    + "'; ATTACH, DETACH and DROP need the owner's rights, so nothing is planned"));
            return new MaintenancePlan(parent, now, current, retainFrom, operations, issues);
        }

        Instant keptFrom = retainFrom == null ? null : tree.keyType().point(retainFrom.toLocalDateTime(), zone);
        new Creations(config, tree, keptFrom, operations, issues).plan(current);
        planRetention(config, now, tree, keptFrom, operations);
        return new MaintenancePlan(parent, now, current, retainFrom, operations, issues);
    }

    private static void planRetention(TablePartitionConfig config, Instant now, PartitionTree tree, Instant keptFrom,
            List<PartitionOperation> operations) {
        for (PartitionInfo partition : tree.partitions()) {
            if (partition.detachPending()) {
                operations.add(new FinalizeDetach(partition.table()));
            }
        }
        if (keptFrom != null) {
            boolean concurrently = tree.defaultPartition().isEmpty();
            for (PartitionInfo partition : tree.rangedPartitions()) {
                PartitionBound upper = partition.upper();
                if (!partition.detachPending() && upper.finite() && !upper.point().isAfter(keptFrom)) {
                    operations.add(new DetachPartition(partition, concurrently));
                    if (config.dropGrace().isZero()) {
                        operations.add(new DropPartition(partition.table(), DropPartition.Reason.DETACHED_THIS_RUN));
                    }
                }
            }
        }
        for (PartitionInfo table : tree.markedTables()) {
            PartitionMarker marker = table.marker();
            if (marker.state() == PartitionMarker.State.ORPHAN && !now.isBefore(marker.at().plus(config.dropGrace()))) {
                operations.add(new DropPartition(table.table(), DropPartition.Reason.ORPHAN_GRACE_ELAPSED));
            }
        }
    }

    /** The creation half of a plan: wanted windows against what exists. */
    private static final class Creations {

        private final TablePartitionConfig config;
        private final PartitionTree tree;
        private final Instant keptFrom;
        private final List<PartitionOperation> operations;
        private final List<MaintenanceIssue> issues;
        private final PeriodCalculator calculator;
        private final ZoneId zone;
        private final PartitionKeyType keyType;
        private final Map<String, PartitionInfo> pendingByName;
        private final Set<String> adopted = new HashSet<>();

        Creations(TablePartitionConfig config, PartitionTree tree, Instant keptFrom, List<PartitionOperation> operations,
                List<MaintenanceIssue> issues) {
            this.config = config;
            this.tree = tree;
            this.keptFrom = keptFrom;
            this.operations = operations;
            this.issues = issues;
            this.calculator = config.periodCalculator();
            this.zone = config.timezone();
            this.keyType = tree.keyType();
            this.pendingByName = tree.markedTables().stream()
                    .filter(table -> table.marker().state() == PartitionMarker.State.PENDING_ATTACH)
                    .collect(Collectors.toMap(PartitionInfo::name, Function.identity(), (first, second) -> first));
        }

        void plan(Period current) {
            Period period = current;
            for (int i = 0; i < config.createAheadCount(); i++) {
                if (!want(period, true)) {
                    return;
                }
                period = calculator.next(period);
            }
            for (Period missed : missedPeriods(current)) {
                if (!want(missed, false)) {
                    return;
                }
            }
            for (PartitionInfo pending : pendingByName.values()) {
                if (!adopted.contains(pending.name())) {
                    operations.add(new DropPartition(pending.table(), DropPartition.Reason.ABANDONED_PENDING_ATTACH));
                }
            }
        }

        /**
         * Plans the period's partition when it is missing. Returns false when no period of this
         * calculator can be planned for this table, so the caller stops.
         */
        private boolean want(Period period, boolean reportOverlap) {
            if (!keyType.represents(period.start()) || !keyType.represents(period.end())) {
                issues.add(MaintenanceIssue.error(MaintenanceIssueStep.PLAN, null, "period " + period.label() + " starts or ends at "
                        + period.start().toLocalTime() + ", which a " + keyType.sqlName() + " key cannot express: use a"
                        + " granularity of a day or more for column " + tree.partitionColumn()));
                return false;
            }
            Instant from = keyType.point(period.start(), zone);
            Instant to = keyType.point(period.end(), zone);
            if (!from.isBefore(to)) {
                return true; // an hour that daylight saving skips holds no instant
            }
            List<PartitionInfo> ranged = tree.rangedPartitions();
            if (ranged.stream().anyMatch(partition -> partition.covers(from, to))) {
                return true;
            }
            Optional<PartitionInfo> overlapping = ranged.stream().filter(partition -> partition.overlaps(from, to)).findFirst();
            if (overlapping.isPresent()) {
                if (reportOverlap) {
                    PartitionInfo other = overlapping.get();
                    issues.add(MaintenanceIssue.warning(MaintenanceIssueStep.PLAN, other.table().toString(), "wanted period "
                            + period.label() + " [" + keyType.literal(period.start(), zone) + ", " + keyType.literal(period.end(), zone)
                            + ") overlaps existing partition " + other.table() + " " + other.boundExpression()
                            + "; partsmith leaves both as they are"));
                }
                return true;
            }
            String name = calculator.formatPartitionName(config.tableName(), period);
            int bytes = name.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > TablePartitionConfig.MAX_IDENTIFIER_BYTES) {
                issues.add(MaintenanceIssue.error(MaintenanceIssueStep.PLAN, null, "partition name '" + name + "' is " + bytes
                        + " bytes; PostgreSQL allows " + TablePartitionConfig.MAX_IDENTIFIER_BYTES + ", so it is not created"));
                return true;
            }
            PartitionWindow window = new PartitionWindow(period, period.start().atZone(zone), period.end().atZone(zone), from, to,
                    keyType.literal(period.start(), zone), keyType.literal(period.end(), zone));
            QualifiedName partition = new QualifiedName(config.schema(), name);
            if (pendingByName.containsKey(name)) {
                adopted.add(name);
                operations.add(new AttachPartition(partition, window));
            }
            else {
                operations.add(new CreatePartition(partition, window));
            }
            return true;
        }

        /**
         * Periods between the end of the newest partition and the current period, newest first, that
         * retention would still keep: the time a stopped maintainer missed.
         */
        private List<Period> missedPeriods(Period current) {
            Optional<PartitionBound> lastUpper = tree.lastUpperBound();
            List<Period> missed = new ArrayList<>();
            if (lastUpper.isEmpty()) {
                return missed;
            }
            Instant coveredUntil = lastUpper.get().point();
            Period period = calculator.previous(current);
            while (missed.size() < TablePartitionConfig.MAX_CREATE_AHEAD) {
                Instant end = keyType.point(period.end(), zone);
                if (!end.isAfter(coveredUntil) || (keptFrom != null && !end.isAfter(keptFrom))) {
                    break;
                }
                missed.add(period);
                period = calculator.previous(period);
            }
            if (missed.size() == TablePartitionConfig.MAX_CREATE_AHEAD) {
                issues.add(MaintenanceIssue.warning(MaintenanceIssueStep.PLAN, null, "more than " + TablePartitionConfig.MAX_CREATE_AHEAD
                        + " periods are missing since the newest partition ended at " + lastUpper.get().text()
                        + "; only the latest " + TablePartitionConfig.MAX_CREATE_AHEAD + " are created"));
            }
            return missed;
        }
    }
}
