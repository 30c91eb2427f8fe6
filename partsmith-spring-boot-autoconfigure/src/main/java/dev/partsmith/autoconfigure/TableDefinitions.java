package dev.partsmith.autoconfigure;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.io.ResourceLoader;

import dev.partsmith.InvalidPartitionConfigException;
import dev.partsmith.InvalidPartitionConfigException.Violation;
import dev.partsmith.autoconfigure.PartsmithProperties.Table;
import dev.partsmith.config.HashLevel;
import dev.partsmith.config.IntegerLevel;
import dev.partsmith.config.ListLevel;
import dev.partsmith.config.ListValue;
import dev.partsmith.config.PartitionLevel;
import dev.partsmith.config.PartsmithTableRegistry;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.config.TimeLevel;

/**
 * Tables added at run time, written as a table's properties under {@code partsmith.tables.<key>}: the names
 * a definition takes ({@code partition-column}, {@code granularity}, {@code tenant-column},
 * {@code tenants[0].id}, {@code list.values[0]}...) and the checks it goes through are a configured table's,
 * so every refused value is named by its property. A definition is a map of those names to values, flat
 * ({@code "list.values[0]": "eu"}, as the store, the endpoint and the command line carry it) or nested
 * ({@code {"list": {"values": ["eu"]}}}, as code may build it).
 */
public final class TableDefinitions {

    /** A property name as a definition may write it: kebab-case, with indexes. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*(\\[\\d+])?(\\.[a-z0-9][a-z0-9-]*(\\[\\d+])?)*");

    private static final String ROOT = "table";

    private final PartsmithProperties properties;
    private final ResourceLoader resources;

    public TableDefinitions(PartsmithProperties properties, ResourceLoader resources) {
        this.properties = properties;
        this.resources = resources;
    }

    /**
     * The table a user defines under {@code key}, with {@code partsmith.defaults} filling in what it leaves out
     * (once: the table keeps what they were when it was defined).
     *
     * @throws IllegalArgumentException when the key cannot name a table added at run time
     * @throws InvalidPartitionConfigException naming each refused property of the definition
     */
    public TablePartitionConfig define(String key, Map<String, ?> definition) {
        PartsmithTableRegistry.requireKey(key);
        return map(key, definition, properties.getDefaults());
    }

    /**
     * A stored table: its definition as {@link #write} wrote it, complete, so no default fills anything in.
     *
     * @throws InvalidPartitionConfigException naming each refused property
     */
    public TablePartitionConfig read(String key, Map<String, String> stored) {
        return map(key, stored, new Table());
    }

