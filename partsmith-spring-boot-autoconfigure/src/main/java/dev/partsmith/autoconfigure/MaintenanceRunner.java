package dev.partsmith.autoconfigure;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;

import dev.partsmith.autoconfigure.event.MaintenanceFinishedEvent;
import dev.partsmith.config.PartsmithTableRegistry;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.lifecycle.MaintenanceResult;
import dev.partsmith.lifecycle.PartitionMaintainer;
import dev.partsmith.safety.Safeguards;
import dev.partsmith.status.TableStatus;

/**
 * Runs maintenance of the application's configured tables (on start-up, on the schedule, from the
 * endpoint), remembers each table's last result and status, and publishes a
 * {@link MaintenanceFinishedEvent} after every run. Tables are maintained one after another and
 * independently: one that fails does not stop the others. Never throws for a failed run; the result
 * says what went wrong.
 *
 * <p>Thread-safe. Two runs of the same table at once (the schedule and the endpoint) are kept apart
 * by the table's lock: one of them is skipped.
 */
public class MaintenanceRunner {

    /** How many of each table's last runs {@link #recentResults(String)} keeps. */
    public static final int RECENT_RUNS = 10;

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
     * Maintains every table in turn, the configured ones and those added at run time (re-read from their store
     * first, when they are kept in one, so that what the command line stored is run too): their trees are read together first, and a table with
     * nothing to do is done without taking its lock (see {@link PartitionMaintainer#runMaintenanceSafe(java.util.Collection)}).
     * Once the thread is interrupted, the remaining tables are not started and their results say so.
     */
    public List<MaintenanceResult> runAll() {
        refreshRuntimeTables();
        List<PartsmithTable> all = tables.all();
        List<MaintenanceResult> results = maintainer.runMaintenanceSafe(all.stream().map(PartsmithTable::config).toList());
        for (int i = 0; i < all.size(); i++) {
            record(all.get(i), results.get(i));
        }
        return results;
    }

    /**
     * Re-reads the stored tables added at run time, when they are kept in a store: a store that cannot be read
     * leaves the last ones read in place, with a warning.
     */
    public void refreshRuntimeTables() {
        tables.registry().filter(PartsmithTableRegistry::persistent).ifPresent(registry -> {
            try {
                registry.refresh();
            }
            catch (RuntimeException ex) {
                log.warn("The stored tables added at run time cannot be read; the last ones read are maintained: {}", ex.toString());
            }
        });
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

    /**
     * Requests a run of the table configured under {@code key}, on a thread of its own, recorded and
     * published like every run here. Requests coalesce per table: while a requested run is under way,
     * every request shares the one run queued after it (see {@link PartitionMaintainer#requestRun}).
     *
     * @return the result of the run that serves this request
     * @throws IllegalArgumentException when no table has that key
     */
    public CompletableFuture<MaintenanceResult> requestRun(String key) {
        PartsmithTable table = table(key);
        return maintainer.requestRun(table.config(), () -> run(table));
    }

    private MaintenanceResult record(PartsmithTable table, MaintenanceResult result) {
        // A skipped or failed run leaves no tree: read the status anyway, so meters and health stay current.
        TableStatus status = maintainer.status(table.config(), result.tree(), result);
        states.merge(table.key(), TableState.of(result, status), TableState::after);
        try {
            publisher.publishEvent(new MaintenanceFinishedEvent(table, result));
        }
        catch (RuntimeException ex) {
            log.warn("A listener of the maintenance of {} failed; the run's result stands", table, ex);
        }
        return result;
    }

    /**
     * Every table's status by its key (configured or added at run time), from trees read together now (a few catalog
     * queries, no lock), with its last run in this application. Never throws: a table that cannot be
     * read is reported so.
     */
    public Map<String, TableStatus> statuses() {
        // One snapshot of the tables: one may be added or removed at run time meanwhile.
        List<PartsmithTable> all = tables.all();
        Map<TablePartitionConfig, MaintenanceResult> last = new LinkedHashMap<>();
        all.forEach(table -> last.put(table.config(), lastResult(table.key()).orElse(null)));
        Map<TablePartitionConfig, TableStatus> byConfig = maintainer.statuses(last);
        Map<String, TableStatus> statuses = new LinkedHashMap<>();
        all.forEach(table -> statuses.put(table.key(), byConfig.get(table.config())));
        return statuses;
    }

    /** One table's status, read from the catalog now, with its last run in this application. */
    public TableStatus status(PartsmithTable table) {
        return maintainer.status(table.config(), lastResult(table.key()).orElse(null));
    }

    /** The result of the table's last run in this application, if it ran. */
    public Optional<MaintenanceResult> lastResult(String key) {
        return Optional.ofNullable(states.get(key)).map(TableState::result);
    }

    /**
     * The table's status now, judged from the catalog as its last run left it (no catalog query), with the
     * pause holding it now: for meters, which are read often and must not query the database.
     */
    public Optional<TableStatus> lastStatus(String key) {
        return Optional.ofNullable(states.get(key)).map(state -> state.status().at(clock().instant(),
                safeguards().pauses().pauseOf(state.status().config().qualifiedName()).orElse(null)));
    }

    /** The table's last runs in this application, newest first, at most {@value #RECENT_RUNS}. */
    public List<MaintenanceResult> recentResults(String key) {
        return Optional.ofNullable(states.get(key)).map(TableState::recent).orElse(List.of());
    }

    /** When the table's last successful run started. */
    public Optional<Instant> lastSuccess(String key) {
        return Optional.ofNullable(states.get(key)).map(TableState::lastSuccess);
    }

    /** What holds maintenance back: the kill switches, the replication-lag breaker, the storage quota. */
    public Safeguards safeguards() {
        return maintainer.safeguards();
    }

    /** The clock maintenance plans with ({@code partsmithClock} when the application defines one). */
    public Clock clock() {
        return maintainer.clock();
    }

    public PartsmithTables tables() {
        return tables;
    }

    private PartsmithTable table(String key) {
        return tables.get(key).orElseThrow(() -> new IllegalArgumentException("No table is managed under the key '"
                + key + "'; managed: " + tables.keys()));
    }

    /** A table's last result, its status after it, when it last succeeded, and its recent results, newest first. */
    private record TableState(MaintenanceResult result, TableStatus status, Instant lastSuccess, List<MaintenanceResult> recent) {

        static TableState of(MaintenanceResult result, TableStatus status) {
            return new TableState(result, status, result.success() && !result.skipped() ? result.startedAt() : null, List.of(result));
        }

        /** The newer state, keeping when it last succeeded and the runs before it from this one. */
        TableState after(TableState newer) {
            List<MaintenanceResult> runs = new ArrayList<>(RECENT_RUNS);
            runs.add(newer.result);
            runs.addAll(recent.subList(0, Math.min(recent.size(), RECENT_RUNS - 1)));
            return new TableState(newer.result, newer.status, newer.lastSuccess != null ? newer.lastSuccess : lastSuccess, List.copyOf(runs));
        }
    }
}
