package dev.partsmith.lifecycle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.partsmith.Count;
import dev.partsmith.DatabaseConnectionException;
import dev.partsmith.InvalidParentTableException;
import dev.partsmith.LockAcquisitionException;
import dev.partsmith.PartitionException;
import dev.partsmith.catalog.PartitionTree;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.plan.MaintenanceIssueStep;
import dev.partsmith.plan.MaintenancePlan;
import dev.partsmith.plan.MaintenancePlanner;
import dev.partsmith.plan.SavedPlan;
import dev.partsmith.safety.MaintenancePauses;
import dev.partsmith.safety.Pause;
import dev.partsmith.safety.Safeguards;
import dev.partsmith.status.TableStatus;

/**
 * The entry point of partsmith: runs maintenance of one table, or of many independently of each
 * other, plans it without running it (a dry run), and reports each table's status.
 *
 * <pre>{@code
 * PartitionMaintainer maintainer = new PartitionMaintainer(new PartitionLifecycleService(
 *         new PostgresPartitionRepository(dataSource), new PostgresMetadataProvider(dataSource),
 *         new PostgresAdvisoryLockManager(dataSource)));
 * MaintenanceResult result = maintainer.runMaintenanceSafe(config);
 * }</pre>
 *
 * <p>Thread-safe, as its service is. {@link #close()} stops the runs requested with {@link #requestRun}.
 */
