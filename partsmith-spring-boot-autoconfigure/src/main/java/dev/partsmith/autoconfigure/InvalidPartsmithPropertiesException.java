package dev.partsmith.autoconfigure;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.NestedExceptionUtils;
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

        /**
         * The property a binding failure is about, with its value and why it cannot be bound: for an enum,
         * every allowed value as it is written ({@code must be one of hour, day, week, month, quarter, year});
         * otherwise the type it must be and the converter's own reason.
         *
         * @throws IllegalArgumentException when the failure names no property
         */
        public static Violation of(BindException failure) {
            ConfigurationProperty property = failure.getProperty();
            if (property == null) {
                throw new IllegalArgumentException("the binding failure names no property", failure);
            }
            Class<?> target = failure.getTarget().getType().resolve(Object.class);
            String reason = target.isEnum() ? "must be one of " + Arrays.stream(target.getEnumConstants())
                    .map(constant -> PropertyValues.of((Enum<?>) constant)).collect(Collectors.joining(", "))
                    : "cannot be read as a " + target.getSimpleName() + ": " + NestedExceptionUtils.getMostSpecificCause(failure).getMessage();
            return new Violation(property.getName().toString(), String.valueOf(property.getValue()), reason);
        }

        @Override
        public String toString() {
            return property + " " + reason + (value == null ? "" : " (was '" + value + "')");
        }
    }
}
