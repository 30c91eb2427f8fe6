package dev.partsmith.autoconfigure;

import java.beans.PropertyDescriptor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.context.properties.source.UnboundElementsSourceFilter;
import org.springframework.core.env.Environment;

/**
 * Keys under {@code partsmith.} that partsmith does not know. They fail the start (a misspelled
 * {@code drop-graze} would otherwise leave the grace at zero, and {@code retension} keep everything
 * forever): Boot refuses them because {@link PartsmithProperties} ignores no unknown field, and this
 * class says which key it was, where it was set, and which known key is closest.
 */
final class UnknownPartsmithProperties {

    private static final String TABLES = "partsmith.tables";

    private static final String ROOT = "partsmith";

    /** Every property partsmith knows, {@code *} standing for a table's key. */
    private static final List<String> KNOWN = new ArrayList<>();

    /** The known properties that hold maps or lists: any key below them is theirs. */
    private static final List<String> CONTAINERS = new ArrayList<>();

    static {
        collect(ROOT, PartsmithProperties.class, KNOWN, CONTAINERS);
    }

    private UnknownPartsmithProperties() {
    }

    /** The unknown {@code partsmith.} keys a binding failure names; empty when it names none. */
    static List<ConfigurationProperty> of(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnboundConfigurationPropertiesException unbound
                    && unbound.getUnboundProperties().stream().allMatch(property -> property.getName().toString().startsWith(ROOT + "."))) {
                return List.copyOf(unbound.getUnboundProperties());
            }
        }
        return List.of();
    }

    /**
     * The keys under {@code partsmith.} that partsmith does not know, as the environment holds them
     * (system properties and environment variables aside, as Spring Boot sets them aside for unknown keys).
     */
    static List<ConfigurationProperty> in(Environment environment) {
        ConfigurationPropertyName root = ConfigurationPropertyName.of(ROOT);
        UnboundElementsSourceFilter benign = new UnboundElementsSourceFilter();
        Map<ConfigurationPropertyName, ConfigurationProperty> unknown = new LinkedHashMap<>();
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (source instanceof IterableConfigurationPropertySource iterable && benign.apply(source)) {
                iterable.stream().filter(name -> root.isAncestorOf(name) && !known(name))
                        .forEach(name -> unknown.putIfAbsent(name, iterable.getConfigurationProperty(name)));
            }
        }
        return List.copyOf(unknown.values());
    }

    /** The report of unknown keys, one block per key as Spring Boot writes its binding failures. */
    static String describe(List<ConfigurationProperty> unknown) {
        return unknown.stream().map(UnknownPartsmithProperties::describe).collect(Collectors.joining("\n\n"));
    }

    private static boolean known(ConfigurationPropertyName name) {
        List<String> elements = new ArrayList<>();
        for (int i = 0; i < name.getNumberOfElements(); i++) {
            if (!name.isNumericIndex(i)) {
                elements.add(i == 2 && elements.get(1).equals("tables") ? "*" : name.getElement(i, ConfigurationPropertyName.Form.DASHED));
            }
        }
        String normalized = String.join(".", elements);
        return KNOWN.contains(normalized) || CONTAINERS.stream().anyMatch(container -> normalized.startsWith(container + "."));
    }

    private static String describe(ConfigurationProperty property) {
        String name = property.getName().toString();
        return "    Property: " + name + "\n    Value:    \"" + property.getValue() + "\""
                + (property.getOrigin() == null ? "" : "\n    Origin:   " + property.getOrigin())
                + "\n    Reason:   partsmith has no such property; did you mean " + closest(name) + "?";
    }

    /** The known property nearest to {@code name} by edit distance, a table's key and list indexes kept as given. */
    static String closest(String name) {
        String plain = name.replaceAll("\\[\\d+]$", "");
        String index = name.substring(plain.length());
        String tableKey = tableKey(plain);
        return closest(plain, KNOWN.stream().map(known -> tableKey == null ? known
                : known.replace(".*", tableKey.startsWith("[") ? tableKey : "." + tableKey)).toList()) + index;
    }

    /** The candidate nearest to {@code name} by edit distance (the first in alphabetical order among equals). */
    static String closest(String name, List<String> candidates) {
        return candidates.stream().min(Comparator.comparingInt((String candidate) -> distance(name, candidate))
                .thenComparing(Comparator.naturalOrder())).orElseThrow();
    }

    /** The key of {@code partsmith.tables.<key>.<property>} (or {@code [<key>]}); {@code null} for other names. */
    private static String tableKey(String name) {
        if (!name.startsWith(TABLES)) {
            return null;
        }
        String rest = name.substring(TABLES.length());
        if (rest.startsWith("[")) {
            int end = rest.indexOf(']');
            return end < 0 ? null : rest.substring(0, end + 1);
        }
        int dot = rest.indexOf('.', 1);
        return rest.startsWith(".") && dot > 0 ? rest.substring(1, dot) : null;
    }

    /**
     * Walks the properties of {@code type} below {@code prefix}: each leaf into {@code known}, and each
     * leaf holding a map or a list also into {@code containers}.
     */
    private static void collect(String prefix, Class<?> type, List<String> known, List<String> containers) {
        for (PropertyDescriptor descriptor : BeanUtils.getPropertyDescriptors(type)) {
            if (descriptor.getReadMethod() == null || descriptor.getName().equals("class")) {
                continue;
            }
            String name = prefix + "." + DataObjectPropertyName.toDashedForm(descriptor.getName());
            Type generic = descriptor.getReadMethod().getGenericReturnType();
            Class<?> nested = descriptor.getPropertyType();
            if (Map.class.isAssignableFrom(nested) && generic instanceof ParameterizedType map
                    && map.getActualTypeArguments()[1] instanceof Class<?> value && isNested(value)) {
                collect(name + ".*", value, known, containers);
            }
            else if (isNested(nested)) {
                collect(name, nested, known, containers);
            }
            else {
                known.add(name);
                if (Map.class.isAssignableFrom(nested) || Collection.class.isAssignableFrom(nested)) {
                    containers.add(name);
                }
            }
        }
    }

    private static boolean isNested(Class<?> type) {
        return type.getEnclosingClass() == PartsmithProperties.class && !type.isEnum();
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
