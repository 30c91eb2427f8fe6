package dev.partsmith.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.partsmith.InvalidPartitionConfigException;
import dev.partsmith.catalog.QualifiedName;

/**
 * The tables partsmith manages, changed while the application runs: the configured tables (fixed for the
 * life of the registry) and, on top of them, tables added at run time, whose tenants and list values can be
 * added and removed too. Each change builds a new immutable {@link TablePartitionConfig} through its builder,
 * so a run-time change is checked exactly like configuration; a refused change leaves everything as it was.
 * Readers take a {@link #tables() snapshot} each time, so the next run, status or health check sees the
 * change without a restart.
 *
 * <p>What it promises:
 * <ul>
 * <li>Removing a table, a tenant or a list value only stops partsmith from wanting it. Removing a table
 * means partsmith no longer manages it at all: nothing of it is detached or dropped because of that. A
 * removed tenant or list value is retired by the next run like any value no longer configured: detached and
 * marked, dropped once its drop grace has passed, and never while it holds rows unless the level's
 * {@code retireWithRows} says so.</li>
 * <li>The configured tables cannot be changed or removed here: a key or a table they hold is refused, naming
 * it. Their definitions belong to the configuration.</li>
 * <li>With a persistent {@link TableStore}, every change starts from what is stored now and is written to the
 * store before it is visible here, and {@link #refresh()} takes up what another process (the command line,
 * another instance) stored. A store that cannot be read or written makes the change throw, and changes
 * nothing. Two processes changing the same table at once: the last write wins.</li>
 * <li>A listener that throws is logged; the change stands.</li>
 * </ul>
 * Thread-safe: changes are serialised; snapshots are never blocked.
 */
public final class PartsmithTableRegistry {

    /** What a run-time table's key may be: it names the table in the endpoint's paths, meters and health. */
    private static final Pattern KEY = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

    private static final Logger log = LoggerFactory.getLogger(PartsmithTableRegistry.class);

    private final Map<String, TablePartitionConfig> configured;
    private final TableStore store;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private volatile Map<String, TablePartitionConfig> runtime = Map.of();

    /**
     * A registry of the configured tables whose run-time tables last until the process ends.
     *
     * @param configured the configured tables by their keys, in configuration order
     */
    public PartsmithTableRegistry(Map<String, TablePartitionConfig> configured) {
        this(configured, TableStore.NONE);
    }

    /**
     * A registry of the configured tables that keeps its run-time tables in {@code store}. Nothing is read
     * from the store until {@link #refresh()}.
     *
     * @param configured the configured tables by their keys, in configuration order
     */
    public PartsmithTableRegistry(Map<String, TablePartitionConfig> configured, TableStore store) {
        this.configured = Collections.unmodifiableMap(new LinkedHashMap<>(configured));
        this.store = store;
    }

    /** Every managed table by its key: the configured ones in configuration order, then those added at run time. */
    public Map<String, TablePartitionConfig> tables() {
        Map<String, TablePartitionConfig> all = new LinkedHashMap<>(configured);
        all.putAll(runtime);
        return Collections.unmodifiableMap(all);
    }

    /** The tables added at run time, by key, in the order they were added. */
    public Map<String, TablePartitionConfig> runtimeTables() {
        return runtime;
    }

    /** The managed table under {@code key}. */
    public Optional<TablePartitionConfig> get(String key) {
        return Optional.ofNullable(configured.containsKey(key) ? configured.get(key) : runtime.get(key));
    }

    /** Whether run-time tables outlive the process (the store is persistent). */
    public boolean persistent() {
        return store.persistent();
    }

    /** Calls {@code listener} with the run-time tables after each change of them. */
    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    /**
     * Re-reads the store: the run-time tables become the stored ones. A stored table whose key or table the
     * configuration holds is left out, with a warning naming it: configuration wins.
     *
     * @throws RuntimeException when the store cannot be read; the tables stay as they were
     */
    public synchronized void refresh() {
        Map<String, TablePartitionConfig> loaded = new LinkedHashMap<>();
        store.load().forEach((key, config) -> {
            Optional<String> conflict = conflict(key, config, loaded);
            if (conflict.isPresent()) {
                log.warn("The stored run-time table '{}' is left out: {}", key, conflict.get());
            }
            else {
                loaded.put(key, config);
            }
        });
        publish(loaded);
    }

