package dev.partsmith.status;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.partsmith.InvalidParentTableException;
import dev.partsmith.catalog.PartitionInfo;
import dev.partsmith.catalog.PartitionNode;
import dev.partsmith.catalog.PartitionTree;
import dev.partsmith.config.IntegerLevel;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.lifecycle.MaintenanceResult;
import dev.partsmith.plan.ClockCheck;
import dev.partsmith.plan.Coverage;
import dev.partsmith.plan.MaintenancePlan;
import dev.partsmith.plan.MaintenancePlanner;
import dev.partsmith.plan.NotManagedPartition;
import dev.partsmith.safety.Pause;
import dev.partsmith.safety.SafetyHold;

/**
 * One table's condition, computed from its config, a catalog snapshot, the time and its last run: the
 * partitions, the runway, what partsmith leaves alone, and every problem, each worded once here. The
 * health indicator, the endpoint, the metrics and the CLI render it; none of them decides a problem
 * of its own.
 *
 * @param config the table's config
 * @param now the instant the status is for: the planning clock, or the database's time when the
 *        clock is not trusted ({@link ClockCheck})
 * @param tree the catalog snapshot; {@code null} when the table could not be read
 * @param clock the planning clock held against the database's; {@code null} when the table could not be read
 * @param runways the runway of each range of the tree (one for a table of one range level); empty when
 *        the table could not be read or has no range level
 * @param minRunway the runway below which the table is at risk
 * @param rowsInDefault the DEFAULT partitions' row estimates, summed; {@code null} without a DEFAULT partition
 * @param notManaged partitions and marked tables partsmith leaves alone, with the reasons
 * @param lastResult the table's last run, {@code null} before the first
 * @param problems what is wrong, most urgent first; empty when all is well
 * @param pause the pause holding the table's maintenance; {@code null} when it is not paused
 */
