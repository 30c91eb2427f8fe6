package dev.partsmith.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One SQL statement of a declarative hook, with its placeholders checked against what its step
 * knows. Placeholders are replaced by text that is already quoted (identifiers in double quotes,
 * values as string literals), so a statement never quotes them itself.
 *
 * @param property the property the statement came from, for messages
 * @param point the step it runs at
 * @param sql the statement as configured
 */
public record SqlHookStatement(String property, HookPoint point, String sql) {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_]+)}");

    /**
     * Checks a configured statement.
     *
     * @return the statement
     * @throws IllegalArgumentException saying what is wrong and what is allowed
     */
    public static SqlHookStatement parse(String property, HookPoint point, String sql) {
        if (sql == null || sql.isBlank()) {
            throw new IllegalArgumentException("is empty; write one SQL statement");
        }
        List<String> unknown = new ArrayList<>();
        Matcher matcher = PLACEHOLDER.matcher(sql);
        while (matcher.find()) {
            if (!point.placeholders().contains(matcher.group(1))) {
                unknown.add(matcher.group());
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("uses " + String.join(", ", unknown) + ", which " + point.propertyName()
                    + " does not know; it knows " + describe(point));
        }
        return new SqlHookStatement(property, point, sql);
    }

    private static String describe(HookPoint point) {
        StringBuilder names = new StringBuilder();
        for (String name : new TreeSet<>(point.placeholders())) {
            names.append(names.isEmpty() ? "" : ", ").append('{').append(name).append('}');
        }
        return names.toString();
    }

    /** The statement with every placeholder replaced by its value from {@code values}. */
    public String render(Map<String, String> values) {
        Matcher matcher = PLACEHOLDER.matcher(sql);
        StringBuilder rendered = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(rendered, Matcher.quoteReplacement(values.get(matcher.group(1))));
        }
        matcher.appendTail(rendered);
        return rendered.toString();
    }
}
