package dev.partsmith.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.partsmith.catalog.PartitionTree;
import dev.partsmith.catalog.QualifiedName;
import dev.partsmith.plan.MaintenanceIssue;
import dev.partsmith.plan.MaintenanceIssueStep;
import dev.partsmith.plan.MaintenancePlan;
import dev.partsmith.safety.SafetyHold;

/**
 * What one maintenance run of one table did.
 *
 * @param table the parent table
 * @param startedAt when the run started, by the service's clock
 * @param duration how long it took (wall time)
 * @param createdCount partitions created and attached (adopted leftovers included)
 * @param detachedCount partitions detached (finalized pending detaches included)
 * @param droppedCount tables dropped
 * @param movedRowCount rows moved out of the DEFAULT partition into new partitions
 * @param error why the run is unsuccessful (the error issues' messages); {@code null} when it succeeded
 * @param issues everything that went wrong or was left alone, errors and warnings
 * @param skippedReason why nothing was done (the table is paused, another maintainer holds the lock, the
 *        server is a standby, the replication-lag breaker held the run back); {@code null} when the run went
 *        ahead. A skipped run is successful.
 * @param plan what the run set out to do; {@code null} when it stopped before planning
 * @param tree the table's tree after the run; {@code null} when it could not be read
 * @param holds the safeguards that held the run back, in part or whole; empty when none did
 */
public record MaintenanceResult(QualifiedName table, Instant startedAt, Duration duration, int createdCount, int detachedCount,
        int droppedCount, long movedRowCount, String error, List<MaintenanceIssue> issues, String skippedReason,
        MaintenancePlan plan, PartitionTree tree, List<SafetyHold> holds) {

    public MaintenanceResult {
        issues = List.copyOf(issues);
        holds = List.copyOf(holds);
    }

    /** A result that no safeguard held back. */
    public MaintenanceResult(QualifiedName table, Instant startedAt, Duration duration, int createdCount, int detachedCount,
            int droppedCount, long movedRowCount, String error, List<MaintenanceIssue> issues, String skippedReason,
            MaintenancePlan plan, PartitionTree tree) {
        this(table, startedAt, duration, createdCount, detachedCount, droppedCount, movedRowCount, error, issues, skippedReason, plan,
                tree, List.of());
    }

    /** A run that did nothing because of {@code reason}. */
    public static MaintenanceResult skipped(QualifiedName table, Instant startedAt, Duration duration, String reason) {
        return new MaintenanceResult(table, startedAt, duration, 0, 0, 0, 0, null, List.of(), reason, null, null);
    }

    /** A run that failed as a whole before or while planning. */
    public static MaintenanceResult failed(QualifiedName table, Instant startedAt, Duration duration, MaintenanceIssueStep step,
            String message) {
        return new MaintenanceResult(table, startedAt, duration, 0, 0, 0, 0, message,
                List.of(MaintenanceIssue.error(step, null, message)), null, null, null);
    }

    /** Whether no error occurred (warnings and skips do not count). */
    public boolean success() {
        return error == null;
    }

    public boolean skipped() {
        return skippedReason != null;
    }

    /** {@code success}, {@code failure} or {@code skipped}, for metrics and logs. */
    public Outcome outcome() {
        if (!success()) {
            return Outcome.FAILURE;
        }
        return skipped() ? Outcome.SKIPPED : Outcome.SUCCESS;
    }

    /** Only the issues of severity ERROR. */
    public List<MaintenanceIssue> errors() {
        return issues.stream().filter(MaintenanceIssue::isError).toList();
    }

    /** The three ways a run ends. */
    public enum Outcome {
        SUCCESS,
        FAILURE,
        SKIPPED;

        /** Lower-case name, as used in metric tags. */
        public String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
