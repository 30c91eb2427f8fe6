package dev.partsmith.safety;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

import dev.partsmith.Count;
import dev.partsmith.catalog.PartitionInfo;
import dev.partsmith.catalog.PartitionTree;
import dev.partsmith.plan.AttachPartition;
import dev.partsmith.plan.CreatePartition;
import dev.partsmith.plan.DetachPartition;
import dev.partsmith.plan.FinalizeDetach;
import dev.partsmith.plan.MaintenanceIssue;
import dev.partsmith.plan.MaintenanceIssueStep;
import dev.partsmith.plan.MaintenancePlan;
import dev.partsmith.plan.PartitionOperation;

/**
 * The storage quota, the one place its rule lives. A plan that adds partitions to a table (creates one,
 * or attaches a table partsmith made earlier or an orphan wanted again) is checked against:
 * <ul>
 * <li>the table's {@code max-partitions}: the partitions attached now, plus those the plan adds, minus
 * those it detaches (or whose pending detach it finalizes), must not pass it (the DEFAULT partition is not
 * counted);</li>
 * <li>{@code max-database-size}: the database's size, read once per pass and only when a plan adds a
 * partition, must be below it.</li>
 * </ul>
 * A plan that would break a limit adds no partition at all: every create and attach is taken out, and an
 * error issue per limit names the limit, its value and what was measured. Its detaches, finalizes and
 * drops stay, since they free space.
 */
final class StorageQuota {

    private static final String[] UNITS = { "", "kB", "MB", "GB", "TB", "PB" };

    /** The withheld operations a message names; the others are counted. */
    private static final int LISTED = 3;

    private StorageQuota() {
    }

    /**
     * The plan as the limits let it run.
     *
     * @param databaseSize reads the database's size; called only when a plan adds a partition and a size limit is set
     */
    static Review review(MaintenancePlan plan, PartitionTree tree, TableLimits table, Long maxDatabaseSize, LongSupplier databaseSize) {
        List<PartitionOperation> additions = plan.operations().stream().filter(StorageQuota::adds).toList();
        if (additions.isEmpty()) {
            return Review.unchanged(plan);
        }
        String withheld = "; no partition is added to " + plan.table() + " in this run (withheld: "
                + String.join(", ", additions.stream().limit(LISTED).map(PartitionOperation::describe).toList())
                + (additions.size() > LISTED ? " and " + (additions.size() - LISTED) + " more" : "") + "); detaches and drops still run";
        List<SafetyHold> holds = new ArrayList<>();
        if (table.maxPartitions() != null) {
            long attached = tree.root().tablesOfRows();
            long added = additions.stream().mapToLong(StorageQuota::tablesOfRows).sum();
            long retired = plan.operations().stream().mapToLong(operation -> operation instanceof DetachPartition detach ? tablesOfRows(detach.info())
                    : operation instanceof FinalizeDetach ? 1 : 0).sum();
            long after = attached + added - retired;
            if (after > table.maxPartitions()) {
                holds.add(new SafetyHold(SafetyHold.Kind.MAX_PARTITIONS, "max-partitions: this run would leave " + after + " partitions of "
                        + plan.table() + " attached (" + attached + " now, " + added + " added, " + retired + " retired), more than"
                        + " max-partitions (" + table.maxPartitions() + ")" + withheld));
            }
        }
        if (maxDatabaseSize != null) {
            long size = databaseSize.getAsLong();
            if (size >= maxDatabaseSize) {
                holds.add(new SafetyHold(SafetyHold.Kind.DATABASE_SIZE, "max-database-size: the database is " + format(size)
                        + ", at or over partsmith.safety.max-database-size (" + format(maxDatabaseSize) + ")" + withheld));
            }
        }
        if (holds.isEmpty()) {
            return Review.unchanged(plan);
        }
        List<MaintenanceIssue> issues = new ArrayList<>(plan.issues());
        holds.forEach(hold -> issues.add(MaintenanceIssue.error(MaintenanceIssueStep.PLAN, null, hold.message())));
        List<PartitionOperation> operations = plan.operations().stream().filter(operation -> !adds(operation)).toList();
        return new Review(Review.plan(plan, operations, issues), holds, null);
    }

    /** The tables of rows a partition counts for: itself, or the ones below it when it is partitioned in turn. */
    private static long tablesOfRows(PartitionInfo partition) {
        return partition.partitioned() ? partition.subpartitions().tablesOfRows() : 1;
    }

    /** The tables of rows an addition brings: a new partition's own, or those of the subtree it builds; an attached table counts one. */
    private static long tablesOfRows(PartitionOperation operation) {
        return operation instanceof CreatePartition create && !create.children().isEmpty()
                ? create.children().stream().mapToLong(StorageQuota::tablesOfRows).sum() : 1;
    }

    /** Whether the operation adds an attached partition to the table. */
    private static boolean adds(PartitionOperation operation) {
        return operation instanceof CreatePartition || operation instanceof AttachPartition;
    }

    /** A size in the largest unit of 1024 it fills, with the exact bytes: {@code 10 MB (10485760 bytes)}, {@code 1.5 GB (...)}. */
    static String format(long bytes) {
        int unit = 0;
        double value = bytes;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        if (unit == 0) {
            return Count.of(bytes, "byte");
        }
        String shown = value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.1f", value);
        return shown + " " + UNITS[unit] + " (" + bytes + " bytes)";
    }
}
