package dev.partsmith.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import dev.partsmith.Count;
import dev.partsmith.catalog.PartitionBound;
import dev.partsmith.catalog.PartitionInfo;
import dev.partsmith.lifecycle.MaintenanceResult;
import dev.partsmith.plan.MaintenanceIssue;
import dev.partsmith.plan.NotManagedPartition;
import dev.partsmith.plan.PartitionOperation;

/**
 * What a command found, table by table, and the exit code that follows: {@value PartsmithCli#FAILED} when a
 * table failed; else, with {@code plan --check}, {@value PartsmithCli#PENDING} when a table has pending
 * operations; else {@value PartsmithCli#OK}. Printed as text for people or as JSON ({@code --output json})
 * for machines; the JSON carries every field of the records below.
 *
 * @param command plan, apply or status
 * @param exitCode 0, 1 or (plan --check) 2
 * @param tables one entry per enabled table, in configuration order
 */
record Report(String command, int exitCode, List<TableReport> tables) {

    static Report of(CliArguments.Command command, boolean check, List<TableReport> tables) {
        int exitCode = tables.stream().anyMatch(TableReport::failed) ? PartsmithCli.FAILED
                : check && pending(tables) > 0 ? PartsmithCli.PENDING : PartsmithCli.OK;
        return new Report(command.label(), exitCode, List.copyOf(tables));
    }

    /** The planned operations of every table; 0 for the other commands. */
    private static int pending(List<TableReport> tables) {
        return tables.stream().mapToInt(table -> table instanceof TablePlan plan ? plan.operations().size() : 0).sum();
    }

    void printText(PrintStream out) {
        if (tables.isEmpty()) {
            out.println("No table is enabled.");
        }
        tables.forEach(table -> table.printText(out));
        if (exitCode == PartsmithCli.PENDING) {
            long tablesPending = tables.stream().filter(table -> table instanceof TablePlan plan && !plan.operations().isEmpty()).count();
            out.println("Pending: " + Count.of(pending(tables), "operation") + " on " + Count.of(tablesPending, "table")
                    + "; exit code " + PartsmithCli.PENDING + " (plan --check)");
        }
    }

    /** One table's part of a report. */
    sealed interface TableReport permits TablePlan, TableRun, TableStatus {

        /** The key under {@code partsmith.tables}. */
        String key();

        /** The parent, schema-qualified. */
        String table();

        /** Whether this table makes the command exit with 1. */
        boolean failed();

        void printText(PrintStream out);

        default String title() {
            return key() + " (" + table() + ")";
        }
    }

    /**
     * What a run of one table would do now.
     *
     * @param currentPeriod the period that contains now; {@code null} when the table could not be planned
     * @param error why the table could not be planned; {@code null} when it could
     */
    record TablePlan(String key, String table, String currentPeriod, List<Operation> operations, List<Issue> issues,
            List<NotManaged> notManaged, String error) implements TableReport {

        @Override
        public boolean failed() {
            return error != null || issues.stream().anyMatch(issue -> issue.severity().equals(MaintenanceIssue.Severity.ERROR.name()));
        }

        @Override
        public void printText(PrintStream out) {
            if (error != null) {
                out.println(title() + ": FAILED: " + error);
                return;
            }
            out.println(title() + ": " + (operations.isEmpty() ? "nothing to do" : Count.of(operations.size(), "operation")));
            operations.forEach(operation -> out.println("  " + operation.description()));
            issues.forEach(issue -> out.println("  " + issue));
            notManaged.forEach(other -> out.println("  not managed: " + other));
        }
    }

    /**
     * What a maintenance run of one table did.
     *
     * @param outcome success, failure or skipped
     * @param error why the run failed; {@code null} when it did not
     * @param skippedReason why nothing was done (another maintainer holds the lock, a standby); {@code null} when the run went ahead
     */
    record TableRun(String key, String table, String outcome, String startedAt, String duration, int created, int detached, int dropped,
            long movedRows, String error, String skippedReason, List<Issue> issues) implements TableReport {

        static TableRun of(String key, MaintenanceResult result) {
            return new TableRun(key, result.table().toString(), result.outcome().tag(), result.startedAt().toString(),
                    result.duration().toString(), result.createdCount(), result.detachedCount(), result.droppedCount(),
                    result.movedRowCount(), result.error(), result.skippedReason(), result.issues().stream().map(Issue::of).toList());
        }

        @Override
        public boolean failed() {
            return outcome.equals(MaintenanceResult.Outcome.FAILURE.tag());
        }

        @Override
        public void printText(PrintStream out) {
            if (skippedReason != null) {
                out.println(title() + ": skipped: " + skippedReason);
                return;
            }
            out.println(title() + ": " + (failed() ? "FAILED" : "success") + " in " + seconds(Duration.parse(duration)) + ": created " + created
                    + ", detached " + detached + ", dropped " + dropped + ", moved " + Count.of(movedRows, "row") + " out of DEFAULT");
            issues.forEach(issue -> out.println("  " + issue));
        }
    }