    /**
     * A definition written as a properties file writes it: one {@code name=value} a line
     * ({@code tenants=tenant1,tenant2}, {@code list.values[0]=eu}), {@code #} starting a comment.
     *
     * @throws InvalidPartitionConfigException when the text is not properties (a malformed {@code \\u} escape)
     */
    public static Map<String, String> parse(String text) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(text));
        }
        catch (IOException | IllegalArgumentException ex) {
            throw new InvalidPartitionConfigException(null, List.of(new Violation("definition", null, "is not properties, one name=value a line: "
                    + ex.getMessage())));
        }
        Map<String, String> definition = new TreeMap<>();
        properties.forEach((name, value) -> definition.put(String.valueOf(name), String.valueOf(value)));
        return definition;
    }

    /**
     * The table as properties, every value written out (unset ones left out), in the flat form: what reads
     * back to an equal table.
     *
     * @throws IllegalArgumentException for a table cut by a period calculator of the application's own, which has
     *         no property
     */
    public static Map<String, String> write(TablePartitionConfig config) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("schema", config.schema());
        out.put("table-name", config.tableName());
        config.tenants().ifPresent(tenants -> {
            out.put("tenant-column", tenants.column());
            for (int i = 0; i < tenants.values().size(); i++) {
                ListValue tenant = tenants.values().get(i);
                out.put("tenants[" + i + "].id", tenant.value());
                putIfSet(out, "tenants[" + i + "].create-ahead", tenant.createAhead());
                putIfSet(out, "tenants[" + i + "].retention", tenant.retention());
            }
        });
        level(out, "", config.tableLevel());
        List<PartitionLevel> levels = config.levels();
        int below = levels.indexOf(config.tableLevel()) + 1;
        for (int i = below; i < levels.size(); i++) {
            level(out, "subpartitions[" + (i - below) + "].", levels.get(i));
        }
        out.put("drop-grace", config.dropGrace().toString());
        out.put("timezone", config.timezone().getId());
        config.minRunwaySet().ifPresent(minRunway -> out.put("min-runway", minRunway.toString()));
        out.put("adopt", config.adoption().name().toLowerCase(Locale.ROOT));
        return out;
    }

    private static void level(Map<String, String> out, String prefix, PartitionLevel level) {
        out.put(prefix + "partition-column", level.column());
        if (level instanceof TimeLevel time) {
            if (time.customCalculator() != null) {
                throw new IllegalArgumentException("A table cut by a period calculator of the application's own ("
                        + time.granularityName() + ") cannot be stored: only a granularity has a property");
            }
            out.put(prefix + "granularity", time.granularityName());
            putIfSet(out, prefix + "epoch", time.epoch() == null ? null : time.epoch().name().toLowerCase(Locale.ROOT));
            counts(out, prefix, time.createAhead(), time.retention());
        }
        else if (level instanceof IntegerLevel integer) {
            out.put(prefix + "interval", String.valueOf(integer.interval()));
            out.put(prefix + "start", String.valueOf(integer.start()));
            counts(out, prefix, integer.createAhead(), integer.retention());
        }
        else if (level instanceof ListLevel list) {
            for (int i = 0; i < list.values().size(); i++) {
                out.put(prefix + "list.values[" + i + "]", list.values().get(i).value());
            }
            out.put(prefix + "list.retire-with-rows", String.valueOf(list.retireWithRows()));
        }
        else if (level instanceof HashLevel hash) {
            out.put(prefix + "hash.modulus", String.valueOf(hash.modulus()));
        }
    }

    private static void counts(Map<String, String> out, String prefix, int createAhead, Integer retention) {
        out.put(prefix + "create-ahead", String.valueOf(createAhead));
        putIfSet(out, prefix + "retention", retention);
    }

    private static void putIfSet(Map<String, String> out, String name, Object value) {
        if (value != null) {
            out.put(name, value.toString());
        }
    }

    private TablePartitionConfig map(String key, Map<String, ?> definition, Table defaults) {
        List<Violation> violations = new ArrayList<>();
        Table table = bind(definition, Bindable.of(Table.class), ROOT, violations);
        if (table != null) {
            PartsmithTables.Mapping mapping = PartsmithTables.mapRuntime(key, table, defaults, properties, resources);
            String own = PartsmithTables.tablePath(key) + ".";
            mapping.violations().forEach(violation -> violations.add(new Violation(violation.field().startsWith(own)
                    ? violation.field().substring(own.length()) : violation.field(), violation.value(), violation.reason())));
            if (violations.isEmpty()) {
                return mapping.tables().get(0).config();
            }
        }
        throw new InvalidPartitionConfigException(key, violations);
    }

    /** The definition bound as properties: names checked first, then the values; {@code null} when refused. */
    private static <T> T bind(Map<String, ?> definition, Bindable<T> target, String root, List<Violation> violations) {
        Map<String, Object> flat = new LinkedHashMap<>();
        flatten("", definition, flat);
        Map<String, Object> source = new LinkedHashMap<>();
        flat.forEach((name, value) -> {
            if (NAME.matcher(name).matches()) {
                source.put(root + "." + name, value);
            }
            else {
                violations.add(new Violation(name, null, "is not a property name: kebab-case, as in the configuration (partition-column,"
                        + " tenants[0].id, list.values[0])"));
            }
        });
        if (!violations.isEmpty()) {
            return null;
        }
        try {
            return new Binder(new MapConfigurationPropertySource(source)).bindOrCreate(ConfigurationPropertyName.of(root), target,
                    new NoUnboundElementsBindHandler(BindHandler.DEFAULT));
        }
        catch (BindException ex) {
            String name = ex.getName().toString();
            String property = name.equals(root) ? root : name.substring(root.length() + 1);
            if (ex.getCause() instanceof UnboundConfigurationPropertiesException unbound) {
                unbound.getUnboundProperties().forEach(each -> violations.add(new Violation(each.getName().toString().substring(root.length()
                        + 1), String.valueOf(each.getValue()), "is not a property of a table")));
            }
            else {
                violations.add(new Violation(property, ex.getProperty() == null ? null : String.valueOf(ex.getProperty().getValue()),
                        "cannot be read: " + (ex.getCause() == null ? ex.getMessage() : rootCause(ex).getMessage())));
            }
            return null;
        }
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** Nested maps and lists as property names: {@code {"list": {"values": ["eu"]}}} is {@code list.values[0]}. */
    private static void flatten(String prefix, Object value, Map<String, Object> out) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((name, each) -> flatten(prefix.isEmpty() ? String.valueOf(name) : prefix + "." + name, each, out));
        }
        else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                flatten(prefix + "[" + i + "]", list.get(i), out);
            }
        }
        else if (value != null) {
            out.put(prefix, value.toString());
        }
    }
}