public record TableStatus(TablePartitionConfig config, Instant now, PartitionTree tree, ClockCheck clock, List<Runway> runways, Duration minRunway,
        Long rowsInDefault, List<NotManagedPartition> notManaged, MaintenanceResult lastResult, List<Problem> problems, Pause pause) {

    public TableStatus {
        Objects.requireNonNull(config, "config");
        runways = List.copyOf(runways);
        notManaged = List.copyOf(notManaged);
        problems = List.copyOf(problems);
    }

    /** The status of a table read at {@code clockNow}, by the planning clock, that is not paused. */
    public static TableStatus of(TablePartitionConfig config, PartitionTree tree, Instant clockNow, MaintenanceResult lastResult) {
        return of(config, tree, clockNow, lastResult, null);
    }

    /**
     * The status of a table read at {@code clockNow}, by the planning clock.
     *
     * @param pause the pause holding the table now; {@code null} when none does
     */
    public static TableStatus of(TablePartitionConfig config, PartitionTree tree, Instant clockNow, MaintenanceResult lastResult,
            Pause pause) {
        MaintenancePlan plan = MaintenancePlanner.plan(config, clockNow, tree);
        ClockCheck clock = plan.clock();
        Instant now = clock.planningTime();
        List<Runway> runways = plan.coverage().stream().map(Runway::new).toList();
        Duration minRunway = config.minRunway(now);
        List<Problem> problems = new ArrayList<>();
        if (!tree.mayManage()) {
            problems.add(new Problem(Problem.Kind.MISCONFIGURED, "the current role neither owns " + tree.parent()
                    + " nor is a member of its owner role '" + tree.owner() + "'; ATTACH, DETACH and DROP need the owner's rights"));
        }
        if (!clock.trusted()) {
            problems.add(new Problem(Problem.Kind.CLOCK_SKEW, clock.distrust()));
        }
        for (Runway runway : runways) {
            Coverage coverage = runway.coverage();
            String where = coverage.table().equals(tree.parent()) && coverage.prefix().isEmpty() ? "" : " of " + coverage.describe();
            if (!runway.covered()) {
                Optional<PartitionInfo> defaultPartition = tree.root().nodes().stream().filter(node -> node.table().equals(coverage.table()))
                        .findFirst().flatMap(PartitionNode::defaultPartition);
                problems.add(new Problem(Problem.Kind.NOT_COVERED, "no partition" + where + " covers the " + (runway.time() ? "time" : "keys")
                        + " ahead from " + coverage.fromLiteral() + ": " + defaultPartition.map(partition -> "rows for it go to the DEFAULT"
                                + " partition " + partition.table()).orElse("inserts for it fail with \"no partition of relation found for row\"")));
            }
            else if (runway.isBelow(minRunway)) {
                problems.add(new Problem(Problem.Kind.RUNWAY_BELOW_MINIMUM, "runway" + where + " " + runway + " is below min-runway "
                        + runway.minimum(minRunway)));
            }
        }
        plan.missing().forEach(missing -> problems.add(new Problem(Problem.Kind.NOT_COVERED, missing)));
        IndexAlignment.problems(tree).forEach(misaligned -> problems.add(new Problem(Problem.Kind.MISALIGNED, misaligned)));
        lastRunProblems(lastResult, pause, problems);
        List<PartitionInfo> defaults = tree.root().nodes().stream().flatMap(node -> node.defaultPartition().stream()).toList();
        Long rowsInDefault = defaults.isEmpty() ? null : defaults.stream().mapToLong(PartitionInfo::rowEstimate).sum();
        return new TableStatus(config, now, tree, clock, runways, minRunway, rowsInDefault, plan.notManaged(), lastResult, problems, pause);
    }

    /**
     * The most urgent runway: one whose current point nothing covers, else the shortest time runway,
     * else the integer runway with the fewest intervals of keys left; {@code null} without any.
     */
    public Runway runway() {
        return runways.stream().min(Comparator.comparing((Runway runway) -> runway.covered() ? 1 : 0)
                .thenComparing(runway -> runway.time() ? 0 : 1)
                .thenComparingDouble(runway -> runway.time() ? runway.seconds()
                        : runway.keys().isPresent() ? (double) runway.keys().getAsLong() / ((IntegerLevel) runway.coverage().level()).interval()
                                : Double.POSITIVE_INFINITY))
                .orElse(null);
    }

    /**
     * What the most urgent runway is held against, as reported: {@code minRunway} for a time range
     * (also when there is no runway), one interval of keys for an integer range ({@code 1000 keys}).
     */
    public String minimum() {
        Runway runway = runway();
        return runway == null ? minRunway.toString() : runway.minimum(minRunway);
    }

    /** Attached partitions of the most urgent runway's range starting at or after its current point. */
    public long partitionsAhead() {
        Runway runway = runway();
        return runway == null ? 0 : runway.coverage().partitionsAhead();
    }


    /**
     * The status of a table whose snapshot could not be read, that is not paused (see
     * {@link #unreadable(TablePartitionConfig, Instant, RuntimeException, MaintenanceResult, Pause)}).
     */
    public static TableStatus unreadable(TablePartitionConfig config, Instant clockNow, RuntimeException failure, MaintenanceResult lastResult) {
        return unreadable(config, clockNow, failure, lastResult, null);
    }

    /**
     * The status of a table whose snapshot could not be read: {@link Problem.Kind#MISCONFIGURED} when
     * the table cannot be managed as configured, {@link Problem.Kind#UNREADABLE} for any other reason.
     *
     * @param pause the pause holding the table now; {@code null} when none does
     */
    public static TableStatus unreadable(TablePartitionConfig config, Instant clockNow, RuntimeException failure, MaintenanceResult lastResult,
            Pause pause) {
        List<Problem> problems = new ArrayList<>();
        problems.add(new Problem(failure instanceof InvalidParentTableException ? Problem.Kind.MISCONFIGURED : Problem.Kind.UNREADABLE,
                "cannot read the table: " + failure.getMessage()));
        lastRunProblems(lastResult, pause, problems);
        return new TableStatus(config, clockNow, null, null, List.of(), config.minRunway(clockNow), null, List.of(), lastResult, problems, pause);
    }

    /** Whether every error of the run is a storage limit's (each is an error issue worded as its hold). */
    private static boolean failedOnLimitsAlone(MaintenanceResult result) {
        return !result.holds().isEmpty() && !result.errors().isEmpty() && result.errors().stream()
                .allMatch(error -> result.holds().stream().anyMatch(hold -> hold.message().equals(error.message())));
    }

    /**
     * What the last run leaves wrong: a storage limit that held it back, a failure (unless the limits are
     * all it failed on), the replication-lag breaker; and the pause now.
     */
    private static void lastRunProblems(MaintenanceResult lastResult, Pause pause, List<Problem> problems) {
        List<SafetyHold> holds = lastResult == null ? List.of() : lastResult.holds();
        holds.stream().filter(hold -> hold.kind() == SafetyHold.Kind.DATABASE_SIZE || hold.kind() == SafetyHold.Kind.MAX_PARTITIONS)
                .forEach(hold -> problems.add(new Problem(Problem.Kind.QUOTA_EXCEEDED, hold.message())));
        if (lastResult != null && !lastResult.success() && !failedOnLimitsAlone(lastResult)) {
            problems.add(new Problem(Problem.Kind.LAST_RUN_FAILED, "the last run failed: " + lastResult.error()));
        }
        if (pause != null) {
            problems.add(new Problem(Problem.Kind.PAUSED, pause.message()));
        }
        holds.stream().filter(hold -> hold.kind() == SafetyHold.Kind.REPLICATION_LAG)
                .forEach(hold -> problems.add(new Problem(Problem.Kind.REPLICATION_LAG, "the last run was held back: " + hold.message())));
    }

    /**
     * This status judged again at a later instant of the planning clock, from the same snapshot, the
     * database's time carried forward by as much as the clock's: for readers, such as meters, that
     * must not query the database.
     */
    public TableStatus at(Instant clockNow) {
        return at(clockNow, pause);
    }

    /** {@link #at(Instant)}, with the pause holding the table at that instant. */
    public TableStatus at(Instant clockNow, Pause pause) {
        if (tree == null) {
            return pause == this.pause ? this : new TableStatus(config, now, null, null, List.of(), minRunway, null, notManaged, lastResult,
                    withPause(pause), pause);
        }
        Instant databaseNow = clock.database().plus(Duration.between(clock.clock(), clockNow));
        return of(config, tree.withDatabaseTime(databaseNow), clockNow, lastResult, pause);
    }

    /** These problems with the pause's in place of the one before, most urgent first (the kinds are declared so). */
    private List<Problem> withPause(Pause pause) {
        List<Problem> changed = new ArrayList<>(problems.stream().filter(problem -> problem.kind() != Problem.Kind.PAUSED).toList());
        if (pause != null) {
            changed.add(new Problem(Problem.Kind.PAUSED, pause.message()));
        }
        changed.sort(Comparator.comparing(Problem::kind));
        return changed;
    }

    /** Whether nothing is wrong. */
    public boolean healthy() {
        return problems.isEmpty();
    }

    /** The attached partitions, at any depth, that lack a valid index or a CHECK constraint of their parent's ({@link IndexAlignment}). */
    public long misalignedPartitions() {
        return problems.stream().filter(problem -> problem.kind() == Problem.Kind.MISALIGNED).count();
    }

    /** Whether a problem of this kind is present. */
    public boolean has(Problem.Kind kind) {
        return problems.stream().anyMatch(problem -> problem.kind() == kind);
    }

    /**
     * Something wrong with a table.
     *
     * @param kind what sort of problem, for renderers that map it (to a health status, an exit code)
     * @param message what is wrong, in the user's terms
     */
    public record Problem(Kind kind, String message) {

        public Problem {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(message, "message");
        }

        /** The sorts of problem, most urgent first. */
        public enum Kind {
            /**
             * The table cannot be managed as configured: it is missing, not range partitioned, partitioned on
             * another column or a key of another type, or owned by a role the current one is not a member of.
             */
            MISCONFIGURED,
            /** The table cannot be read for another reason (the database cannot be reached, for one). */
            UNREADABLE,
            /** The planning clock is too far from the database's to be trusted. */
            CLOCK_SKEW,
            /** No partition covers now. */
            NOT_COVERED,
            /** The runway is shorter than min-runway. */
            RUNWAY_BELOW_MINIMUM,
            /**
             * An attached partition has no valid index attached to one of its parent's partitioned indexes, or
             * lacks one of its parent's CHECK constraints ({@link IndexAlignment}): one problem per partition.
             */
            MISALIGNED,
            /** The last run added no partition: the database's size or the table's partitions reached their limit. */
            QUOTA_EXCEEDED,
            /** The last maintenance run failed (for another reason than a storage limit). */
            LAST_RUN_FAILED,
            /** Maintenance of the table is paused: nothing touches it until it is resumed. */
            PAUSED,
            /** The replication-lag breaker held the last run back: no DDL ran. */
            REPLICATION_LAG
        }
    }
}
