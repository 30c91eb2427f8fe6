package dev.partsmith.autoconfigure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.core.io.ResourceLoader;

import dev.partsmith.InvalidPartitionConfigException;
import dev.partsmith.InvalidPartitionConfigException.Violation;
import dev.partsmith.autoconfigure.PartsmithProperties.Level;
import dev.partsmith.autoconfigure.PartsmithProperties.Table;
import dev.partsmith.catalog.QualifiedName;
import dev.partsmith.config.ListValue;
import dev.partsmith.config.MaintenanceSettings;
import dev.partsmith.config.PartitionLevel;
import dev.partsmith.config.PartsmithTableRegistry;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.lifecycle.HookPoint;
import dev.partsmith.safety.TableLimits;

/**
 * The tables partsmith maintains, mapped from {@code partsmith.tables.*} with {@code partsmith.defaults.*}
 * filled in: each table's properties go through the core's {@link TablePartitionConfig.Builder}, which
 * checks them, and every value it refuses is named by the property it came from.
 */
public final class PartsmithTables {

    private static final Pattern SIMPLE_KEY = Pattern.compile("[a-z0-9][a-z0-9-]*");

    /** The builder's fields that the shared {@code ddl} and {@code safety} properties set, by property. */
    private static final Map<String, String> SETTINGS = Map.of("lockTimeout", "partsmith.ddl.lock-timeout", "retryBudget",
            "partsmith.ddl.retry-budget", "maxClockSkew", "partsmith.safety.max-clock-skew");

    /** The builder's fields that a table property sets, with the property's name. */
    private static final Map<String, String> TABLE_PROPERTIES = Map.ofEntries(Map.entry("schema", "schema"),
            Map.entry("tableName", "table-name"), Map.entry("partitionColumn", "partition-column"), Map.entry("granularity", "granularity"),
            Map.entry("epoch", "epoch"), Map.entry("interval", "interval"), Map.entry("start", "start"), Map.entry("listValues", "list.values"),
            Map.entry("retireWithRows", "list.retire-with-rows"), Map.entry("hashModulus", "hash.modulus"),
            Map.entry("createAheadCount", "create-ahead"), Map.entry("retentionCount", "retention"), Map.entry("tenantColumn", "tenant-column"),
            Map.entry("tenants", "tenants"), Map.entry("subpartitions", "subpartitions"), Map.entry("dropGrace", "drop-grace"),
            Map.entry("timezone", "timezone"), Map.entry("minRunway", "min-runway"), Map.entry("adoption", "adopt"),
            Map.entry("maxPartitions", "max-partitions"));

    /** A builder field with an index or a field of its own after it: {@code tenants[1].createAheadCount}. */
    private static final Pattern FIELD = Pattern.compile("([A-Za-z]+)(\\[\\d+])?(?:\\.(.+))?");

    private static final String DEFAULTS = "partsmith.defaults";

    private static final String CONFIGURATION_ONLY = "is set in the configuration only, not for a table added at run time";

    private final Map<String, PartsmithTable> tables;
    private final PartsmithTableRegistry registry;
    private final Map<HookPoint, List<SqlHookStatement>> runtimeHooks;
    private final TableLimits runtimeLimits;

    /** The configured tables, without tables added at run time. */
    public PartsmithTables(List<PartsmithTable> tables) {
        this(tables, null, Map.of(), TableLimits.NONE);
    }

    private PartsmithTables(List<PartsmithTable> tables, PartsmithTableRegistry registry, Map<HookPoint, List<SqlHookStatement>> runtimeHooks,
            TableLimits runtimeLimits) {
        Map<String, PartsmithTable> byKey = new LinkedHashMap<>();
        tables.forEach(table -> byKey.put(table.key(), table));
        this.tables = Collections.unmodifiableMap(byKey);
        this.registry = registry;
        this.runtimeHooks = runtimeHooks;
        this.runtimeLimits = runtimeLimits;
    }

    /**
     * These configured tables with the tables {@code registry} holds on top of them, read from it each time
     * they are asked for. A table added at run time gets the SQL hooks and {@code max-partitions} of
     * {@code partsmith.defaults}, as of these tables.
     */
    public PartsmithTables withRegistry(PartsmithTableRegistry registry) {
        return new PartsmithTables(List.copyOf(tables.values()), registry, runtimeHooks, runtimeLimits);
    }

    /** Every enabled table: the configured ones in configuration order, then those added at run time. */
    public List<PartsmithTable> all() {
        List<PartsmithTable> all = new ArrayList<>(tables.values());
        runtime().forEach((key, config) -> all.add(runtimeTable(key, config)));
        return List.copyOf(all);
    }

