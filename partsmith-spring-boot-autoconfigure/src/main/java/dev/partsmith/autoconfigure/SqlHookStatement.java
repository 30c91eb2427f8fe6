package dev.partsmith.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One SQL statement of a declarative hook, with its placeholders checked. Placeholders are replaced
 * by text the server quoted (identifiers in double quotes, values as string literals), so a statement
 * never quotes them itself. Every step knows the same placeholders:
 * <ul>
 * <li>{@code {schema}}, {@code {parent}}, {@code {partition}}: quoted identifiers;</li>
 * <li>{@code {partition_name}}: the partition's name as a string literal;</li>
 * <li>{@code {from}}, {@code {to}}: its bounds as literals of the key's type (with an offset for
 * {@code timestamptz}), {@code '-infinity'} and {@code 'infinity'} for an unbounded end;</li>
 * <li>{@code {moved_rows}}: the rows moved out of DEFAULT into it (after create; 0 elsewhere).</li>
 * </ul>
 *
 * @param property the property the statement came from, for messages
 * @param sql the statement as configured (from {@code code:}, or read from {@code file:})
 */
public record SqlHookStatement(String property, String sql) {

    /** The placeholders every statement may use. */
    public static final Set<String> PLACEHOLDERS = Set.of("schema", "parent", "partition", "partition_name", "from", "to", "moved_rows");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_]+)}");

    /**
     * Checks a configured statement.
     *
     * @return the statement
     * @throws IllegalArgumentException saying what is wrong and what is allowed
     */
    public static SqlHookStatement parse(String property, String sql) {
        if (sql == null || sql.isBlank()) {
            throw new IllegalArgumentException("is empty; write one SQL statement");
        }
        List<String> unknown = new ArrayList<>();
        Matcher matcher = PLACEHOLDER.matcher(sql);
        while (matcher.find()) {
            if (!PLACEHOLDERS.contains(matcher.group(1))) {
                unknown.add(matcher.group());
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("uses " + String.join(", ", unknown) + ", which partsmith does not know; it knows "
                    + String.join(", ", new TreeSet<>(PLACEHOLDERS).stream().map(name -> "{" + name + "}").toList()));
        }
        return new SqlHookStatement(property, sql);
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
