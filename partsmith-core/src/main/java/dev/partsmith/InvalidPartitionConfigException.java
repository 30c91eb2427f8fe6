package dev.partsmith;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A {@link dev.partsmith.config.TablePartitionConfig} was refused when it was built. Every problem
 * found is listed, each naming the field it is about, so that a caller (the Spring Boot starter, for
 * one) can map the field to the place the value came from.
 */
public class InvalidPartitionConfigException extends PartitionException {

    private static final long serialVersionUID = 1L;

    private final String table;
    private final transient List<Violation> violations;

    public InvalidPartitionConfigException(String table, List<Violation> violations) {
        super(describe(table, violations));
        this.table = table;
        this.violations = List.copyOf(violations);
    }

    private static String describe(String table, List<Violation> violations) {
        String subject = table == null || table.isBlank() ? "partition config" : "partition config of " + table;
        return "Invalid " + subject + ": " + violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
    }

    /** The table the config is for, as far as it was known ({@code schema.table}); may be empty. */
    public String table() {
        return table;
    }

    /** Every problem found, in field order. */
    public List<Violation> violations() {
        return violations;
    }

    /**
     * One refused value.
     *
     * @param field the config field, as named on the builder (for example {@code createAheadCount})
     * @param value the refused value as text, or {@code null} when it was missing
     * @param reason what is allowed
     */
    public record Violation(String field, String value, String reason) {

        /** The message part for this value; control characters in the value are shown escaped, so a stray newline is visible. */
        @Override
        public String toString() {
            return field + " " + reason + (value == null ? "" : " (was '" + visible(value) + "')");
        }

        private static String visible(String text) {
            StringBuilder out = new StringBuilder(text.length());
            text.codePoints().forEach(c -> {
                switch (c) {
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    default -> {
                        if (Character.isISOControl(c)) {
                            out.append(String.format("\\u%04x", c));
                        }
                        else {
                            out.appendCodePoint(c);
                        }
                    }
                }
            });
            return out.toString();
        }
    }
}