    /** The table under {@code key}, configured or added at run time. */
    public Optional<PartsmithTable> get(String key) {
        PartsmithTable configured = tables.get(key);
        if (configured != null) {
            return Optional.of(configured);
        }
        return Optional.ofNullable(runtime().get(key)).map(config -> runtimeTable(key, config));
    }

    /** The managed table with this schema-qualified name. */
    public Optional<PartsmithTable> get(QualifiedName table) {
        return all().stream().filter(candidate -> candidate.config().qualifiedName().equals(table)).findFirst();
    }

    /** The keys of every enabled table, configured or added at run time. */
    public List<String> keys() {
        return all().stream().map(PartsmithTable::key).toList();
    }

    /** The configured tables' configs by key, in configuration order. */
    public Map<String, TablePartitionConfig> configs() {
        Map<String, TablePartitionConfig> configs = new LinkedHashMap<>();
        tables.forEach((key, table) -> configs.put(key, table.config()));
        return configs;
    }

    /** The registry of tables added at run time, when these tables have one. */
    public Optional<PartsmithTableRegistry> registry() {
        return Optional.ofNullable(registry);
    }

    /** Whether the table under {@code key} was added at run time (rather than configured). */
    public boolean addedAtRunTime(String key) {
        return !tables.containsKey(key) && runtime().containsKey(key);
    }

    private Map<String, TablePartitionConfig> runtime() {
        return registry == null ? Map.of() : registry.runtimeTables();
    }

    private PartsmithTable runtimeTable(String key, TablePartitionConfig config) {
        return new PartsmithTable(key, config, runtimeHooks, runtimeLimits);
    }

    /**
     * Every enabled table of valid properties ({@link PartsmithProperties} checked them when they were bound).
     *
     * @throws InvalidPartsmithPropertiesException when they were not checked and a value is wrong
     */
    public static PartsmithTables from(PartsmithProperties properties, ResourceLoader resources) {
        Mapping mapping = map(properties, resources);
        if (!mapping.violations().isEmpty()) {
            throw new InvalidPartsmithPropertiesException(mapping.violations());
        }
        Inherited defaults = new Inherited("", new Table(), properties.getDefaults());
        return new PartsmithTables(mapping.tables(), null, defaults.hooks(resources, new ArrayList<>()),
                new TableLimits(properties.getDefaults().getMaxPartitions()));
    }

    /**
     * A table added at run time: its {@code definition} (a table's properties) with {@code defaults} behind
     * it, mapped and checked as a configured table's. Every refused value is named by its property; a
     * property only the configuration may set ({@code enabled}, {@code hooks}, {@code max-partitions}) is refused.
     */
    static Mapping mapRuntime(String key, Table definition, Table defaults, PartsmithProperties properties, ResourceLoader resources) {
        List<Violation> violations = new ArrayList<>();
        MaintenanceSettings settings = settings(properties, violations);
        Inherited table = new Inherited(key, definition, defaults);
        if (definition.getEnabled() != null) {
            violations.add(new Violation(table.property("enabled"), String.valueOf(definition.getEnabled()), CONFIGURATION_ONLY));
        }
        if (definition.getMaxPartitions() != null) {
            violations.add(new Violation(table.property("max-partitions"), String.valueOf(definition.getMaxPartitions()), CONFIGURATION_ONLY
                    + "; a table added at run time has partsmith.defaults.max-partitions"));
        }
        if (!definition.getHooks().isEmpty()) {
            violations.add(new Violation(table.property("hooks"), null, CONFIGURATION_ONLY
                    + "; a table added at run time runs the hooks of partsmith.defaults.hooks"));
        }
        PartsmithTable mapped = violations.isEmpty() ? table.map(settings, resources, violations) : null;
        return new Mapping(mapped == null ? List.of() : List.of(mapped), violations);
    }

    /** The tables the properties describe, and every value refused on the way, by its property. */
    static Mapping map(PartsmithProperties properties, ResourceLoader resources) {
        List<Violation> violations = new ArrayList<>();
        List<PartsmithTable> tables = new ArrayList<>();
        MaintenanceSettings settings = settings(properties, violations);
        Map<QualifiedName, String> seen = new LinkedHashMap<>();
        Inherited.unknownSteps(properties.getDefaults(), DEFAULTS + ".hooks", violations);
        if (properties.getDefaults().getTableName() != null) {
            violations.add(new Violation("partsmith.defaults.table-name", properties.getDefaults().getTableName(),
                    "cannot be a default: each table names its own (table-name, or its key under partsmith.tables)"));
        }
        properties.getTables().forEach((key, own) -> {
            Inherited table = new Inherited(key, own, properties.getDefaults());
            if (!Boolean.FALSE.equals(table.value("enabled", Table::getEnabled))) {
                PartsmithTable mapped = table.map(settings, resources, violations);
                if (mapped != null) {
                    QualifiedName name = mapped.config().qualifiedName();
                    String other = seen.putIfAbsent(name, key);
                    if (other == null) {
                        tables.add(mapped);
                    }
                    else {
                        violations.add(new Violation(table.property("table-name"), name.name(),
                                "names the table " + name + ", which " + tablePath(other) + " configures already: one key per table"));
                    }
                }
            }
        });
        return new Mapping(tables, violations);
    }

