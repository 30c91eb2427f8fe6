package dev.partsmith.autoconfigure;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;

import dev.partsmith.InvalidPartitionConfigException;
import dev.partsmith.autoconfigure.InvalidPartsmithPropertiesException.Violation;
import dev.partsmith.autoconfigure.PartsmithProperties.Table;
import dev.partsmith.catalog.QualifiedName;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.lifecycle.HookPoint;

/**
 * The tables partsmith maintains, built from {@code partsmith.tables.*} with {@code partsmith.defaults.*}
 * filled in, and checked: {@link #from(PartsmithProperties)} refuses the whole configuration with every
 * wrong value named by its property path.
 */
public final class PartsmithTables {

    private static final Pattern SIMPLE_KEY = Pattern.compile("[a-z0-9][a-z0-9-]*");

    /** Builder fields of {@link TablePartitionConfig} that a table property sets, with the property's name. */
    private static final Map<String, String> TABLE_PROPERTIES = Map.of("schema", "schema", "tableName", "table-name", "partitionColumn",
            "partition-column", "granularity", "granularity", "createAheadCount", "create-ahead", "retentionCount", "retention",
            "dropGrace", "drop-grace", "timezone", "timezone", "minRunway", "min-runway", "adoption", "adopt");

    private final Map<String, PartsmithTable> tables;

    public PartsmithTables(List<PartsmithTable> tables) {
        Map<String, PartsmithTable> byKey = new LinkedHashMap<>();
        tables.forEach(table -> byKey.put(table.key(), table));
        this.tables = Collections.unmodifiableMap(byKey);
    }

    /** Every enabled table, in configuration order. */
    public List<PartsmithTable> all() {
        return List.copyOf(tables.values());
    }

    /** The table configured under {@code key}. */
    public Optional<PartsmithTable> get(String key) {
        return Optional.ofNullable(tables.get(key));
    }

    /** The configured table with this schema-qualified name. */
    public Optional<PartsmithTable> get(QualifiedName table) {
        return tables.values().stream().filter(candidate -> candidate.config().qualifiedName().equals(table)).findFirst();
    }

    /** The keys of every enabled table. */
    public List<String> keys() {
        return List.copyOf(tables.keySet());
    }

    /**
     * Builds and checks every enabled table.
     *
     * @throws InvalidPartsmithPropertiesException listing every wrong value with its property path
     */
    public static PartsmithTables from(PartsmithProperties properties) {
        List<Violation> violations = new ArrayList<>();
        List<PartsmithTable> tables = new ArrayList<>();
        Map<QualifiedName, String> seen = new LinkedHashMap<>();
        if (properties.getDefaults().getTableName() != null) {
            violations.add(new Violation("partsmith.defaults.table-name", properties.getDefaults().getTableName(),
                    "cannot be a default: each table names its own (table-name, or its key under partsmith.tables)"));
        }
        properties.getTables().forEach((key, table) -> {
            Inherited inherited = new Inherited(key, table, properties.getDefaults());
            if (!Boolean.TRUE.equals(inherited.value(Table::getEnabled, "enabled", Boolean.TRUE).value())) {
                return;
            }
            PartsmithTable built = build(inherited, properties.getDdl(), properties.getSafety(), violations);
            if (built == null) {
                return;
            }
            QualifiedName name = built.config().qualifiedName();
            String other = seen.putIfAbsent(name, key);
            if (other != null) {
                violations.add(new Violation(inherited.property("table-name"), name.name(),
                        "names the table " + name + ", which " + tablePath(other) + " configures already: one key per table"));
                return;
            }
            tables.add(built);
        });
        if (!violations.isEmpty()) {
            // ddl.* problems show up once per table; report each once
            throw new InvalidPartsmithPropertiesException(violations.stream().distinct().toList());
        }
        return new PartsmithTables(tables);
    }

