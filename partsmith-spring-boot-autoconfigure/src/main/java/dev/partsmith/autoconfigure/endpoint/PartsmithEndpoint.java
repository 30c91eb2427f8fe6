package dev.partsmith.autoconfigure.endpoint;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

import dev.partsmith.autoconfigure.MaintenanceRunner;
import dev.partsmith.autoconfigure.MaintenanceScheduler;
import dev.partsmith.InvalidPartitionConfigException;
import dev.partsmith.autoconfigure.PartsmithTable;
import dev.partsmith.autoconfigure.TableDefinitions;
import dev.partsmith.catalog.KeyPoint;
import dev.partsmith.catalog.PartitionBound;
import dev.partsmith.catalog.PartitionInfo;
import dev.partsmith.catalog.PartitionNode;
import dev.partsmith.catalog.PartitionTree;
import dev.partsmith.catalog.QualifiedName;
import dev.partsmith.config.ListValue;
import dev.partsmith.config.PartsmithTableRegistry;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.lifecycle.MaintenanceResult;
import dev.partsmith.lifecycle.PartitionMaintainer;
import dev.partsmith.plan.MaintenanceIssue;
import dev.partsmith.plan.MaintenancePlan;
import dev.partsmith.plan.NotManagedPartition;
import dev.partsmith.plan.PartitionOperation;
import dev.partsmith.safety.MaintenancePauses;
import dev.partsmith.safety.Pause;
import dev.partsmith.status.Runway;
import dev.partsmith.status.TableStatus;
import dev.partsmith.status.TableStatus.Problem;

/**
 * The {@code partsmith} actuator endpoint. Reading it shows every table as the catalog shows it now
 * (partitions with bounds and row estimates, runway, rows in DEFAULT), with its last run and the next
 * scheduled one; {@code /actuator/partsmith/{table}} shows one table by its key. Writing to it runs
 * maintenance now, of every table or of one, or with {@code "dryRun": true} returns what a run would do
 * without doing it. With {@code "paused": true} it pauses maintenance of every table or of one instead
 * (the kill switch, with an optional {@code "reason"}), and {@code "paused": false} resumes it; nothing runs.
 *
 * <p>Tables, tenants and list values are added and removed at run time (see {@link PartsmithTableRegistry}):
 * {@code POST /actuator/partsmith/{table}/add} with {@code {"definition": "..."}} (the table's properties as
 * under {@code partsmith.tables.<key>}, one {@code name=value} a line) adds a table or replaces one added at run
 * time; {@code .../add-tenant} takes {@code "tenant"} (its id) and optionally {@code "createAhead"} and
 * {@code "retention"}, {@code .../remove-tenant} takes {@code "tenant"}, {@code .../add-value} and
 * {@code .../remove-value} take {@code "value"}; {@code DELETE /actuator/partsmith/{table}} stops managing a table added at run time
 * (nothing of it is dropped). Each change but the removal of a table runs the table once right away, so a new
 * tenant's partitions exist when the call returns. Configured tables are refused: they change in the configuration.
 *
 * <p>Read-only by default: the write and delete operations are available only once the application allows them
 * with {@code management.endpoint.partsmith.access=unrestricted}; the JSON says whether they are
 * ({@code writable}).
 */
@Endpoint(id = "partsmith", defaultAccess = Access.READ_ONLY)
public class PartsmithEndpoint {

    private final MaintenanceRunner runner;
    private final PartitionMaintainer maintainer;
    private final ObjectProvider<MaintenanceScheduler> scheduler;
    private final TableDefinitions definitions;
    private final boolean writable;

    /**
     * @param definitions how a table added at run time is read from its properties
     * @param writable whether the application allows the write operations (run now, dry run), for clients
     *        such as the dashboard that offer them only then
     */
    public PartsmithEndpoint(MaintenanceRunner runner, PartitionMaintainer maintainer, ObjectProvider<MaintenanceScheduler> scheduler,
            TableDefinitions definitions, boolean writable) {
        this.runner = runner;
        this.maintainer = maintainer;
        this.scheduler = scheduler;
        this.definitions = definitions;
        this.writable = writable;
    }