    /**
     * One table as the catalog shows it now.
     *
     * @param partitions attached partitions (DEFAULT included), by lower bound
     * @param detached partsmith's detached tables awaiting their drop, and created tables awaiting their attach
     * @param rowsInDefault the DEFAULT partition's row estimate; {@code null} without a DEFAULT partition
     * @param notManaged partitions and marked tables partsmith leaves alone, with the reasons
     * @param runway time from now until the first instant no partition covers ({@code PT0S} when none covers now,
     *        {@code unbounded} up to MAXVALUE); {@code null} when the table could not be read
     * @param runwaySeconds the runway of a time range in seconds; {@code null} when unbounded or unread, or for an integer range
     * @param minRunway the runway below which the table is reported
     * @param problem the most urgent of {@code problems}; {@code null} when fine
     * @param problems why the table fails the check (unreadable, no partition for now, runway below min-runway, a
     *        failed last run, an untrusted clock), most urgent first; empty when fine
     */
    record TableStatus(String key, String table, String granularity, int createAhead, Integer retention, String dropGrace,
            List<Partition> partitions, List<Partition> detached, List<NotManaged> notManaged, Long rowsInDefault, String runway,
            Long runwaySeconds, String minRunway, String problem, List<String> problems) implements TableReport {

        @Override
        public boolean failed() {
            return !problems.isEmpty();
        }

        @Override
        public void printText(PrintStream out) {
            out.println(title() + ": " + granularity + ", create-ahead " + createAhead + ", retention "
                    + (retention == null ? "forever" : retention) + ", drop-grace " + dropGrace);
            partitions.forEach(partition -> partition.print(out, "  "));
            if (!detached.isEmpty()) {
                out.println("  detached, awaiting drop: " + String.join(", ", detached.stream().map(Partition::name).toList()));
            }
            notManaged.forEach(other -> out.println("  not managed: " + other));
            out.println("  runway " + (runway == null || Long.valueOf(0).equals(runwaySeconds) || runway.equals("0 keys") ? "none" : runway) + " (min-runway " + minRunway + ")"
                    + (rowsInDefault == null ? "" : ", ~" + Count.of(rowsInDefault, "row") + " in DEFAULT") + ": "
                    + (problems.isEmpty() ? "OK" : "PROBLEM: " + String.join("; ", problems)));
        }
    }

    /** One planned operation; {@code type} is CreatePartition, AttachPartition, FinalizeDetach, DetachPartition or DropPartition. */
    record Operation(String type, String partition, String description) {

        static Operation of(PartitionOperation operation) {
            return new Operation(operation.getClass().getSimpleName(), operation.partition().toString(), operation.describe());
        }
    }

    /** A partition or table partsmith leaves alone, and why. */
    record NotManaged(String name, String from, String to, boolean attached, String reason) {

        static NotManaged of(NotManagedPartition other) {
            PartitionInfo info = other.partition();
            return new NotManaged(info.name(), Partition.text(info.lower()), Partition.text(info.upper()), info.attached(), other.reason());
        }

        @Override
        public String toString() {
            return name + (from == null ? "" : " [" + from + ", " + to + ")") + ": " + reason;
        }
    }

    /** One issue of a plan or a run. */
    record Issue(String severity, String step, String partition, String message) {

        static Issue of(MaintenanceIssue issue) {
            return new Issue(issue.severity().name(), issue.step().name(), issue.partition(), issue.message());
        }

        @Override
        public String toString() {
            return severity + " " + step + (partition == null ? "" : " " + partition) + ": " + message;
        }
    }

    /**
     * One partition or detached table, with its own partitions when it is partitioned in turn.
     *
     * @param from lower bound of a range as PostgreSQL prints it in a UTC session; {@code null} for DEFAULT, detached tables and other bounds
     * @param rowEstimate rows as the statistics know them (nothing is scanned); a partitioned partition's are its partitions'
     * @param sizeEstimateBytes heap size as the statistics know it (0 until the table was vacuumed or analyzed)
     * @param bounds what it holds, in a few words ({@code IN (eu)}, {@code hash remainder 3 of 8}, {@code DEFAULT})
     * @param partitions its partitions when it is partitioned in turn; empty otherwise
     */
    record Partition(String name, String from, String to, boolean attached, boolean defaultPartition, boolean detachPending,
            long rowEstimate, long sizeEstimateBytes, String bounds, List<Partition> partitions) {

        static Partition of(PartitionInfo info) {
            return new Partition(info.name(), text(info.lower()), text(info.upper()), info.attached(), info.defaultPartition(),
                    info.detachPending(), info.rowEstimate(), info.sizeEstimateBytes(),
                    info.bounds() == null ? info.boundExpression() : info.bounds().describe(),
                    info.partitioned() ? info.subpartitions().partitions().stream().map(Partition::of).toList() : List.of());
        }

        static String text(PartitionBound bound) {
            return bound == null ? null : bound.text();
        }

        /** One line, then its partitions indented below it. */
        void print(PrintStream out, String indent) {
            String range = from != null ? from + " .. " + to : bounds;
            out.printf(Locale.ROOT, "%s%-" + Math.max(1, 34 - indent.length()) + "s %-52s ~%d rows%s%n", indent, name, range, rowEstimate,
                    detachPending ? " (detach pending)" : "");
            partitions.forEach(partition -> partition.print(out, indent + "  "));
        }
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.3fs", duration.toNanos() / 1e9);
    }
}
