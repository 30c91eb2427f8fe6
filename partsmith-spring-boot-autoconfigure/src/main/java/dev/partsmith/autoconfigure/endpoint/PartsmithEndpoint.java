package dev.partsmith.autoconfigure.endpoint;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

import dev.partsmith.autoconfigure.MaintenanceRunner;
import dev.partsmith.autoconfigure.MaintenanceScheduler;
import dev.partsmith.autoconfigure.PartsmithTable;
import dev.partsmith.catalog.PartitionBound;
import dev.partsmith.catalog.PartitionInfo;
import dev.partsmith.catalog.PartitionTree;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.lifecycle.MaintenanceResult;
import dev.partsmith.plan.MaintenanceIssue;
import dev.partsmith.plan.MaintenancePlan;
import dev.partsmith.plan.PartitionOperation;

/**
 * The {@code partsmith} actuator endpoint. Reading it shows every table as the catalog shows it now
 * (partitions with bounds and row estimates, runway, rows in DEFAULT), with its last run and the next
 * scheduled one; {@code /actuator/partsmith/{table}} shows one table by its key. Writing to it runs
 * maintenance now, of every table or of one, or with {@code "dryRun": true} returns what a run would do
 * without doing it.
 *
 * <p>Read-only by default: the write operations are available only once the application allows them
 * with {@code management.endpoint.partsmith.access=unrestricted}.
 */
@Endpoint(id = "partsmith", defaultAccess = Access.READ_ONLY)
public class PartsmithEndpoint {

    private final MaintenanceRunner runner;
    private final ObjectProvider<MaintenanceScheduler> scheduler;

    public PartsmithEndpoint(MaintenanceRunner runner, ObjectProvider<MaintenanceScheduler> scheduler) {
        this.runner = runner;
        this.scheduler = scheduler;
    }

    /** Every table, read from the catalog now. */
    @ReadOperation
    public PartsmithDescriptor tables() {
        Map<String, TableDescriptor> tables = new LinkedHashMap<>();
        Map<String, PartitionTree> trees = runner.readTrees();
        runner.tables().all().forEach(table -> tables.put(table.key(), describe(table, trees.get(table.key()))));
        MaintenanceScheduler schedule = scheduler.getIfAvailable();
        ScheduleDescriptor described = schedule == null ? null
                : new ScheduleDescriptor(schedule.cron(), schedule.zone().getId(), schedule.nextRun().map(Instant::toString).orElse(null));
        return new PartsmithDescriptor(described, tables);
    }

    /** One table by its key under {@code partsmith.tables}; none (404) for an unknown key. */
    @ReadOperation
    public @Nullable TableDescriptor table(@Selector String table) {
        return runner.tables().get(table).map(found -> describe(found, null)).orElse(null);
    }

    /** Maintains every table now, or plans every table when {@code dryRun} is true. */
    @WriteOperation
    public MaintenanceDescriptor maintain(@Nullable Boolean dryRun) {
        return maintain(runner.tables().all(), Boolean.TRUE.equals(dryRun));
    }

    /** Maintains one table now, or plans it when {@code dryRun} is true. */
    @WriteOperation
    public MaintenanceDescriptor maintainTable(@Selector String table, @Nullable Boolean dryRun) {
        PartsmithTable found = runner.tables().get(table).orElseThrow(() -> new InvalidEndpointRequestException(
                "No table is configured under the key '" + table + "'; configured: " + runner.tables().keys(), "unknown table"));
        return maintain(List.of(found), Boolean.TRUE.equals(dryRun));
    }

    private MaintenanceDescriptor maintain(List<PartsmithTable> tables, boolean dryRun) {
        Map<String, RunDescriptor> runs = new LinkedHashMap<>();
        Map<String, PlanDescriptor> plans = new LinkedHashMap<>();
        for (PartsmithTable table : tables) {
            if (dryRun) {
                plans.put(table.key(), plan(table));
            }
            else {
                runs.put(table.key(), RunDescriptor.of(runner.run(table)));
            }
        }
        return new MaintenanceDescriptor(dryRun, dryRun ? null : runs, dryRun ? plans : null);
    }

    private PlanDescriptor plan(PartsmithTable table) {
        try {
            return PlanDescriptor.of(runner.plan(table.key()));
        }
        catch (RuntimeException ex) {
            return new PlanDescriptor(null, null, null, List.of(), List.of(), ex.getMessage());
        }
    }

    /** @param read the table's tree as read with the others; {@code null} to read it now */
    private TableDescriptor describe(PartsmithTable table, @Nullable PartitionTree read) {
        TablePartitionConfig config = table.config();
        Instant now = runner.clock().instant();
        PartitionTree tree = read;
        String error = null;
        try {
            if (tree == null) {
                tree = runner.readTree(table);
            }
        }
        catch (RuntimeException ex) {
            error = ex.getMessage();
        }
        Optional<Duration> runway = tree == null ? Optional.empty() : table.runway(tree, now);
        Optional<PartitionInfo> defaultPartition = tree == null ? Optional.empty() : tree.defaultPartition();
        MaintenanceScheduler schedule = scheduler.getIfAvailable();
        return new TableDescriptor(table.key(), config.schema(), config.tableName(), config.partitionColumn(),
                table.granularity(),
                config.createAheadCount(), config.retentionCount().orElse(null), config.dropGrace().toString(), config.timezone().getId(),
                tree == null ? null : tree.keyType().sqlName(),
                tree == null ? List.of() : tree.partitions().stream().map(PartitionDescriptor::of).toList(),
                tree == null ? List.of() : tree.markedTables().stream().map(PartitionDescriptor::of).toList(),
                defaultPartition.map(PartitionInfo::rowEstimate).orElse(null),
                runway.map(Duration::toString).orElse(null), runway.map(Duration::toSeconds).orElse(null),
                table.minRunway(now).toString(),
                runner.lastResult(table.key()).map(RunDescriptor::of).orElse(null),
                runner.lastSuccess(table.key()).map(Instant::toString).orElse(null),
                schedule == null ? null : schedule.nextRun().map(Instant::toString).orElse(null), error);
    }

