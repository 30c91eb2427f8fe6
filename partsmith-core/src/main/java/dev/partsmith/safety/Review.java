package dev.partsmith.safety;

import java.util.List;

import dev.partsmith.plan.MaintenanceIssue;
import dev.partsmith.plan.MaintenancePlan;
import dev.partsmith.plan.PartitionOperation;

/**
 * A plan as the safeguards let it run.
 *
 * @param plan what may run: the plan, or the plan without what a limit holds back and with an issue per limit
 * @param holds the safeguards that held something back; empty when none did
 * @param skippedReason why nothing at all runs (the replication-lag breaker); {@code null} when {@link #plan} runs
 */
public record Review(MaintenancePlan plan, List<SafetyHold> holds, String skippedReason) {

    public Review {
        holds = List.copyOf(holds);
    }

    static Review unchanged(MaintenancePlan plan) {
        return new Review(plan, List.of(), null);
    }

    /** Whether the run does nothing. */
    public boolean skipped() {
        return skippedReason != null;
    }

    /** {@code plan} with other operations and issues. */
    static MaintenancePlan plan(MaintenancePlan plan, List<PartitionOperation> operations, List<MaintenanceIssue> issues) {
        return new MaintenancePlan(plan.table(), plan.plannedAt(), plan.clock(), plan.currentPeriod(), plan.retainFrom(), operations, issues,
                plan.notManaged(), plan.coverage(), plan.missing());
    }
}
