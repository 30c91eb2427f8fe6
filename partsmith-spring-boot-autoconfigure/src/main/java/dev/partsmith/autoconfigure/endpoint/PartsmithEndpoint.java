package dev.partsmith.autoconfigure.endpoint;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
import dev.partsmith.lifecycle.PartitionMaintainer;
import dev.partsmith.plan.MaintenanceIssue;
import dev.partsmith.plan.MaintenancePlan;
import dev.partsmith.plan.NotManagedPartition;
import dev.partsmith.plan.PartitionOperation;
import dev.partsmith.status.Runway;
import dev.partsmith.status.TableStatus;
import dev.partsmith.status.TableStatus.Problem;

/**
 * The {@code partsmith} actuator endpoint. Reading it shows every table as the catalog shows it now
 * (partitions with bounds and row estimates, runway, rows in DEFAULT), with its last run and the next
 * scheduled one; {@code /actuator/partsmith/{table}} shows one table by its key. Writing to it runs
 * maintenance now, of every table or of one, or with {@code "dryRun": true} returns what a run would do
 * without doing it.
 *
 * <p>Read-only by default: the write operations are available only once the application allows them
 * with {@code management.endpoint.partsmith.access=unrestricted}; the JSON says whether they are
 * ({@code writable}).
 */
@Endpoint(id = "partsmith", defaultAccess = Access.READ_ONLY)
public class PartsmithEndpoint {

    private final MaintenanceRunner runner;
    private final PartitionMaintainer maintainer;
    private final ObjectProvider<MaintenanceScheduler> scheduler;
    private final boolean writable;

    /**
     * @param writable whether the application allows the write operations (run now, dry run), for clients
     *        such as the dashboard that offer them only then
     */
    public PartsmithEndpoint(MaintenanceRunner runner, PartitionMaintainer maintainer, ObjectProvider<MaintenanceScheduler> scheduler,
            boolean writable) {
        this.runner = runner;
        this.maintainer = maintainer;
        this.scheduler = scheduler;
        this.writable = writable;
    }

    /** Every table, read from the catalog now. */
    @ReadOperation
    public PartsmithDescriptor tables() {
        Map<String, TableDescriptor> tables = new LinkedHashMap<>();
        Map<String, TableStatus> statuses = runner.statuses();
        runner.tables().all().forEach(table -> tables.put(table.key(), describe(table, statuses.get(table.key()))));
        MaintenanceScheduler schedule = scheduler.getIfAvailable();
        ScheduleDescriptor described = schedule == null ? null
                : new ScheduleDescriptor(schedule.cron(), schedule.zone().getId(), schedule.nextRun().map(Instant::toString).orElse(null));
        return new PartsmithDescriptor(described, tables, writable);
    }