    /**
     * Everything the endpoint shows.
     *
     * @param schedule the maintenance schedule; {@code null} when scheduled runs are off
     * @param tables every table by its key
     */
    public record PartsmithDescriptor(ScheduleDescriptor schedule, Map<String, TableDescriptor> tables) {
    }

    /** {@code partsmith.schedule} and when it fires next. */
    public record ScheduleDescriptor(String cron, String zone, String nextRun) {
    }

    /**
     * One table.
     *
     * @param partitions attached partitions (the DEFAULT one and those pending detach included), by lower bound
     * @param detached partsmith's detached tables awaiting their drop, and created tables awaiting their attach
     * @param rowsInDefault the DEFAULT partition's row estimate (from statistics, no scan); {@code null} without a DEFAULT partition
     * @param runway time from now until the last partition's upper bound, to the second; {@code null} when nothing covers the time ahead
     * @param runwaySeconds the runway in seconds
     * @param minRunway the runway below which health reports DOWN
     * @param lastRun the last run in this application; {@code null} before the first
     * @param lastSuccess when the last successful run started
     * @param nextScheduledRun when the schedule fires next; {@code null} when scheduled runs are off
     * @param error why the table could not be read; {@code null} when it could
     */
    public record TableDescriptor(String key, String schema, String table, String partitionColumn, String granularity, int createAhead,
            Integer retention, String dropGrace, String timezone, String keyType, List<PartitionDescriptor> partitions,
            List<PartitionDescriptor> detached, Long rowsInDefault, String runway, Long runwaySeconds, String minRunway, RunDescriptor lastRun,
            String lastSuccess, String nextScheduledRun, String error) {
    }

    /**
     * One partition or detached table.
     *
     * @param from lower bound as PostgreSQL prints it in a UTC session ({@code MINVALUE}, a value); {@code null} when not ranged
     * @param to upper bound likewise
     * @param rowEstimate rows as the statistics know them (no scan)
     * @param sizeEstimateBytes heap size as the statistics know it (pages as of the last VACUUM or ANALYZE; 0 before the first)
     */
    public record PartitionDescriptor(String name, String from, String to, boolean attached, boolean defaultPartition, boolean detachPending,
            long rowEstimate, long sizeEstimateBytes, String marker) {

        static PartitionDescriptor of(PartitionInfo info) {
            return new PartitionDescriptor(info.name(), text(info.lower()), text(info.upper()), info.attached(), info.defaultPartition(),
                    info.detachPending(), info.rowEstimate(), info.sizeEstimateBytes(), info.marker() == null ? null : info.marker().format());
        }

        private static String text(PartitionBound bound) {
            return bound == null ? null : bound.text();
        }
    }

    /** One maintenance run's result. */
    public record RunDescriptor(String startedAt, String duration, String outcome, int created, int detached, int dropped, long movedRows,
            String error, String skippedReason, List<IssueDescriptor> issues) {

        static RunDescriptor of(MaintenanceResult result) {
            return new RunDescriptor(result.startedAt().toString(), result.duration().toString(), result.outcome().tag(),
                    result.createdCount(), result.detachedCount(), result.droppedCount(), result.movedRowCount(), result.error(),
                    result.skippedReason(), result.issues().stream().map(IssueDescriptor::of).toList());
        }
    }

    /** One issue of a run or a plan. */
    public record IssueDescriptor(String severity, String step, String partition, String message) {

        static IssueDescriptor of(MaintenanceIssue issue) {
            return new IssueDescriptor(issue.severity().name(), issue.step().name(), issue.partition(), issue.message());
        }
    }

    /**
     * What a run would do now (a dry run).
     *
     * @param error why the table could not be planned; {@code null} when it could
     */
    public record PlanDescriptor(String plannedAt, String currentPeriod, String retainFrom, List<OperationDescriptor> operations,
            List<IssueDescriptor> issues, String error) {

        static PlanDescriptor of(MaintenancePlan plan) {
            return new PlanDescriptor(plan.plannedAt().toString(), plan.currentPeriod().label(),
                    plan.retainFrom() == null ? null : plan.retainFrom().toOffsetDateTime().toString(),
                    plan.operations().stream().map(OperationDescriptor::of).toList(),
                    plan.issues().stream().map(IssueDescriptor::of).toList(), null);
        }
    }

    /**
     * One planned operation.
     *
     * @param type CreatePartition, AttachPartition, FinalizeDetach, DetachPartition or DropPartition
     */
    public record OperationDescriptor(String type, String partition, String description) {

        static OperationDescriptor of(PartitionOperation operation) {
            return new OperationDescriptor(operation.getClass().getSimpleName(), operation.partition().toString(), operation.describe());
        }
    }

    /**
     * What a write did.
     *
     * @param runs each table's result when it ran; {@code null} on a dry run
     * @param plans each table's plan on a dry run; {@code null} otherwise
     */
    public record MaintenanceDescriptor(boolean dryRun, Map<String, RunDescriptor> runs, Map<String, PlanDescriptor> plans) {
    }
}