    /** The settings every table shares, checked once; the defaults stand in for refused ones. */
    private static MaintenanceSettings settings(PartsmithProperties properties, List<Violation> violations) {
        try {
            return new MaintenanceSettings(properties.getDdl().getLockTimeout(), properties.getDdl().getRetryBudget(),
                    properties.getSafety().getMaxClockSkew());
        }
        catch (InvalidPartitionConfigException ex) {
            ex.violations().forEach(violation -> violations.add(new Violation(SETTINGS.get(violation.field()), violation.value(),
                    violation.reason())));
            return MaintenanceSettings.DEFAULTS;
        }
    }

    static String tablePath(String key) {
        return "partsmith.tables" + (SIMPLE_KEY.matcher(key).matches() ? "." + key : "[" + key + "]");
    }

    /**
     * The outcome of mapping the properties.
     *
     * @param tables the enabled tables whose values were all accepted
     * @param violations every refused value, by property
     */
    record Mapping(List<PartsmithTable> tables, List<Violation> violations) {
    }

    /** One table's properties with the defaults behind them, and which property each value came from. */
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

        /** The table's value, else the default's; remembers which property it came from. */
        <T> T value(String name, Function<Table, T> getter) {
            T value = getter.apply(own);
            sources.put(name, value == null && getter.apply(defaults) != null ? "partsmith.defaults." + name : property(name));
            return value != null ? value : getter.apply(defaults);
        }

        String property(String name) {
            return tablePath(key) + "." + name;
        }

        PartsmithTable map(MaintenanceSettings settings, ResourceLoader resources, List<Violation> violations) {
            int before = violations.size();
            TablePartitionConfig.Builder builder = TablePartitionConfig.builder().settings(settings).tableName(key);
            PropertyMapper map = PropertyMapper.get();
            map.from(value("schema", Table::getSchema)).to(builder::schema);
            map.from(value("table-name", Table::getTableName)).to(builder::tableName);
            map.from(value("partition-column", Table::getPartitionColumn)).to(builder::partitionColumn);
            map.from(value("granularity", Table::getGranularity)).to(builder::granularity);
            map.from(value("epoch", Table::getEpoch)).to(builder::epoch);
            map.from(value("interval", Table::getInterval)).to(builder::interval);
            map.from(value("start", Table::getStart)).to(builder::start);
            List<String> listValues = value("list.values", table -> table.getList().getValues());
            Boolean retireWithRows = value("list.retire-with-rows", table -> table.getList().getRetireWithRows());
            Integer hashModulus = value("hash.modulus", table -> table.getHash().getModulus());
            map.from(listValues).as(values -> values.stream().map(ListValue::of).toList()).to(builder::listValues);
            map.from(retireWithRows).to(builder::retireWithRows);
            map.from(hashModulus).to(builder::hashModulus);
            map.from(value("create-ahead", Table::getCreateAhead)).to(builder::createAheadCount);
            map.from(value("retention", Table::getRetention)).to(builder::retentionCount);
            map.from(value("tenant-column", Table::getTenantColumn)).to(builder::tenantColumn);
            map.from(value("tenants", Table::getTenants)).as(tenants -> tenants.stream()
                    .map(tenant -> tenant == null ? null : new ListValue(tenant.getId(), tenant.getCreateAhead(), tenant.getRetention())).toList())
                    .to(builder::tenants);
            map.from(value("subpartitions", Table::getSubpartitions)).as(levels -> levels.stream().map(Inherited::level).toList())
                    .to(levels -> levels.forEach(builder::subpartition));
            map.from(value("drop-grace", Table::getDropGrace)).to(builder::dropGrace);
            map.from(value("timezone", Table::getTimezone)).to(builder::timezone);
            map.from(value("min-runway", Table::getMinRunway)).to(builder::minRunway);
            map.from(value("adopt", Table::getAdopt)).to(builder::adoption);
            Integer maxPartitions = value("max-partitions", Table::getMaxPartitions);
            Map<HookPoint, List<SqlHookStatement>> hooks = hooks(resources, violations);
            TablePartitionConfig config = null;
            try {
                config = builder.build();
            }
            catch (InvalidPartitionConfigException ex) {
                ex.violations().forEach(violation -> violations.add(new Violation(propertyOf(violation.field()), violation.value(),
                        violation.reason())));
            }
            TableLimits.violations(maxPartitions, config).forEach(violation -> violations.add(new Violation(propertyOf(violation.field()),
                    violation.value(), violation.reason())));
            return violations.size() > before ? null : new PartsmithTable(key, config, hooks, new TableLimits(maxPartitions));
        }