    /** One table by its key under {@code partsmith.tables}; none (404) for an unknown key. */
    @ReadOperation
    public @Nullable TableDescriptor table(@Selector String table) {
        return runner.tables().get(table).map(found -> describe(found, runner.status(found))).orElse(null);
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
            return PlanDescriptor.of(maintainer.plan(table.config()));
        }
        catch (RuntimeException ex) {
            return new PlanDescriptor(null, null, null, List.of(), List.of(), List.of(), ex.getMessage());
        }
    }

    private TableDescriptor describe(PartsmithTable table, TableStatus status) {
        TablePartitionConfig config = table.config();
        PartitionTree tree = status.tree();
        Runway runway = status.runway();
        MaintenanceScheduler schedule = scheduler.getIfAvailable();
        Instant now = runway == null ? null : runway.from();
        return new TableDescriptor(table.key(), config.schema(), config.tableName(), config.partitionColumn(),
                table.granularity(),
                config.createAheadCount(), config.retentionCount().orElse(null), config.dropGrace().toString(), config.timezone().getId(),
                tree == null ? null : tree.keyType().sqlName(),
                tree == null ? List.of() : tree.partitions().stream().map(partition -> PartitionDescriptor.of(partition, now)).toList(),
                tree == null ? List.of() : tree.markedTables().stream().map(partition -> PartitionDescriptor.of(partition, null)).toList(),
                status.notManaged().stream().map(NotManagedDescriptor::of).toList(), status.rowsInDefault(),
                runway == null ? null : runway.toString(), runway == null ? null : runway.length().map(Duration::toSeconds).orElse(null),
                status.minRunway().toString(), status.problems().stream().map(Problem::message).toList(),
                runner.lastResult(table.key()).map(RunDescriptor::of).orElse(null),
                runner.lastSuccess(table.key()).map(Instant::toString).orElse(null),
                schedule == null ? null : schedule.nextRun().map(Instant::toString).orElse(null),
                status.has(Problem.Kind.UNREADABLE) ? status.problems().get(0).message() : null, status.now().toString(),
                runner.recentResults(table.key()).stream().map(RunDescriptor::of).toList());
    }

    /**
     * Everything the endpoint shows.
     *
     * @param schedule the maintenance schedule; {@code null} when scheduled runs are off
     * @param tables every table by its key
     * @param writable whether the write operations (run now, dry run) are allowed
     */
    public record PartsmithDescriptor(ScheduleDescriptor schedule, Map<String, TableDescriptor> tables, boolean writable) {
    }

    /** {@code partsmith.schedule} and when it fires next. */
    public record ScheduleDescriptor(String cron, String zone, String nextRun) {
    }

    /**
     * One table.
     *
     * @param partitions attached partitions (the DEFAULT one and those pending detach included), by lower bound
     * @param detached partsmith's detached tables awaiting their drop, and created tables awaiting their attach
     * @param notManaged partitions and marked tables partsmith leaves alone, with the reasons
     * @param rowsInDefault the DEFAULT partition's row estimate (from statistics, no scan); {@code null} without a DEFAULT partition
     * @param runway time from now until the first instant no partition covers ({@code PT0S} when none covers now,
     *        {@code unbounded} up to MAXVALUE); {@code null} when the table could not be read
     * @param runwaySeconds the runway in seconds; {@code null} when unbounded or unread
     * @param minRunway the runway below which health reports DOWN
     * @param problems what is wrong with the table, most urgent first
     * @param lastRun the last run in this application; {@code null} before the first
     * @param lastSuccess when the last successful run started
     * @param nextScheduledRun when the schedule fires next; {@code null} when scheduled runs are off
     * @param error why the table could not be read; {@code null} when it could
     * @param now the instant the table is judged at (the planning clock, or the database's time when the clock is not trusted)
     * @param recentRuns the last runs in this application, newest first (at most {@value MaintenanceRunner#RECENT_RUNS})
     */
    public record TableDescriptor(String key, String schema, String table, String partitionColumn, String granularity, int createAhead,
            Integer retention, String dropGrace, String timezone, String keyType, List<PartitionDescriptor> partitions,
            List<PartitionDescriptor> detached, List<NotManagedDescriptor> notManaged, Long rowsInDefault, String runway, Long runwaySeconds,
            String minRunway, List<String> problems, RunDescriptor lastRun, String lastSuccess, String nextScheduledRun, String error,
            String now, List<RunDescriptor> recentRuns) {
    }

    /** A partition or table partsmith leaves alone, and why. */
    public record NotManagedDescriptor(String name, String from, String to, boolean attached, String reason) {

        static NotManagedDescriptor of(NotManagedPartition other) {
            PartitionInfo info = other.partition();
            return new NotManagedDescriptor(info.name(), PartitionDescriptor.text(info.lower()), PartitionDescriptor.text(info.upper()),
                    info.attached(), other.reason());
        }
    }

    /**
     * One partition or detached table.
     *
     * @param from lower bound as PostgreSQL prints it in a UTC session ({@code MINVALUE}, a value); {@code null} when not ranged
     * @param to upper bound likewise
     * @param rowEstimate rows as the statistics know them (no scan)
     * @param sizeEstimateBytes heap size as the statistics know it (pages as of the last VACUUM or ANALYZE; 0 before the first)
     * @param position {@code past} (its range ends at or before now), {@code current} (it holds now) or {@code ahead} (it starts after
     *        now), on the key's axis; {@code null} for DEFAULT and detached tables
     */
    public record PartitionDescriptor(String name, String from, String to, boolean attached, boolean defaultPartition, boolean detachPending,
            long rowEstimate, long sizeEstimateBytes, String marker, String position) {

        /** @param now now as a point on the key's axis; {@code null} when unknown */
        static PartitionDescriptor of(PartitionInfo info, Instant now) {
            return new PartitionDescriptor(info.name(), text(info.lower()), text(info.upper()), info.attached(), info.defaultPartition(),
                    info.detachPending(), info.rowEstimate(), info.sizeEstimateBytes(), info.marker() == null ? null : info.marker().format(),
                    now == null || !info.ranged() ? null : !info.upper().point().isAfter(now) ? "past" : info.lower().point().isAfter(now) ? "ahead"
                            : "current");
        }

        static String text(PartitionBound bound) {
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
     * @param notManaged partitions and marked tables the plan leaves alone, with the reasons
     * @param error why the table could not be planned; {@code null} when it could
     */
    public record PlanDescriptor(String plannedAt, String currentPeriod, String retainFrom, List<OperationDescriptor> operations,
            List<IssueDescriptor> issues, List<NotManagedDescriptor> notManaged, String error) {

        static PlanDescriptor of(MaintenancePlan plan) {
            return new PlanDescriptor(plan.plannedAt().toString(), plan.currentPeriod().label(),
                    plan.retainFrom() == null ? null : plan.retainFrom().toOffsetDateTime().toString(),
                    plan.operations().stream().map(OperationDescriptor::of).toList(),
                    plan.issues().stream().map(IssueDescriptor::of).toList(), plan.notManaged().stream().map(NotManagedDescriptor::of).toList(),
                    null);
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
