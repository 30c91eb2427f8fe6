package dev.partsmith.autoconfigure;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.lifecycle.HookPoint;
import dev.partsmith.safety.TableLimits;

/**
 * One table partsmith maintains in this application, as configured under
 * {@code partsmith.tables.<key>}: its validated {@link TablePartitionConfig}, its SQL hooks and its
 * storage limits.
 */
public final class PartsmithTable {

    private final String key;
    private final TablePartitionConfig config;
    private final Map<HookPoint, List<SqlHookStatement>> sqlHooks;
    private final TableLimits limits;

    /**
     * A table without storage limits.
     *
     * @param key the key under {@code partsmith.tables}
     * @param config what partsmith keeps for the table
     * @param sqlHooks the SQL statements of each step
     */
    public PartsmithTable(String key, TablePartitionConfig config, Map<HookPoint, List<SqlHookStatement>> sqlHooks) {
        this(key, config, sqlHooks, TableLimits.NONE);
    }

    /**
     * @param key the key under {@code partsmith.tables}
     * @param config what partsmith keeps for the table
     * @param sqlHooks the SQL statements of each step
     * @param limits the table's storage limits ({@code max-partitions})
     */
    public PartsmithTable(String key, TablePartitionConfig config, Map<HookPoint, List<SqlHookStatement>> sqlHooks, TableLimits limits) {
        this.key = Objects.requireNonNull(key, "key");
        this.config = Objects.requireNonNull(config, "config");
        Map<HookPoint, List<SqlHookStatement>> hooks = new EnumMap<>(HookPoint.class);
        sqlHooks.forEach((point, statements) -> hooks.put(point, List.copyOf(statements)));
        this.sqlHooks = hooks;
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /** The key under {@code partsmith.tables}; names the table in metrics, the endpoint and health. */
    public String key() {
        return key;
    }

    public TablePartitionConfig config() {
        return config;
    }

    /**
     * How the table is partitioned, level by level as written in the properties
     * ({@link TablePartitionConfig#shape()}): {@code month}, {@code month > hash 4}.
     */
    public String granularity() {
        return config.shape();
    }

    /** The table's storage limits: {@code max-partitions}. */
    public TableLimits limits() {
        return limits;
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
