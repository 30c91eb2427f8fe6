package dev.partsmith.autoconfigure;

import java.util.List;
import java.util.stream.Collectors;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.Environment;

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
     * Every violation as Spring Boot reports a binding failure, one block each, separated by a blank
     * line: {@code Property}, {@code Value}, {@code Origin} (where the environment knows where the
     * property was set) and {@code Reason}.
     *
     * @param environment the environment the properties came from; may be {@code null}
     */
    public String describe(Environment environment) {
        return violations.stream().map(violation -> {
            String origin = origin(environment, violation.property());
            return "    Property: " + violation.property() + (violation.value() == null ? "" : "\n    Value:    \"" + violation.value() + "\"")
                    + (origin == null ? "" : "\n    Origin:   " + origin) + "\n    Reason:   " + violation.reason();
        }).collect(Collectors.joining("\n\n"));
    }

    private static String origin(Environment environment, String property) {
        if (environment == null || !ConfigurationPropertyName.isValid(property)) {
            return null;
        }
        ConfigurationPropertyName name = ConfigurationPropertyName.of(property);
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            ConfigurationProperty found = source.getConfigurationProperty(name);
            if (found != null && found.getOrigin() != null) {
                return found.getOrigin().toString();
            }
        }
        return null;
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
