package dev.partsmith.status;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.partsmith.InvalidParentTableException;
import dev.partsmith.catalog.PartitionInfo;
import dev.partsmith.catalog.PartitionTree;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.lifecycle.MaintenanceResult;
import dev.partsmith.plan.ClockCheck;
import dev.partsmith.plan.MaintenancePlan;
import dev.partsmith.plan.MaintenancePlanner;
import dev.partsmith.plan.NotManagedPartition;

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
 * @param runway from now to the first instant no partition covers; {@code null} when the table could not be read
 * @param minRunway the runway below which the table is at risk
 * @param partitionsAhead attached partitions starting at or after now
 * @param rowsInDefault the DEFAULT partition's row estimate; {@code null} without a DEFAULT partition
 * @param notManaged partitions and marked tables partsmith leaves alone, with the reasons
 * @param lastResult the table's last run, {@code null} before the first
 * @param problems what is wrong, most urgent first; empty when all is well
 */
public record TableStatus(TablePartitionConfig config, Instant now, PartitionTree tree, ClockCheck clock, Runway runway, Duration minRunway,
        long partitionsAhead, Long rowsInDefault, List<NotManagedPartition> notManaged, MaintenanceResult lastResult,
        List<Problem> problems) {

    public TableStatus {
        Objects.requireNonNull(config, "config");
        notManaged = List.copyOf(notManaged);
        problems = List.copyOf(problems);
    }

    /** The status of a table read at {@code clockNow}, by the planning clock. */
    public static TableStatus of(TablePartitionConfig config, PartitionTree tree, Instant clockNow, MaintenanceResult lastResult) {
        MaintenancePlan plan = MaintenancePlanner.plan(config, clockNow, tree);
        ClockCheck clock = plan.clock();
        Instant now = clock.planningTime();
        Runway runway = Runway.of(tree, tree.keyType().point(now, config.timezone()));
        Duration minRunway = config.minRunway(now);
        List<Problem> problems = new ArrayList<>();
        if (!tree.mayManage()) {
            problems.add(new Problem(Problem.Kind.MISCONFIGURED, "the current role neither owns " + tree.parent()
                    + " nor is a member of its owner role '" + tree.owner() + "'; ATTACH, DETACH and DROP need the owner's rights"));
        }
        if (!clock.trusted()) {
            problems.add(new Problem(Problem.Kind.CLOCK_SKEW, clock.distrust()));
        }
        if (!runway.covered()) {
            problems.add(new Problem(Problem.Kind.NOT_COVERED, "no partition covers the time ahead from " + tree.keyType().literal(
                    runway.from(), config.timezone()) + ": " + tree.defaultPartition().map(partition -> "rows for it go to the DEFAULT partition "
                            + partition.table()).orElse("inserts for it fail with \"no partition of relation found for row\"")));
        }
        else if (runway.isBelow(minRunway)) {
            problems.add(new Problem(Problem.Kind.RUNWAY_BELOW_MINIMUM, "runway " + runway + " is below min-runway " + minRunway));
        }
        lastRunProblem(lastResult, problems);
        Long rowsInDefault = tree.defaultPartition().map(PartitionInfo::rowEstimate).orElse(null);
        return new TableStatus(config, now, tree, clock, runway, minRunway, tree.partitionsStartingAtOrAfter(runway.from()), rowsInDefault,
                plan.notManaged(), lastResult, problems);
    }

    /**
     * The status of a table whose snapshot could not be read: {@link Problem.Kind#MISCONFIGURED} when
     * the table cannot be managed as configured, {@link Problem.Kind#UNREADABLE} for any other reason.
     */
    public static TableStatus unreadable(TablePartitionConfig config, Instant clockNow, RuntimeException failure, MaintenanceResult lastResult) {
        List<Problem> problems = new ArrayList<>();
        problems.add(new Problem(failure instanceof InvalidParentTableException ? Problem.Kind.MISCONFIGURED : Problem.Kind.UNREADABLE,
                "cannot read the table: " + failure.getMessage()));
        lastRunProblem(lastResult, problems);
        return new TableStatus(config, clockNow, null, null, null, config.minRunway(clockNow), 0, null, List.of(), lastResult, problems);
    }

    private static void lastRunProblem(MaintenanceResult lastResult, List<Problem> problems) {
        if (lastResult != null && !lastResult.success()) {
            problems.add(new Problem(Problem.Kind.LAST_RUN_FAILED, "the last run failed: " + lastResult.error()));
        }
    }

    /**
     * This status judged again at a later instant of the planning clock, from the same snapshot, the
     * database's time carried forward by as much as the clock's: for readers, such as meters, that
     * must not query the database.
     */
    public TableStatus at(Instant clockNow) {
        if (tree == null) {
            return this;
        }
        Instant databaseNow = clock.database().plus(Duration.between(clock.clock(), clockNow));
        return of(config, tree.withDatabaseTime(databaseNow), clockNow, lastResult);
    }

    /** Whether nothing is wrong. */
    public boolean healthy() {
        return problems.isEmpty();
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

        /** The sorts of problem. */
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
            /** The last maintenance run failed. */
            LAST_RUN_FAILED
        }
    }
}
