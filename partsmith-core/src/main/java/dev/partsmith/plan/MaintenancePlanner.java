package dev.partsmith.plan;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

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
 * <li>Time: the planning clock is held against the database's clock in the snapshot; beyond
 * {@link TablePartitionConfig#maxClockSkew()}, creations are planned for the database's time and
 * nothing is retired.</li>
 * <li>Wanted: the current period and the next {@code createAheadCount - 1}, counted from the clock,
 * plus the periods missed since the newest partition ended (within retention, at most
 * {@link TablePartitionConfig#MAX_CREATE_AHEAD}). A wanted window covered by existing partitions is
 * present; one that existing partitions cover only in part is reported as an error and left alone.</li>
 * <li>Ownership: only partitions on the table's grid are retired, unless the table adopts every
 * partition by its bounds ({@link PartitionOwnership}); the others are listed as not managed.</li>
 * <li>Expired: a managed partition whose upper bound is at or before the start of the oldest kept
 * period. An unbounded upper end ({@code MAXVALUE}, {@code infinity}) never expires.</li>
 * <li>Wanted again: a detached orphan whose recorded range has not expired (retention raised, the
 * clock moved back) is attached back, never dropped.</li>
 * <li>Dropped: partsmith's expired orphans of this parent whose grace has elapsed; with zero grace,
 * the partitions this run detaches.</li>
 * <li>On a standby, nothing is planned: the plan says the server is in recovery.</li>
 * </ul>
 */
public final class MaintenancePlanner {

    /** Why nothing is planned or run on a standby. */
    public static final String STANDBY = "the database is in recovery (a standby, pg_is_in_recovery() is true): nothing runs here;"
            + " partitions are maintained on the primary";

    private MaintenancePlanner() {
    }

    /** The plan for {@code config}'s table at {@code now}, given its catalog snapshot. */
    public static MaintenancePlan plan(TablePartitionConfig config, Instant now, PartitionTree tree) {
        ClockCheck clock = new ClockCheck(now, tree.databaseTime(), config.maxClockSkew());
        PeriodCalculator calculator = config.periodCalculator();
        ZoneId zone = config.timezone();
        Period current = calculator.periodContaining(LocalDateTime.ofInstant(clock.planningTime(), zone));
        ZonedDateTime retainFrom = config.retentionCount()
                .map(count -> calculator.shift(current, -(count - 1)).start().atZone(zone))
                .orElse(null);
        Plan plan = new Plan(config, tree, clock, current, retainFrom);
        QualifiedName parent = tree.parent();
        if (tree.inRecovery()) {
            plan.issues.add(MaintenanceIssue.warning(MaintenanceIssueStep.PLAN, null, STANDBY));
            return plan.build(now);
        }
        if (!tree.mayManage()) {
            plan.issues.add(MaintenanceIssue.error(MaintenanceIssueStep.PLAN, null, "the current role neither owns " + parent
                    + " nor is a member of its owner role '" + tree.owner()
                    + "'; ATTACH, DETACH and DROP need the owner's rights, so nothing is planned"));
            return plan.build(now);
        }
        if (!clock.trusted()) {
            plan.issues.add(MaintenanceIssue.warning(MaintenanceIssueStep.PLAN, null, clock.distrust()));
        }
        plan.classify();
        plan.creations();
        if (clock.trusted()) {
            plan.orphansWantedAgain();
            plan.retention(now);
        }
        return plan.build(now);
    }

    /** One plan being made. */
    private static final class Plan {

        private final TablePartitionConfig config;
        private final PartitionTree tree;
        private final ClockCheck clock;
        private final Period current;
        private final ZonedDateTime retainFrom;
        private final Instant keptFrom;
        private final PeriodCalculator calculator;
        private final ZoneId zone;
        private final PartitionKeyType keyType;
        private final PartitionOwnership ownership;
        private final List<PartitionOperation> operations = new ArrayList<>();
        private final List<MaintenanceIssue> issues = new ArrayList<>();
        private final List<NotManagedPartition> notManaged = new ArrayList<>();
        private final List<PartitionInfo> managed = new ArrayList<>();
        private final List<PartitionInfo> pendingTables = new ArrayList<>();
        private final List<PartitionInfo> orphans = new ArrayList<>();
        /** Marked tables this plan attaches. */
        private final Set<QualifiedName> attached = new HashSet<>();
        /** Windows this plan creates or attaches: [from, to) points. */
        private final List<Instant[]> planned = new ArrayList<>();

        Plan(TablePartitionConfig config, PartitionTree tree, ClockCheck clock, Period current, ZonedDateTime retainFrom) {
            this.config = config;
            this.tree = tree;
            this.clock = clock;
            this.current = current;
            this.retainFrom = retainFrom;
            this.calculator = config.periodCalculator();
            this.zone = config.timezone();
            this.keyType = tree.keyType();
            this.keptFrom = retainFrom == null ? null : keyType.point(retainFrom.toLocalDateTime(), zone);
            this.ownership = new PartitionOwnership(config, tree);
        }

        MaintenancePlan build(Instant now) {
            return new MaintenancePlan(tree.parent(), now, clock, current, retainFrom, operations, issues, notManaged);
        }

        /** Sorts partitions and marked tables into partsmith's own and the ones it leaves alone. */
        void classify() {
            for (PartitionInfo partition : tree.rangedPartitions()) {
                Optional<String> reason = ownership.notManaged(partition);
                if (reason.isPresent()) {
                    notManaged.add(new NotManagedPartition(partition, reason.get()));
                }
                else {
                    managed.add(partition);
                }
            }
            for (PartitionInfo table : tree.markedTables()) {
                Optional<String> reason = ownership.notManagedMarked(table);
                if (reason.isPresent()) {
                    notManaged.add(new NotManagedPartition(table, reason.get()));
                }
                else if (table.marker().state() == PartitionMarker.State.PENDING_ATTACH) {
                    pendingTables.add(table);
                }
                else {
                    orphans.add(table);
                }
            }
        }

        void creations() {
            Period period = current;
            for (int i = 0; i < config.createAheadCount(); i++) {
                if (!want(period, true)) {
                    return;
                }
                period = calculator.next(period);
            }
            for (Period missed : missedPeriods()) {
                if (!want(missed, false)) {
                    return;
                }
            }
        }

        /**
         * Plans the period's partition when it is missing. Returns false when no period of this
         * calculator can be planned for this table, so the caller stops.
         */
        private boolean want(Period period, boolean reportPartlyCovered) {
            if (!keyType.represents(period.start()) || !keyType.represents(period.end())) {
                issues.add(MaintenanceIssue.error(MaintenanceIssueStep.PLAN, null, "period " + period.label() + " starts or ends at "
                        + period.start().toLocalTime() + ", which a " + keyType.sqlName() + " key cannot express: use a"
                        + " granularity of a day or more for column " + tree.partitionColumn()));
                return false;
            }
            PartitionWindow window = PartitionWindow.of(keyType, zone, period.start(), period.end());
            Instant from = window.fromPoint();
            Instant to = window.toPoint();
            if (!from.isBefore(to)) {
                return true; // an hour that daylight saving skips holds no instant
            }
            if (tree.coveredUntil(from).filter(end -> !end.point().isBefore(to)).isPresent()) {
                return true;
            }
            List<PartitionInfo> overlapping = tree.rangedPartitions().stream().filter(partition -> partition.overlaps(from, to)).toList();
            if (!overlapping.isEmpty()) {
                if (reportPartlyCovered) {
                    issues.add(MaintenanceIssue.error(MaintenanceIssueStep.PLAN, overlapping.get(0).table().toString(), "wanted period "
                            + period.label() + " " + window + " is covered only in part, by " + describe(overlapping)
                            + ": rows for the rest of it have no partition, and partsmith creates none that would overlap; replace"
                            + " the partly covering partitions, or give the table another granularity or time zone"));
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
            QualifiedName partition = new QualifiedName(config.schema(), name);
            Optional<PartitionInfo> orphan = orphans.stream().filter(table -> table.table().equals(partition)).findFirst();
            if (orphan.isPresent()) {
                if (sameRange(orphan.get(), from, to)) {
                    attach(orphan.get(), window, AttachPartition.Reason.WANTED_AGAIN);
                }
                else {
                    issues.add(MaintenanceIssue.error(MaintenanceIssueStep.PLAN, partition.toString(), "wanted period " + period.label()
                            + " " + window + " would be partition " + name + ", but a detached orphan of that name recorded "
                            + orphan.get().boundExpression() + "; partsmith keeps it and creates nothing in its place"));
                }
                return true;
            }
            Optional<PartitionInfo> pending = pendingTables.stream().filter(table -> table.table().equals(partition)).findFirst();
            if (pending.isPresent() && (pending.get().lower() == null || sameRange(pending.get(), from, to))) {
                attach(pending.get(), window, AttachPartition.Reason.CREATED_EARLIER);
                return true;
            }
            if (pending.isPresent()) {
                issues.add(MaintenanceIssue.error(MaintenanceIssueStep.PLAN, partition.toString(), "wanted period " + period.label() + " "
                        + window + " would be partition " + name + ", but a table partsmith created for "
                        + pending.get().boundExpression() + " has that name and was never attached; it is dropped when empty"));
                return true;
            }
            operations.add(new CreatePartition(partition, window, storageFrom()));
            planned.add(new Instant[] { from, to });
            return true;
        }

        /** The attached partition with the highest lower bound, DEFAULT and pending detaches aside. */
        private QualifiedName storageFrom() {
            List<PartitionInfo> ranged = tree.rangedPartitions().stream().filter(partition -> !partition.detachPending()).toList();
            return ranged.isEmpty() ? null : ranged.get(ranged.size() - 1).table();
        }

        private void attach(PartitionInfo table, PartitionWindow window, AttachPartition.Reason reason) {
            attached.add(table.table());
            operations.add(new AttachPartition(table.table(), window, reason));
            planned.add(new Instant[] { window.fromPoint(), window.toPoint() });
        }

        private static boolean sameRange(PartitionInfo table, Instant from, Instant to) {
            return table.lower() != null && table.upper() != null && table.lower().point().equals(from) && table.upper().point().equals(to);
        }

        private static String describe(List<PartitionInfo> partitions) {
            return String.join(", ", partitions.stream().map(partition -> partition.table() + " " + partition.boundExpression()).toList());
        }

        /**
         * Periods between the end of the newest partition and the current period, newest first, that
         * retention would still keep: the time a stopped maintainer missed.
         */
        private List<Period> missedPeriods() {
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

        /**
         * Orphans whose recorded range retention keeps again are attached back, unless a partition
         * (or one this plan makes) overlaps it: then the orphan is kept, and said so.
         */
        void orphansWantedAgain() {
            for (PartitionInfo orphan : orphans) {
                if (attached.contains(orphan.table()) || expired(orphan)) {
                    continue;
                }
                Instant from = orphan.lower().point();
                Instant to = orphan.upper().point();
                String obstacle = null;
                if (!orphan.lower().finite() || !orphan.upper().finite()) {
                    obstacle = "its range is unbounded; attach it back by hand";
                }
                else if (tree.rangedPartitions().stream().anyMatch(partition -> partition.overlaps(from, to))
                        || planned.stream().anyMatch(window -> window[0].isBefore(to) && from.isBefore(window[1]))) {
                    obstacle = "partitions now cover part of its range";
                }
                if (obstacle != null) {
                    attached.add(orphan.table());
                    issues.add(MaintenanceIssue.warning(MaintenanceIssueStep.PLAN, orphan.table().toString(), "detached orphan "
                            + orphan.table() + " " + orphan.boundExpression() + " is within retention again but is not attached back: "
                            + obstacle + "; partsmith keeps it and never drops it while retention keeps its range"));
                    continue;
                }
                attach(orphan, PartitionWindow.between(keyType, zone, from, to), AttachPartition.Reason.WANTED_AGAIN);
            }
        }

        /** Whether a range ends at or before the start of the oldest kept period. */
        private boolean expired(PartitionInfo partition) {
            PartitionBound upper = partition.upper();
            return keptFrom != null && upper.finite() && !upper.point().isAfter(keptFrom);
        }

        void retention(Instant now) {
            for (PartitionInfo partition : managed) {
                if (partition.detachPending()) {
                    operations.add(new FinalizeDetach(partition.table()));
                }
            }
            boolean concurrently = tree.defaultPartition().isEmpty();
            for (PartitionInfo partition : managed) {
                if (partition.detachPending()) {
                    continue;
                }
                if (expired(partition)) {
                    operations.add(new DetachPartition(partition, concurrently));
                    if (config.dropGrace().isZero()) {
                        operations.add(new DropPartition(partition, DropPartition.Reason.DETACHED_THIS_RUN));
                    }
                }
                else if (ownership.ownMarker(partition, PartitionMarker.State.ORPHAN)) {
                    operations.add(new ClearOrphanMarker(partition.table()));
                }
            }
            for (PartitionInfo pending : pendingTables) {
                if (!attached.contains(pending.table())) {
                    operations.add(new DropPartition(pending, DropPartition.Reason.ABANDONED_PENDING_ATTACH));
                }
            }
            for (PartitionInfo orphan : orphans) {
                if (!attached.contains(orphan.table()) && orphan.marker().graceElapsed(config.dropGrace(), now)) {
                    operations.add(new DropPartition(orphan, DropPartition.Reason.ORPHAN_GRACE_ELAPSED));
                }
            }
        }
    }
}
