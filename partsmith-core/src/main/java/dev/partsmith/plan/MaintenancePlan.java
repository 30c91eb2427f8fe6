package dev.partsmith.plan;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;

import dev.partsmith.catalog.QualifiedName;
import dev.partsmith.period.Period;

/**
 * What one maintenance run of a table will do, decided from the config, the time and a catalog
 * snapshot alone. A dry run returns it without applying it.
 *
 * @param table the parent table
 * @param plannedAt the planning clock's instant the plan was made at
 * @param clock the planning clock held against the database's; when not trusted, creations are
 *        planned for the database's time and nothing is retired
 * @param currentPeriod the period of the table's first time level containing the planning time in the
 *        table's zone; {@code null} without a time level
 * @param retainFrom start of the oldest period that level keeps attached; {@code null} when it keeps
 *        everything, or without a time level
 * @param operations what to apply, in order: creations and attaches, then pending detaches, detaches and drops
 * @param issues what the planner found and will not touch (partly covered periods, names too long,
 *        missing rights, an untrusted clock, a standby)
 * @param notManaged partitions and marked tables partsmith leaves alone, each with the reason
 * @param coverage how far each range of the tree is covered from its current point, as the snapshot showed it
 * @param missing the list values and hash remainders of the tree that no attached partition holds, worded
 */
public record MaintenancePlan(QualifiedName table, Instant plannedAt, ClockCheck clock, Period currentPeriod, ZonedDateTime retainFrom,
        List<PartitionOperation> operations, List<MaintenanceIssue> issues, List<NotManagedPartition> notManaged, List<Coverage> coverage,
        List<String> missing) {

    public MaintenancePlan {
        operations = List.copyOf(operations);
        issues = List.copyOf(issues);
        notManaged = List.copyOf(notManaged);
        coverage = List.copyOf(coverage);
        missing = List.copyOf(missing);
    }

    /** Whether the plan changes nothing. */
    public boolean isEmpty() {
        return operations.isEmpty();
    }

    /** The operations of one kind, in plan order. */
    public <T extends PartitionOperation> List<T> operations(Class<T> kind) {
        return operations.stream().filter(kind::isInstance).map(kind::cast).toList();
    }
}
