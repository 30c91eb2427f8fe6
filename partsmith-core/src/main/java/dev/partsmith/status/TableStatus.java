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

/**
 * One table's condition, computed from its config, a catalog snapshot, the time and its last run: the
 * partitions, the runway of each range, what partsmith leaves alone, and every problem, each worded once
 * here. The health indicator, the endpoint, the metrics and the CLI render it; none of them decides a
 * problem of its own.
 *
 * @param config the table's config
 * @param now the instant the status is for: the planning clock, or the database's time when the
 *        clock is not trusted ({@link ClockCheck})
 * @param tree the catalog snapshot; {@code null} when the table could not be read
 * @param clock the planning clock held against the database's; {@code null} when the table could not be read
 * @param runways the runway of each range of the tree (one for a table of one range level); empty when
 *        the table could not be read or has no range level
 * @param minRunway the runway of a time range below which the table is at risk
 * @param rowsInDefault the DEFAULT partitions' row estimates, summed; {@code null} without a DEFAULT partition
 * @param notManaged partitions and marked tables partsmith leaves alone, with the reasons
 * @param lastResult the table's last run, {@code null} before the first
 * @param problems what is wrong, most urgent first; empty when all is well
 */
public record TableStatus(TablePartitionConfig config, Instant now, PartitionTree tree, ClockCheck clock, List<Runway> runways, Duration minRunway,
        Long rowsInDefault, List<NotManagedPartition> notManaged, MaintenanceResult lastResult, List<Problem> problems) {

    public TableStatus {
        Objects.requireNonNull(config, "config");
        runways = List.copyOf(runways);
        notManaged = List.copyOf(notManaged);
        problems = List.copyOf(problems);
    }

    /** The status of a table read at {@code clockNow}, by the planning clock. */
    public static TableStatus of(TablePartitionConfig config, PartitionTree tree, Instant clockNow, MaintenanceResult lastResult) {
        MaintenancePlan plan = MaintenancePlanner.plan(config, clockNow, tree);
        ClockCheck clock = plan.clock();
        Instant now = clock.planningTime();
        Duration minRunway = config.minRunway(now);
        List<Runway> runways = plan.coverage().stream().map(Runway::new).toList();
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
        lastRunProblem(lastResult, problems);
        List<PartitionInfo> defaults = tree.root().nodes().stream().flatMap(node -> node.defaultPartition().stream()).toList();
        Long rowsInDefault = defaults.isEmpty() ? null : defaults.stream().mapToLong(PartitionInfo::rowEstimate).sum();
        return new TableStatus(config, now, tree, clock, runways, minRunway, rowsInDefault, plan.notManaged(), lastResult, problems);
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

    /** Attached partitions of the most urgent runway's range starting at or after its current point. */
    public long partitionsAhead() {
        Runway runway = runway();
        return runway == null ? 0 : runway.coverage().partitionsAhead();
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
        return new TableStatus(config, clockNow, null, null, List.of(), config.minRunway(clockNow), null, List.of(), lastResult, problems);
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
