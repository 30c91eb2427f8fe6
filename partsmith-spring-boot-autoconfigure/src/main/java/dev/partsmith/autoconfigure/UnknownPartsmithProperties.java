package dev.partsmith.autoconfigure;

import java.beans.PropertyDescriptor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationProperty;

/**
 * Keys under {@code partsmith.} that partsmith does not know. They fail the start (a misspelled
 * {@code drop-graze} would otherwise leave the grace at zero, and {@code retension} keep everything
 * forever): Boot refuses them because {@link PartsmithProperties} ignores no unknown field, and this
 * class says which key it was, where it was set, and which known key is closest.
 */
public final class UnknownPartsmithProperties {

    private static final String TABLES = "partsmith.tables";

    /** Every property partsmith knows, {@code *} standing for a table's key. */
    private static final List<String> KNOWN = names("partsmith", PartsmithProperties.class);

    private UnknownPartsmithProperties() {
    }

    /**
     * The report of unknown partsmith keys in a failure, one block per key as Spring Boot writes its
     * binding failures ({@code Property}, {@code Value}, {@code Origin}, {@code Reason}); empty when
     * the failure is not about unknown partsmith keys.
     */
    public static Optional<String> describe(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnboundConfigurationPropertiesException unbound
                    && unbound.getUnboundProperties().stream().allMatch(property -> property.getName().toString().startsWith("partsmith."))) {
                return Optional.of(unbound.getUnboundProperties().stream().map(UnknownPartsmithProperties::describe)
                        .collect(Collectors.joining("\n\n")));
            }
        }
        return Optional.empty();
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
        return KNOWN.stream().map(known -> tableKey == null ? known : known.replace(".*", tableKey.startsWith("[") ? tableKey : "." + tableKey))
                .min(Comparator.comparingInt((String known) -> distance(plain, known)).thenComparing(Comparator.naturalOrder()))
                .map(known -> known + index).orElseThrow();
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

    private static List<String> names(String prefix, Class<?> type) {
        List<String> names = new ArrayList<>();
        for (PropertyDescriptor descriptor : BeanUtils.getPropertyDescriptors(type)) {
            if (descriptor.getReadMethod() == null || descriptor.getName().equals("class")) {
                continue;
            }
            String name = prefix + "." + DataObjectPropertyName.toDashedForm(descriptor.getName());
            Type generic = descriptor.getReadMethod().getGenericReturnType();
            Class<?> nested = descriptor.getPropertyType();
            if (java.util.Map.class.isAssignableFrom(nested) && generic instanceof ParameterizedType map
                    && map.getActualTypeArguments()[1] instanceof Class<?> value && isNested(value)) {
                names.addAll(names(name + ".*", value));
            }
            else if (isNested(nested)) {
                names.addAll(names(name, nested));
            }
            else {
                names.add(name);
            }
        }
        return List.copyOf(names);
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