    /**
     * Adds the table under {@code key}, or replaces the run-time table under it.
     *
     * @return the table as it is managed now
     * @throws IllegalArgumentException when the key is not a run-time key, or the key or the table is configured,
     *         or another run-time key holds the table
     */
    public synchronized TablePartitionConfig put(String key, TablePartitionConfig config) {
        requireKey(key);
        refreshBeforeChange();
        Map<String, TablePartitionConfig> others = new LinkedHashMap<>(runtime);
        others.remove(key);
        conflict(key, config, others).ifPresent(reason -> {
            throw new IllegalArgumentException("Cannot add the table '" + key + "': " + reason);
        });
        store.save(key, config);
        Map<String, TablePartitionConfig> changed = new LinkedHashMap<>(runtime);
        changed.put(key, config);
        publish(changed);
        return config;
    }

    /**
     * Stops managing the run-time table under {@code key}: nothing of the table is detached or dropped
     * because of it; its partitions stay as they are.
     *
     * @return whether a table was removed ({@code false}: no run-time table has the key)
     * @throws IllegalArgumentException when the key is a configured table's
     */
    public synchronized boolean remove(String key) {
        if (configured.containsKey(key)) {
            throw new IllegalArgumentException(configuredMessage(key));
        }
        refreshBeforeChange();
        if (!runtime.containsKey(key)) {
            return false;
        }
        store.delete(key);
        Map<String, TablePartitionConfig> changed = new LinkedHashMap<>(runtime);
        changed.remove(key);
        publish(changed);
        return true;
    }

    /**
     * Adds a tenant to the run-time table under {@code key}: the next run creates its partitions.
     *
     * @throws IllegalArgumentException when no run-time table has the key, or the table has no tenants
     * @throws InvalidPartitionConfigException when the table refuses the tenant (a duplicate, a name too long)
     */
    public TablePartitionConfig addTenant(String key, ListValue tenant) {
        return change(key, config -> {
            List<ListValue> tenants = new ArrayList<>(tenantLevel(key, config).values());
            tenants.add(tenant);
            return config.toBuilder().tenants(tenants).build();
        });
    }

    /**
     * Removes a tenant from the run-time table under {@code key}: the next run retires its partitions (marked,
     * dropped after the drop grace).
     *
     * @throws IllegalArgumentException when no run-time table has the key, the table has no tenants, or not this one
     * @throws InvalidPartitionConfigException when the table refuses the change (its last tenant)
     */
    public TablePartitionConfig removeTenant(String key, String tenant) {
        return change(key, config -> config.toBuilder().tenants(without(key, "tenant", tenantLevel(key, config), tenant)).build());
    }

    /**
     * Adds a value to the LIST level of the run-time table under {@code key} (the table's own level): the
     * next run creates its partition.
     *
     * @throws IllegalArgumentException when no run-time table has the key, or the table's own level is not a LIST
     * @throws InvalidPartitionConfigException when the level refuses the value (a duplicate, a name too long)
     */
    public TablePartitionConfig addListValue(String key, ListValue value) {
        return change(key, config -> {
            List<ListValue> values = new ArrayList<>(listLevel(key, config).values());
            values.add(value);
            return config.toBuilder().listValues(values).build();
        });
    }

    /**
     * Removes a value from the LIST level of the run-time table under {@code key}: the next run retires its
     * partition (marked, dropped after the drop grace; never while it holds rows unless {@code retireWithRows}).
     *
     * @throws IllegalArgumentException when no run-time table has the key, its own level is not a LIST, or has not the value
     * @throws InvalidPartitionConfigException when the level refuses the change (its last value)
     */
    public TablePartitionConfig removeListValue(String key, String value) {
        return change(key, config -> config.toBuilder().listValues(without(key, "list value", listLevel(key, config), value)).build());
    }