        /** Each step's statements: the table's list for the step, else the default's. */
        private Map<HookPoint, List<SqlHookStatement>> hooks(ResourceLoader resources, List<Violation> violations) {
            unknownSteps(own, property("hooks"), violations);
            Map<HookPoint, List<SqlHookStatement>> hooks = new EnumMap<>(HookPoint.class);
            for (HookPoint point : HookPoint.values()) {
                String name = "hooks." + point.propertyName();
                List<SqlHook> entries = value(name, table -> table.getHooks().get(point.propertyName()));
                List<SqlHookStatement> statements = new ArrayList<>();
                for (int i = 0; entries != null && i < entries.size(); i++) {
                    String property = sources.get(name) + "[" + i + "]";
                    try {
                        statements.add(entries.get(i).statement(property, resources));
                    }
                    catch (SqlHook.InvalidSqlHookException ex) {
                        violations.add(new Violation(ex.property(), entries.get(i).code() != null ? entries.get(i).code()
                                : entries.get(i).file(), ex.getMessage()));
                    }
                }
                hooks.put(point, statements);
            }
            return hooks;
        }

        /** Keys under {@code hooks} that name no step, each with the step it is closest to. */
        private static void unknownSteps(Table table, String hooksProperty, List<Violation> violations) {
            List<String> steps = Arrays.stream(HookPoint.values()).map(HookPoint::propertyName).toList();
            for (String step : table.getHooks().keySet()) {
                if (!steps.contains(step)) {
                    violations.add(new Violation(hooksProperty + "." + step, null, "names no step of a partition's life; did you mean "
                            + UnknownPartsmithProperties.closest(step, steps) + "? The steps are " + String.join(", ", steps)));
                }
            }
        }

        /** A level below the table's own, as the core's builder takes it. */
        private static PartitionLevel.Builder level(Level properties) {
            PartitionLevel.Builder level = PartitionLevel.builder();
            if (properties == null) {
                return level;
            }
            PropertyMapper map = PropertyMapper.get();
            map.from(properties.getPartitionColumn()).to(level::partitionColumn);
            map.from(properties.getGranularity()).to(level::granularity);
            map.from(properties.getEpoch()).to(level::epoch);
            map.from(properties.getInterval()).to(level::interval);
            map.from(properties.getStart()).to(level::start);
            map.from(properties.getList().getValues()).as(values -> values.stream().map(ListValue::of).toList()).to(level::listValues);
            map.from(properties.getList().getRetireWithRows()).to(level::retireWithRows);
            map.from(properties.getHash().getModulus()).to(level::hashModulus);
            map.from(properties.getCreateAhead()).to(level::createAheadCount);
            map.from(properties.getRetention()).to(level::retentionCount);
            return level;
        }

        /**
         * The property behind a {@link TablePartitionConfig} builder field, with its index and the
         * field's own field: {@code subpartitions[0].hashModulus} is {@code ...subpartitions[0].hash.modulus}.
         */
        private String propertyOf(String field) {
            Matcher matcher = FIELD.matcher(field);
            if (!matcher.matches() || !TABLE_PROPERTIES.containsKey(matcher.group(1))) {
                return tablePath(key);
            }
            String name = TABLE_PROPERTIES.get(matcher.group(1));
            String path = sources.getOrDefault(name, property(name)) + (matcher.group(2) == null ? "" : matcher.group(2));
            return matcher.group(3) == null ? path : path + "." + relative(matcher.group(3));
        }

        /** A field path below a property ({@code hashModulus}, {@code listValues[1]}) as property names. */
        private static String relative(String field) {
            Matcher matcher = FIELD.matcher(field);
            if (!matcher.matches() || !TABLE_PROPERTIES.containsKey(matcher.group(1))) {
                return field;
            }
            return TABLE_PROPERTIES.get(matcher.group(1)) + (matcher.group(2) == null ? "" : matcher.group(2))
                    + (matcher.group(3) == null ? "" : "." + relative(matcher.group(3)));
        }
    }
}