    private static PartsmithTable build(Inherited table, PartsmithProperties.Ddl ddl, PartsmithProperties.Safety safety,
            List<Violation> violations) {
        int before = violations.size();
        TablePartitionConfig.Builder builder = TablePartitionConfig.builder()
                .tableName(table.value(Table::getTableName, "table-name", table.key).value())
                .partitionColumn(table.value(Table::getPartitionColumn, "partition-column", null).value())
                .granularity(table.value(Table::getGranularity, "granularity", null).value())
                .retentionCount(table.value(Table::getRetention, "retention", null).value())
                .lockTimeout(ddl.getLockTimeout())
                .retryBudget(ddl.getRetryBudget())
                .maxClockSkew(safety.getMaxClockSkew());
        table.ifSet(Table::getSchema, "schema", builder::schema);
        table.ifSet(Table::getCreateAhead, "create-ahead", builder::createAheadCount);
        table.ifSet(Table::getDropGrace, "drop-grace", builder::dropGrace);
        table.ifSet(Table::getTimezone, "timezone", builder::timezone);
        table.ifSet(Table::getMinRunway, "min-runway", builder::minRunway);
        table.ifSet(Table::getAdopt, "adopt", builder::adoption);
        Map<HookPoint, List<SqlHookStatement>> hooks = hooks(table, violations);
        TablePartitionConfig config = null;
        try {
            config = builder.build();
        }
        catch (InvalidPartitionConfigException ex) {
            ex.violations().forEach(violation -> violations.add(new Violation(table.propertyOf(violation.field()), violation.value(),
                    violation.reason())));
        }
        if (violations.size() > before) {
            return null;
        }
        return new PartsmithTable(table.key, config, hooks);
    }

    private static Map<HookPoint, List<SqlHookStatement>> hooks(Inherited table, List<Violation> violations) {
        Map<HookPoint, List<SqlHookStatement>> hooks = new EnumMap<>(HookPoint.class);
        for (HookPoint point : HookPoint.values()) {
            Setting<List<String>> statements = table.value(own -> own.getHooks().get(point), "hooks." + point.propertyName(), List.of());
            List<SqlHookStatement> parsed = new ArrayList<>();
            for (int i = 0; i < statements.value().size(); i++) {
                String property = statements.property() + "[" + i + "]";
                String sql = statements.value().get(i);
                try {
                    parsed.add(SqlHookStatement.parse(property, sql));
                }
                catch (IllegalArgumentException ex) {
                    violations.add(new Violation(property, sql, ex.getMessage()));
                }
            }
            hooks.put(point, parsed);
        }
        return hooks;
    }

    static String tablePath(String key) {
        return "partsmith.tables" + (SIMPLE_KEY.matcher(key).matches() ? "." + key : "[" + key + "]");
    }

    /** A value and the property it came from. */
    private record Setting<T>(T value, String property) {
    }

    /** One table's properties with the defaults behind them. */
    private static final class Inherited {

        private final String key;
        private final Table own;
        private final Table defaults;
        private final Map<String, String> sources = new LinkedHashMap<>();

        Inherited(String key, Table own, Table defaults) {
            this.key = key;
            this.own = own;
            this.defaults = defaults;
        }

        /** The table's value, else the default's, else {@code fallback}; remembers which property it came from. */
        <T> Setting<T> value(Function<Table, T> getter, String name, T fallback) {
            T value = getter.apply(own);
            String property = property(name);
            if (value == null) {
                value = getter.apply(defaults);
                if (value != null) {
                    property = "partsmith.defaults." + name;
                }
            }
            sources.put(name, property);
            return new Setting<>(value == null ? fallback : value, property);
        }

        <T> void ifSet(Function<Table, T> getter, String name, Consumer<T> setter) {
            T value = value(getter, name, null).value();
            if (value != null) {
                setter.accept(value);
            }
        }

        String property(String name) {
            return tablePath(key) + "." + name;
        }

        /** The property behind a {@link TablePartitionConfig} builder field. */
        String propertyOf(String field) {
            return switch (field) {
                case "lockTimeout" -> "partsmith.ddl.lock-timeout";
                case "retryBudget" -> "partsmith.ddl.retry-budget";
                case "maxClockSkew" -> "partsmith.safety.max-clock-skew";
                default -> {
                    String name = TABLE_PROPERTIES.get(field);
                    yield name == null ? tablePath(key) : sources.getOrDefault(name, property(name));
                }
            };
        }
    }
}