    private synchronized TablePartitionConfig change(String key, UnaryOperator<TablePartitionConfig> change) {
        if (configured.containsKey(key)) {
            throw new IllegalArgumentException(configuredMessage(key));
        }
        refreshBeforeChange();
        TablePartitionConfig config = runtime.get(key);
        if (config == null) {
            throw new IllegalArgumentException(unknownMessage(key));
        }
        return put(key, change.apply(config));
    }

    /** With a persistent store, starts a change from what is stored now, so that another process's changes are kept. */
    private void refreshBeforeChange() {
        if (store.persistent()) {
            refresh();
        }
    }

    private static ListLevel tenantLevel(String key, TablePartitionConfig config) {
        return config.tenants().orElseThrow(() -> new IllegalArgumentException("The table '" + key + "' (" + config.qualifiedName()
                + ") has no tenants: give it tenant-column and tenants when it is added"));
    }

    private static ListLevel listLevel(String key, TablePartitionConfig config) {
        if (config.tableLevel() instanceof ListLevel list) {
            return list;
        }
        throw new IllegalArgumentException("The table '" + key + "' (" + config.qualifiedName() + ") is not partitioned by a list of values"
                + " (its own level is " + config.tableLevel().describe() + ")");
    }

    private static List<ListValue> without(String key, String what, ListLevel level, String value) {
        List<ListValue> kept = level.values().stream().filter(each -> !each.value().equals(value)).toList();
        if (kept.size() == level.values().size()) {
            throw new IllegalArgumentException("The table '" + key + "' has no " + what + " '" + value + "'; it has " + level.valueTexts());
        }
        return kept;
    }

    private Optional<String> conflict(String key, TablePartitionConfig config, Map<String, TablePartitionConfig> others) {
        if (configured.containsKey(key)) {
            return Optional.of(configuredMessage(key));
        }
        QualifiedName table = config.qualifiedName();
        Optional<String> configuredKey = keyOf(configured, table);
        if (configuredKey.isPresent()) {
            return Optional.of("the table " + table + " is configured already, under the key '" + configuredKey.get() + "': one key per table");
        }
        return keyOf(others, table).map(other -> "the table " + table + " is managed already, under the key '" + other + "': one key per table");
    }

    private static Optional<String> keyOf(Map<String, TablePartitionConfig> tables, QualifiedName table) {
        return tables.entrySet().stream().filter(entry -> entry.getValue().qualifiedName().equals(table)).map(Map.Entry::getKey).findFirst();
    }

    /**
     * Refuses a key that cannot name a table added at run time: it names the table in the endpoint's paths, meters
     * and health, so it is 1 to 63 lower-case letters, digits, {@code _} or {@code -}.
     *
     * @throws IllegalArgumentException naming the key
     */
    public static void requireKey(String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("A table added at run time needs a key of 1 to 63 characters: lower-case letters, digits, '_'"
                    + " or '-', starting with a letter or a digit; " + new InvalidPartitionConfigException.Violation("the key", key, "is not one"));
        }
    }

    private static String configuredMessage(String key) {
        return "the key '" + key + "' is a configured table's: change it in the configuration";
    }

    private String unknownMessage(String key) {
        return "No table was added at run time under the key '" + key + "'; added at run time: " + runtime.keySet();
    }

    private void publish(Map<String, TablePartitionConfig> changed) {
        Map<String, TablePartitionConfig> published = Collections.unmodifiableMap(changed);
        boolean same = published.equals(runtime);
        runtime = published;
        if (!same) {
            for (Listener listener : listeners) {
                try {
                    listener.changed(published);
                }
                catch (RuntimeException ex) {
                    log.warn("A listener of the run-time tables failed; the change stands", ex);
                }
            }
        }
    }

    /** Told of each change of the run-time tables. */
    @FunctionalInterface
    public interface Listener {

        /**
         * @param runtimeTables the run-time tables after the change, by key
         */
        void changed(Map<String, TablePartitionConfig> runtimeTables);
    }
}
