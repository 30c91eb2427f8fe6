package dev.partsmith.autoconfigure;

import java.util.List;
import java.util.stream.Collectors;

/**
 * partsmith's properties were refused when the application started. Every problem found is listed
 * with the property it is about; {@link InvalidPartsmithPropertiesFailureAnalyzer} turns them into
 * the start failure report.
 */
public class InvalidPartsmithPropertiesException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<Violation> violations;

    public InvalidPartsmithPropertiesException(List<Violation> violations) {
        super("Invalid partsmith configuration: " + violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
        this.violations = List.copyOf(violations);
    }

    public InvalidPartsmithPropertiesException(Violation violation) {
        this(List.of(violation));
    }

    /** Every problem found, in property order. */
    public List<Violation> violations() {
        return violations;
    }

    /**
     * One refused value.
     *
     * @param property the full property path, for example {@code partsmith.tables.events.create-ahead}
     * @param value the refused value as text; {@code null} when it was missing
     * @param reason what is wrong and what is allowed
     */
    public record Violation(String property, String value, String reason) {

        @Override
        public String toString() {
            return property + " " + reason + (value == null ? "" : " (was '" + value + "')");
        }
    }
}