    /** Every table, read from the catalog now. */
    @ReadOperation
    public PartsmithDescriptor tables() {
        Map<String, TableDescriptor> tables = new LinkedHashMap<>();
        Map<String, TableStatus> statuses = runner.statuses();
        statuses.forEach((key, status) -> runner.tables().get(key).ifPresent(table -> tables.put(key, describe(table, status))));
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

    /**
     * Maintains every table now (the stored tables added at run time re-read first), or plans every table when
     * {@code dryRun} is true; or, with {@code paused},
     * pauses ({@code true}, with an optional {@code reason}) or resumes ({@code false}) maintenance of every
     * table, single pauses included, and runs nothing.
     */
    @WriteOperation
    public MaintenanceDescriptor maintain(@Nullable Boolean dryRun, @Nullable Boolean paused, @Nullable String reason) {
        if (switches(dryRun, paused, reason)) {
            MaintenancePauses pauses = runner.safeguards().pauses();
            if (paused) {
                pauses.pauseAll(reason);
            }
            else {
                pauses.resumeAll();
            }
            return pauses(runner.tables().all());
        }
        runner.refreshRuntimeTables();
        return maintain(runner.tables().all(), Boolean.TRUE.equals(dryRun));
    }

    /**
     * Maintains one table now, or plans it when {@code dryRun} is true; or, with {@code paused}, pauses
     * ({@code true}, with an optional {@code reason}) or resumes ({@code false}) maintenance of the table, and
     * runs nothing. A table resumed while every table is paused stays paused until every table is resumed.
     */
    @WriteOperation
    public MaintenanceDescriptor maintainTable(@Selector String table, @Nullable Boolean dryRun, @Nullable Boolean paused,
            @Nullable String reason) {
        PartsmithTable found = runner.tables().get(table).orElseThrow(() -> new InvalidEndpointRequestException(
                "No table is managed under the key '" + table + "'; managed: " + runner.tables().keys(), "unknown table"));
        if (switches(dryRun, paused, reason)) {
            MaintenancePauses pauses = runner.safeguards().pauses();
            if (paused) {
                pauses.pause(found.config().qualifiedName(), reason);
            }
            else {
                pauses.resume(found.config().qualifiedName());
            }
            return pauses(List.of(found));
        }
        return maintain(List.of(found), Boolean.TRUE.equals(dryRun));
    }

    /**
     * Changes the tables added at run time: {@code change} is {@code add} (with {@code definition}: the table's
     * properties, one {@code name=value} a line, as in a properties file), {@code add-tenant} (with
     * {@code tenant}, and optionally its {@code createAhead} and {@code retention}), {@code remove-tenant} (with
     * {@code tenant}), {@code add-value} or {@code remove-value} (with {@code value}); then runs the table once.
     * Refuses a configured table, a bad definition (naming each refused property) and a change that does not fit
     * the table, and changes nothing then.
     */
    @WriteOperation
    public TableChangeDescriptor changeTable(@Selector String table, @Selector String change, @Nullable String definition,
            @Nullable String tenant, @Nullable Integer createAhead, @Nullable Integer retention, @Nullable String value) {
        PartsmithTableRegistry registry = registry();
        Change kind = Change.of(change);
        Map<String, Object> given = new LinkedHashMap<>();
        given.put("definition", definition);
        given.put("tenant", tenant);
        given.put("createAhead", createAhead);
        given.put("retention", retention);
        given.put("value", value);
        kind.require(given);
        try {
            switch (kind) {
                case ADD -> registry.put(table, definitions.define(table, TableDefinitions.parse(definition)));
                case ADD_TENANT -> registry.addTenant(table, new ListValue(tenant, createAhead, retention));
                case REMOVE_TENANT -> registry.removeTenant(table, tenant);
                case ADD_VALUE -> registry.addListValue(table, ListValue.of(value));
                case REMOVE_VALUE -> registry.removeListValue(table, value);
            }
        }
        catch (IllegalArgumentException | InvalidPartitionConfigException ex) {
            throw new InvalidEndpointRequestException(ex.getMessage(), "refused change of a table");
        }
        PartsmithTable changed = runner.tables().get(table).orElseThrow();
        RunDescriptor run = RunDescriptor.of(runner.run(changed));
        return new TableChangeDescriptor(table, kind.path, registry.persistent(), run, describe(changed, runner.status(changed)));
    }

    /**
     * Stops managing the table added at run time under {@code table}: nothing of it is detached or dropped, its
     * partitions stay as they are. Refuses a configured table and a key nothing was added under.
     */
    @DeleteOperation
    public TableChangeDescriptor removeTable(@Selector String table) {
        PartsmithTableRegistry registry = registry();
        try {
            if (!registry.remove(table)) {
                throw new InvalidEndpointRequestException("No table was added at run time under the key '" + table + "'; added at run time: "
                        + registry.runtimeTables().keySet(), "unknown table");
            }
        }
        catch (IllegalArgumentException ex) {
            throw new InvalidEndpointRequestException("Cannot remove the table: " + ex.getMessage(), "refused change of a table");
        }
        return new TableChangeDescriptor(table, "remove", registry.persistent(), null, null);
    }

    private PartsmithTableRegistry registry() {
        return runner.tables().registry().orElseThrow(() -> new InvalidEndpointRequestException("This application's tables cannot be changed"
                + " at run time: its PartsmithTables bean has no PartsmithTableRegistry", "no registry"));
    }

    /** A change of a table added at run time, by the path that asks for it. */
    private enum Change {

        ADD("add", "definition"), ADD_TENANT("add-tenant", "tenant", "createAhead", "retention"), REMOVE_TENANT("remove-tenant", "tenant"),
        ADD_VALUE("add-value", "value"), REMOVE_VALUE("remove-value", "value");

        private final String path;
        private final List<String> parameters;

        Change(String path, String... parameters) {
            this.path = path;
            this.parameters = List.of(parameters);
        }

        static Change of(String path) {
            for (Change change : values()) {
                if (change.path.equals(path)) {
                    return change;
                }
            }
            throw new InvalidEndpointRequestException("No change of a table is called '" + path + "'; the changes are add, add-tenant,"
                    + " remove-tenant, add-value and remove-value (DELETE the table to remove it)", "unknown change");
        }

        /** Refuses a request without the parameter the change needs (its first), or with one it does not take. */
        void require(Map<String, Object> given) {
            if (given.get(parameters.get(0)) == null) {
                throw new InvalidEndpointRequestException(path + " needs \"" + parameters.get(0) + "\"", "missing " + parameters.get(0));
            }
            given.forEach((name, each) -> {
                if (each != null && !parameters.contains(name)) {
                    throw new InvalidEndpointRequestException(path + " takes " + parameters.stream().map(parameter -> "\"" + parameter + "\"")
                            .toList() + ", not \"" + name + "\"", "extra " + name);
                }
            });
        }
    }

    /** Whether the request switches pauses rather than running; refuses a request that mixes the two. */
    private static boolean switches(Boolean dryRun, Boolean paused, String reason) {
        if (paused != null && dryRun != null) {
            throw new InvalidEndpointRequestException("Give either dryRun (to run or plan maintenance) or paused (to pause or resume it), not"
                    + " both", "dryRun and paused together");
        }
        if (reason != null && !Boolean.TRUE.equals(paused)) {
            throw new InvalidEndpointRequestException("A reason goes with \"paused\": true only", "reason without a pause");
        }
        return paused != null;
    }

    private MaintenanceDescriptor pauses(List<PartsmithTable> tables) {
        Map<String, PauseDescriptor> pauses = new LinkedHashMap<>();
        tables.forEach(table -> pauses.put(table.key(), pause(table)));
        return new MaintenanceDescriptor(false, null, null, pauses);
    }

    private PauseDescriptor pause(PartsmithTable table) {
        return PauseDescriptor.of(runner.safeguards().pauses().pauseOf(table.config().qualifiedName()).orElse(null));
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
        return new MaintenanceDescriptor(dryRun, dryRun ? null : runs, dryRun ? plans : null, null);
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
        Map<QualifiedName, Map<List<String>, KeyPoint>> nows = new HashMap<>();
        status.runways().forEach(each -> nows.computeIfAbsent(each.coverage().table(), node -> new HashMap<>())
                .put(each.coverage().prefix(), each.coverage().from()));
        return new TableDescriptor(table.key(), config.schema(), config.tableName(), config.partitionColumn(),
                table.granularity(),
                config.createAheadCount(), config.retentionCount().orElse(null), config.dropGrace().toString(), config.timezone().getId(),
                tree == null || tree.keyType() == null ? null : tree.keyType().sqlName(),
                tree == null ? List.of() : PartitionDescriptor.all(tree.root(), nows),
                tree == null ? List.of() : tree.markedTables().stream().map(partition -> PartitionDescriptor.of(partition, Map.of())).toList(),
                status.notManaged().stream().map(NotManagedDescriptor::of).toList(), status.rowsInDefault(),
                runway == null ? null : runway.toString(), runway == null ? null : runway.length().map(Duration::toSeconds).orElse(null),
                status.minimum(),
                status.problems().stream().map(Problem::message).toList(),
                runner.lastResult(table.key()).map(RunDescriptor::of).orElse(null),
                runner.lastSuccess(table.key()).map(Instant::toString).orElse(null),
                schedule == null ? null : schedule.nextRun().map(Instant::toString).orElse(null),
                status.has(Problem.Kind.UNREADABLE) ? status.problems().get(0).message() : null, PauseDescriptor.of(status.pause()),
                status.now().toString(), runner.recentResults(table.key()).stream().map(RunDescriptor::of).toList(),
                tree == null ? null : tree.key().toString(), runway == null || runway.keys().isEmpty() ? null : runway.keys().getAsLong(),
                runner.tables().addedAtRunTime(table.key()));
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
     * @param runwaySeconds the runway of a time range in seconds; {@code null} when unbounded or unread, or for an integer range
     * @param minRunway the runway below which health reports DOWN
     * @param problems what is wrong with the table, most urgent first
     * @param lastRun the last run in this application; {@code null} before the first
     * @param lastSuccess when the last successful run started
     * @param nextScheduledRun when the schedule fires next; {@code null} when scheduled runs are off
     * @param error why the table could not be read; {@code null} when it could
     * @param pause whether maintenance of the table is paused
     * @param now the instant the table is judged at (the planning clock, or the database's time when the clock is not trusted)
     * @param recentRuns the last runs in this application, newest first (at most {@value MaintenanceRunner#RECENT_RUNS})
     * @param partitionBy the table's partition key, as in DDL: {@code RANGE (created_at)}; {@code null} when unread
     * @param runwayKeys the runway of an integer range, in keys; {@code null} for a time range, when unbounded or unread
     * @param addedAtRunTime whether the table was added at run time rather than configured
     */
    public record TableDescriptor(String key, String schema, String table, String partitionColumn, String granularity, int createAhead,
            Integer retention, String dropGrace, String timezone, String keyType, List<PartitionDescriptor> partitions,
            List<PartitionDescriptor> detached, List<NotManagedDescriptor> notManaged, Long rowsInDefault, String runway, Long runwaySeconds,
            String minRunway, List<String> problems, RunDescriptor lastRun, String lastSuccess, String nextScheduledRun, String error,
            PauseDescriptor pause, String now, List<RunDescriptor> recentRuns, String partitionBy, Long runwayKeys, boolean addedAtRunTime) {
    }

    /**
     * Whether maintenance of a table is paused.
     *
     * @param paused whether it is
     * @param since when the pause began; {@code null} when not paused
     * @param reason what was said with the pause; {@code null} when nothing
     * @param allTables whether it is the pause of every table (resuming the table alone does not end it)
     */
    public record PauseDescriptor(boolean paused, String since, String reason, boolean allTables) {

        static PauseDescriptor of(Pause pause) {
            return pause == null ? new PauseDescriptor(false, null, null, false)
                    : new PauseDescriptor(true, pause.since().toString(), pause.reason(), pause.allTables());
        }
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
     * One partition or detached table, with its own partitions when it is partitioned in turn.
     *
     * @param from lower bound of a range as PostgreSQL prints it in a UTC session ({@code MINVALUE}, a value); {@code null} when not a range
     * @param to upper bound likewise
     * @param rowEstimate rows as the statistics know them (no scan); for a partitioned partition, its partitions' sum
     * @param sizeEstimateBytes heap size as the statistics know it (pages as of the last VACUUM or ANALYZE; 0 before the first)
     * @param position {@code past} (its range ends at or before now), {@code current} (it holds now) or {@code ahead} (it starts after
     *        now), on the key's axis (now, or the highest key in use); {@code null} for DEFAULT, detached tables and partitions of no range
     * @param bounds what it holds, in a few words: {@code [2024-03-01 00:00:00+00, 2024-04-01 00:00:00+00)}, {@code IN (eu)},
     *        {@code hash remainder 3 of 8}, {@code DEFAULT}
     * @param partitionBy its partition key when it is partitioned in turn ({@code HASH (user_id)}); {@code null} otherwise
     * @param partitions its partitions when it is partitioned in turn; empty otherwise
     */
    public record PartitionDescriptor(String name, String from, String to, boolean attached, boolean defaultPartition, boolean detachPending,
            long rowEstimate, long sizeEstimateBytes, String marker, String position, String bounds, String partitionBy,
            List<PartitionDescriptor> partitions) {

        /** The partitions of a partitioned table, each positioned against the current point of its range in {@code nows}. */
        static List<PartitionDescriptor> all(PartitionNode node, Map<QualifiedName, Map<List<String>, KeyPoint>> nows) {
            Map<List<String>, KeyPoint> byPrefix = nows.getOrDefault(node.table(), Map.of());
            return node.partitions().stream().map(partition -> {
                KeyPoint now = partition.ranged() ? byPrefix.get(partition.range().prefix()) : null;
                return of(partition, now, nows);
            }).toList();
        }

        static PartitionDescriptor of(PartitionInfo info, Map<QualifiedName, Map<List<String>, KeyPoint>> nows) {
            return of(info, null, nows);
        }

        private static PartitionDescriptor of(PartitionInfo info, KeyPoint now, Map<QualifiedName, Map<List<String>, KeyPoint>> nows) {
            return new PartitionDescriptor(info.name(), text(info.lower()), text(info.upper()), info.attached(), info.defaultPartition(),
                    info.detachPending(), info.rowEstimate(), info.sizeEstimateBytes(), info.marker() == null ? null : info.marker().format(),
                    now == null || !info.ranged() ? null : !info.upper().point().isAfter(now) ? "past" : info.lower().point().isAfter(now) ? "ahead"
                            : "current",
                    info.bounds() == null ? info.boundExpression() : info.bounds().describe(),
                    info.partitioned() ? info.subpartitions().key().toString() : null,
                    info.partitioned() ? all(info.subpartitions(), nows) : List.of());
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
     * What a change of the tables added at run time did.
     *
     * @param key the table's key
     * @param change add, add-tenant, remove-tenant, add-value, remove-value or remove
     * @param stored whether the change survives a restart ({@code partsmith.runtime-tables.store=database})
     * @param run the run of the table right after the change; {@code null} after its removal
     * @param table the table as it is now; {@code null} after its removal
     */
    public record TableChangeDescriptor(String key, String change, boolean stored, RunDescriptor run, TableDescriptor table) {
    }

    /**
     * What a write did.
     *
     * @param runs each table's result when it ran; {@code null} on a dry run or a pause
     * @param plans each table's plan on a dry run; {@code null} otherwise
     * @param pauses each table's pause after a pause or resume; {@code null} otherwise
     */
    public record MaintenanceDescriptor(boolean dryRun, Map<String, RunDescriptor> runs, Map<String, PlanDescriptor> plans,
            Map<String, PauseDescriptor> pauses) {
    }
}