public class PartitionMaintainer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PartitionMaintainer.class);

    /** How long {@link #close()} waits for requested runs it interrupted. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(60);

    private final PartitionLifecycleService service;
    private final RunRequests requests = new RunRequests();

    public PartitionMaintainer(PartitionLifecycleService service) {
        this.service = service;
    }

    /** The clock maintenance plans with. */
    public Clock clock() {
        return service.clock();
    }

    /** What holds maintenance back: the kill switches, the replication-lag breaker, the storage quota. */
    public Safeguards safeguards() {
        return service.safeguards();
    }

    /** The kill switches: pause and resume maintenance of one table or of every table, at run time. */
    public MaintenancePauses pauses() {
        return service.safeguards().pauses();
    }

    /**
     * Maintains one table. Failed operations are issues of the result; failures of the whole run throw.
     *
     * @throws LockAcquisitionException when the lock service cannot be asked
     * @throws InvalidParentTableException when the table cannot be managed
     * @throws PartitionException when the catalog cannot be read
     */
    public MaintenanceResult runMaintenance(TablePartitionConfig config) {
        return service.maintain(config);
    }

    /**
     * Maintains one table and always returns a result, never throws: a failure of the whole run is
     * an unsuccessful result saying why. An interrupt is reported the same way and the thread's
     * interrupt flag is left set.
     */
    public MaintenanceResult runMaintenanceSafe(TablePartitionConfig config) {
        return safely(config, () -> service.maintain(config));
    }

    /**
     * Requests a run of the table, as {@link #runMaintenanceSafe(TablePartitionConfig)}, on a thread of its
     * own. Requests coalesce per table: with no run of the table requested and under way, the run starts
     * now; while one is under way, every request gets the one run queued after it, however many requests
     * there are, and that run starts when the one under way ends. A run requested here still takes the
     * table's lock: while another maintainer (the schedule, another instance) holds it, the run is skipped,
     * as that maintainer does the work.
     *
     * @return the result of the run that serves this request; it completes exceptionally only when
     *         {@link #close()} cancelled it while it was queued, or refused it because it came after
     */
    public CompletableFuture<MaintenanceResult> requestRun(TablePartitionConfig config) {
        return requestRun(config, () -> runMaintenanceSafe(config));
    }

    /**
     * Requests a run of the table that {@code run} performs, coalesced with every other request of the table
     * as {@link #requestRun(TablePartitionConfig)}: for callers that wrap
     * {@link #runMaintenanceSafe(TablePartitionConfig)} to record or publish its result. A request that joins
     * a queued run gets that run, whichever {@code run} queued it.
     *
     * @return the result of the run that serves this request; completed exceptionally also when {@code run} throws
     */
    public CompletableFuture<MaintenanceResult> requestRun(TablePartitionConfig config, Supplier<MaintenanceResult> run) {
        return requests.request(config.qualifiedName(), run);
    }

    /**
     * Takes no more run requests, cancels the queued ones, and interrupts the requested runs under way (each
     * stops before its next step, releases its lock and reports the interrupt in its result), waiting up to
     * a minute for them to end.
     */
    @Override
    public void close() {
        requests.close(CLOSE_WAIT);
    }

    private MaintenanceResult safely(TablePartitionConfig config, Supplier<MaintenanceResult> run) {
        Instant startedAt = clock().instant();
        long started = System.nanoTime();
        try {
            return run.get();
        }
        catch (Throwable ex) {
            if (ex instanceof VirtualMachineError fatal) {
                throw fatal;
            }
            MaintenanceIssueStep step = ex instanceof LockAcquisitionException ? MaintenanceIssueStep.LOCK : MaintenanceIssueStep.CATALOG;
            String message = ex instanceof PartitionException ? ex.getMessage() : ex.toString();
            if (Thread.currentThread().isInterrupted()) {
                message = "interrupted: " + message;
            }
            if (ex instanceof PartitionException) {
                log.warn("Maintenance of {} failed: {}", config.qualifiedName(), message);
                log.debug("Maintenance of {} failed", config.qualifiedName(), ex);
            }
            else {
                log.warn("Maintenance of {} failed: {}", config.qualifiedName(), message, ex);
            }
            return MaintenanceResult.failed(config.qualifiedName(), startedAt, Duration.ofNanos(System.nanoTime() - started), step, message);
        }
    }

    /**
     * Maintains each table in turn, like {@link #runMaintenanceSafe(TablePartitionConfig)}: a table
     * that fails does not stop the others. First the trees of all tables are read together, without
     * locks, in a few catalog queries; a table whose tree leaves nothing to do gets its result
     * straight from that read, without its lock, and only the others are locked, read again and
     * maintained (see {@link PartitionLifecycleService#maintain(TablePartitionConfig, PartitionTree)}).
     * A table that read cannot cover (missing, not range partitioned) is maintained alone, which says
     * why it failed. When that read finds that no connection to the database can be opened, every table
     * fails with that reason at once, in one line of the log. After an interrupt the remaining tables
     * are not started; their results say so. The tables are one pass for the {@link #safeguards()}: a
     * table paused while the pass runs is skipped when the pass reaches it, and once the replication-lag
     * breaker trips no later table of the pass runs DDL.
     */
    public List<MaintenanceResult> runMaintenanceSafe(Collection<TablePartitionConfig> configs) {
        Instant startedAt = clock().instant();
        long started = System.nanoTime();
        Map<TablePartitionConfig, PartitionTree> snapshots;
        try {
            snapshots = snapshots(configs);
        }
        catch (DatabaseConnectionException ex) {
            return unreachable(configs, ex, startedAt, Duration.ofNanos(System.nanoTime() - started));
        }
        Safeguards.Pass pass = safeguards().newPass();
        List<MaintenanceResult> results = new ArrayList<>(configs.size());
        for (TablePartitionConfig config : configs) {
            if (Thread.currentThread().isInterrupted()) {
                results.add(MaintenanceResult.failed(config.qualifiedName(), clock().instant(), Duration.ZERO,
                        MaintenanceIssueStep.PLAN, "interrupted before this table was maintained"));
                continue;
            }
            PartitionTree snapshot = snapshots.get(config);
            results.add(safely(config, () -> snapshot == null ? service.maintain(config, pass) : service.maintain(config, snapshot, pass)));
        }
        return results;
    }

    /**
     * The trees of the tables the catalog can give, read together; empty when that read fails for
     * another reason than a missing connection (each table then reads its own tree and reports what
     * went wrong with it).
     *
     * @throws DatabaseConnectionException when no connection to the database can be opened
     */
    private Map<TablePartitionConfig, PartitionTree> snapshots(Collection<TablePartitionConfig> configs) {
        try {
            return service.metadata().readTrees(configs);
        }
        catch (DatabaseConnectionException ex) {
            throw ex;
        }
        catch (RuntimeException ex) {
            log.debug("Reading all trees at once failed; table by table", ex);
            return Map.of();
        }
    }

    /** Every table failed for want of a connection: one line in the log, not one per table. */
    private static List<MaintenanceResult> unreachable(Collection<TablePartitionConfig> configs, DatabaseConnectionException ex,
            Instant startedAt, Duration duration) {
        log.warn("Maintenance of {} failed: {}", Count.of(configs.size(), "table"), ex.getMessage());
        log.debug("No connection to the database", ex);
        return configs.stream()
                .map(config -> MaintenanceResult.failed(config.qualifiedName(), startedAt, duration, MaintenanceIssueStep.CATALOG, ex.getMessage()))
                .toList();
    }

    /**
     * The plan a run would apply now, without locking or changing anything, as the safeguards would let it
     * run ({@link Safeguards#preview}).
     *
     * @throws InvalidParentTableException when the table cannot be managed
     * @throws PartitionException when the catalog (or the server's state, for the safeguards) cannot be read
     */
    public MaintenancePlan plan(TablePartitionConfig config) {
        PartitionTree tree = service.metadata().readTree(config);
        return safeguards().preview(tree, MaintenancePlanner.plan(config, clock().instant(), tree));
    }

    /**
     * The plan a run would apply now, as {@link #plan(TablePartitionConfig)}, with the steps to save: each
     * operation with the OIDs, names, bounds and markers of its objects, read in the same snapshot.
     *
     * @throws InvalidParentTableException when the table cannot be managed
     * @throws PartitionException when the catalog (or the server's state, for the safeguards) cannot be read
     */
    public PlanToSave planToSave(TablePartitionConfig config) {
        PartitionTree tree = service.metadata().readTree(config);
        MaintenancePlan plan = safeguards().preview(tree, MaintenancePlanner.plan(config, clock().instant(), tree));
        return new PlanToSave(plan, SavedPlan.Table.of(plan, tree));
    }

    /**
     * A plan as a dry run shows it, and its steps as they are saved.
     *
     * @param plan what a run would do now
     * @param saved the same operations with the identities of their objects
     */
    public record PlanToSave(MaintenancePlan plan, SavedPlan.Table saved) {
    }

    /**
     * Applies a saved plan exactly: each table of the plan whose config is among {@code configs}, in the
     * plan's order, through {@link PartitionLifecycleService#apply}: under the table's lock, each step is
     * checked against the catalog by the OIDs of its objects, and a table with a refused step runs none of
     * its steps. One table's failure does not stop the others; never throws. A table of the plan without a
     * config is a failed result, and nothing is done to it.
     *
     * @return one result per table of the plan
     */
    public List<MaintenanceResult> apply(Collection<TablePartitionConfig> configs, SavedPlan plan) {
        List<MaintenanceResult> results = new ArrayList<>();
        for (SavedPlan.Table saved : plan.tables()) {
            TablePartitionConfig config = configs.stream().filter(candidate -> candidate.qualifiedName().equals(saved.table())).findFirst()
                    .orElse(null);
            if (config == null) {
                results.add(MaintenanceResult.failed(saved.table(), clock().instant(), Duration.ZERO, MaintenanceIssueStep.PLAN,
                        "the saved plan has steps for " + saved.table() + ", which is not configured; nothing was applied to it"));
            }
            else {
                results.add(safely(config, () -> service.apply(config, saved)));
            }
        }
        return results;
    }

    /**
     * Every table's status now, from trees read together (a few catalog queries, no lock), with the pause
     * holding it; a table that read does not cover is read alone, and one that cannot be read at all is
     * reported as such. Never throws.
     *
     * @param lastResults each table's last run, {@code null} for a table that has not run
     * @return each table's status, in the order of {@code lastResults}
     */
    public Map<TablePartitionConfig, TableStatus> statuses(Map<TablePartitionConfig, MaintenanceResult> lastResults) {
        Map<TablePartitionConfig, TableStatus> statuses = new LinkedHashMap<>();
        Map<TablePartitionConfig, PartitionTree> trees;
        try {
            trees = snapshots(lastResults.keySet());
        }
        catch (DatabaseConnectionException ex) {
            Instant now = clock().instant();
            lastResults.forEach((config, last) -> statuses.put(config, TableStatus.unreadable(config, now, ex, last, pause(config))));
            return statuses;
        }
        lastResults.forEach((config, last) -> statuses.put(config, status(config, trees.get(config), last)));
        return statuses;
    }

    /** One table's status now (see {@link #statuses(Map)}); never throws. */
    public TableStatus status(TablePartitionConfig config, MaintenanceResult lastResult) {
        return status(config, null, lastResult);
    }

    /**
     * One table's status now from a tree of it already read (the tree a run left), or read now when
     * {@code read} is {@code null}; never throws.
     */
    public TableStatus status(TablePartitionConfig config, PartitionTree read, MaintenanceResult lastResult) {
        Instant now = clock().instant();
        try {
            return TableStatus.of(config, read != null ? read : service.metadata().readTree(config), now, lastResult, pause(config));
        }
        catch (RuntimeException ex) {
            return TableStatus.unreadable(config, now, ex, lastResult, pause(config));
        }
    }

    private Pause pause(TablePartitionConfig config) {
        return pauses().pauseOf(config.qualifiedName()).orElse(null);
    }
}
