package dev.partsmith.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;

import dev.partsmith.InvalidParentTableException;
import dev.partsmith.autoconfigure.event.MaintenanceFinishedEvent;
import dev.partsmith.catalog.PartitionTree;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.lifecycle.MaintenanceResult;
import dev.partsmith.lifecycle.PartitionMaintainer;
import dev.partsmith.plan.MaintenancePlan;
import dev.partsmith.status.TableStatus;

/**
 * Runs maintenance of the application's configured tables (on start-up, on the schedule, from the
 * endpoint), remembers each table's last result and tree, and publishes a
 * {@link MaintenanceFinishedEvent} after every run. Tables are maintained one after another and
 * independently: one that fails does not stop the others. Never throws for a failed run; the result
 * says what went wrong.
 *
 * <p>Thread-safe. Two runs of the same table at once (the schedule and the endpoint) are kept apart
 * by the table's lock: one of them is skipped.
 */
public class MaintenanceRunner {

    private static final Logger log = LoggerFactory.getLogger(MaintenanceRunner.class);

    private final PartitionMaintainer maintainer;
    private final PartsmithTables tables;
    private final ApplicationEventPublisher publisher;
    private final Map<String, TableState> states = new ConcurrentHashMap<>();

    public MaintenanceRunner(PartitionMaintainer maintainer, PartsmithTables tables, ApplicationEventPublisher publisher) {
        this.maintainer = maintainer;
        this.tables = tables;
        this.publisher = publisher;
    }

    /**
     * Maintains every configured table in turn: their trees are read together first, and a table with
     * nothing to do is done without taking its lock (see {@link PartitionMaintainer#runMaintenanceSafe(java.util.Collection)}).
     * Once the thread is interrupted, the remaining tables are not started and their results say so.
     */
    public List<MaintenanceResult> runAll() {
        List<PartsmithTable> all = tables.all();
        List<MaintenanceResult> results = maintainer.runMaintenanceSafe(all.stream().map(PartsmithTable::config).toList());
        for (int i = 0; i < all.size(); i++) {
            record(all.get(i), results.get(i));
        }
        return results;
    }

    /**
     * Maintains the table configured under {@code key}.
     *
     * @throws IllegalArgumentException when no table has that key
     */
    public MaintenanceResult run(String key) {
        return run(table(key));
    }

    /** Maintains one configured table. */
    public MaintenanceResult run(PartsmithTable table) {
        return record(table, maintainer.runMaintenanceSafe(table.config()));
    }

    private MaintenanceResult record(PartsmithTable table, MaintenanceResult result) {
        PartitionTree tree = result.tree();
        if (tree == null && result.skipped()) {
            // Another instance maintains the table: keep this one's view (metrics, health) current anyway.
            tree = readQuietly(table);
        }
        states.merge(table.key(), TableState.of(result, tree, clock().instant()), TableState::after);
        try {
            publisher.publishEvent(new MaintenanceFinishedEvent(table, result));
        }
        catch (RuntimeException ex) {
            log.warn("A listener of the maintenance of {} failed; the run's result stands", table, ex);
        }
        return result;
    }

    /**
     * What a run of the table would do now, without doing it.
     *
     * @throws IllegalArgumentException when no table has that key
     * @throws InvalidParentTableException when the table cannot be managed
     */
    public MaintenancePlan plan(String key) {
        return maintainer.plan(table(key).config());
    }

    /** The table's tree as the catalog shows it now (no lock taken). */
    public PartitionTree readTree(PartsmithTable table) {
        return maintainer.service().readTree(table.config());
    }

    /**
     * Every configured table's tree by its key, read together in a few catalog queries (no lock
     * taken). A table that cannot be read, or every table when the catalog cannot be read, is missing
     * from the map: {@link #readTree(PartsmithTable)} says why.
     */
    public Map<String, PartitionTree> readTrees() {
        Map<TablePartitionConfig, PartitionTree> trees;
        try {
            trees = maintainer.service().readTrees(tables.all().stream().map(PartsmithTable::config).toList());
        }
        catch (RuntimeException ex) {
            log.debug("Could not read the tables' trees together", ex);
            return Map.of();
        }
        Map<String, PartitionTree> byKey = new HashMap<>();
        for (PartsmithTable table : tables.all()) {
            PartitionTree tree = trees.get(table.config());
            if (tree != null) {
                byKey.put(table.key(), tree);
            }
        }
        return byKey;
    }

