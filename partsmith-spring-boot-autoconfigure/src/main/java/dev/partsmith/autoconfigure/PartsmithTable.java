package dev.partsmith.autoconfigure;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.lifecycle.HookPoint;

/**
 * One table partsmith maintains in this application, as configured under
 * {@code partsmith.tables.<key>}: its validated {@link TablePartitionConfig} and its SQL hooks.
 */
public final class PartsmithTable {

    private final String key;
    private final TablePartitionConfig config;
    private final Map<HookPoint, List<SqlHookStatement>> sqlHooks;

    /**
     * @param key the key under {@code partsmith.tables}
     * @param config what partsmith keeps for the table
     * @param sqlHooks the SQL statements of each step
     */
    public PartsmithTable(String key, TablePartitionConfig config, Map<HookPoint, List<SqlHookStatement>> sqlHooks) {
        this.key = Objects.requireNonNull(key, "key");
        this.config = Objects.requireNonNull(config, "config");
        Map<HookPoint, List<SqlHookStatement>> hooks = new EnumMap<>(HookPoint.class);
        sqlHooks.forEach((point, statements) -> hooks.put(point, List.copyOf(statements)));
        this.sqlHooks = hooks;
    }

    /** The key under {@code partsmith.tables}; names the table in metrics, the endpoint and health. */
    public String key() {
        return key;
    }

    public TablePartitionConfig config() {
        return config;
    }

    /**
     * The table's granularity as it is written in the properties ({@code month}), or the simple name of
     * its {@code PeriodCalculator} when it has one of its own instead.
     */
    public String granularity() {
        return config.granularity().map(PropertyValues::of).orElse(config.periodCalculator().getClass().getSimpleName());
    }

    /** The SQL statements configured for a step, in order; empty when none. */
    public List<SqlHookStatement> sqlHooks(HookPoint point) {
        return sqlHooks.getOrDefault(point, List.of());
    }

    @Override
    public String toString() {
        return key + " (" + config.qualifiedName() + ")";
    }
}