    private PartitionTree readQuietly(PartsmithTable table) {
        try {
            return readTree(table);
        }
        catch (RuntimeException ex) {
            log.debug("Could not read {} after a skipped run", table, ex);
            return null;
        }
    }

    /**
     * Every configured table's status by its key, from trees read together now (a few catalog
     * queries, no lock); a table that read did not cover is read alone, and one that cannot be read
     * at all is reported so.
     */
    public Map<String, TableStatus> statuses() {
        Map<String, PartitionTree> trees = readTrees();
        Map<String, TableStatus> statuses = new LinkedHashMap<>();
        for (PartsmithTable table : tables.all()) {
            statuses.put(table.key(), status(table, trees.get(table.key())));
        }
        return statuses;
    }

    /** One table's status, read from the catalog now. */
    public TableStatus status(PartsmithTable table) {
        return status(table, null);
    }

    /** @param read the table's tree as read with the others; {@code null} to read it now */
    private TableStatus status(PartsmithTable table, PartitionTree read) {
        MaintenanceResult last = lastResult(table.key()).orElse(null);
        Instant now = clock().instant();
        try {
            return TableStatus.of(table.config(), read != null ? read : readTree(table), now, last);
        }
        catch (RuntimeException ex) {
            return TableStatus.unreadable(table.config(), now, ex.getMessage(), last);
        }
    }

    /** The result of the table's last run in this application, if it ran. */
    public Optional<MaintenanceResult> lastResult(String key) {
        return Optional.ofNullable(states.get(key)).map(TableState::result);
    }

    /**
     * The table's status now, judged from the tree the last run that could read it left (no catalog
     * query): for meters, which are read often and must not query the database.
     */
    public Optional<TableStatus> lastStatus(String key) {
        TableState state = states.get(key);
        PartsmithTable table = tables.get(key).orElse(null);
        if (state == null || state.tree() == null || table == null) {
            return Optional.empty();
        }
        Instant now = clock().instant();
        // The database's clock has moved on by as much as ours since the tree was read.
        PartitionTree tree = state.tree().withDatabaseTime(state.tree().databaseTime().plus(Duration.between(state.treeReadAt(), now)));
        return Optional.of(TableStatus.of(table.config(), tree, now, state.result()));
    }

    /** When the table's last successful run started. */
    public Optional<Instant> lastSuccess(String key) {
        return Optional.ofNullable(states.get(key)).map(TableState::lastSuccess);
    }

    /** The clock maintenance plans with ({@code partsmithClock} when the application defines one). */
    public Clock clock() {
        return maintainer.service().clock();
    }

    public PartsmithTables tables() {
        return tables;
    }

    private PartsmithTable table(String key) {
        return tables.get(key).orElseThrow(() -> new IllegalArgumentException("No table is configured under "
                + PartsmithTables.tablePath(key) + "; configured: " + tables.keys()));
    }

    /** A table's last result, the last tree known, and when it last succeeded. */
    private record TableState(MaintenanceResult result, PartitionTree tree, Instant treeReadAt, Instant lastSuccess) {

        static TableState of(MaintenanceResult result, PartitionTree tree, Instant now) {
            return new TableState(result, tree, now, result.success() && !result.skipped() ? result.startedAt() : null);
        }

        /** The newer state, keeping what it does not know from this one. */
        TableState after(TableState newer) {
            return new TableState(newer.result, newer.tree != null ? newer.tree : tree, newer.tree != null ? newer.treeReadAt : treeReadAt,
                    newer.lastSuccess != null ? newer.lastSuccess : lastSuccess);
        }
    }
}
