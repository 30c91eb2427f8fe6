package dev.partsmith.autoconfigure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.env.Environment;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

import dev.partsmith.InvalidPartitionConfigException.Violation;

/**
 * partsmith's properties were refused when the application started. Every problem is listed with the
 * property it is about; {@link InvalidPartsmithPropertiesFailureAnalyzer} and the command line report
 * them the way Spring Boot reports binding failures, with where each property was set.
 */
public class InvalidPartsmithPropertiesException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private static final String PREFIX = "partsmith.";

    private final transient List<Violation> violations;

    /** @param violations each refused value, its {@link Violation#field()} the full property path */
    public InvalidPartsmithPropertiesException(List<Violation> violations) {
        super("Invalid partsmith configuration: " + violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
        this.violations = List.copyOf(violations);
    }

    public InvalidPartsmithPropertiesException(Violation violation) {
        this(List.of(violation));
    }

    /**
     * The refused partsmith properties a start failure is about, whichever way it was refused: this
     * exception, the properties' own validation ({@link PartsmithProperties#validate}), or a value that
     * cannot even be bound (for an enum, every allowed value is listed as it is written). Empty when the
     * failure is not about partsmith's properties.
     */
    public static Optional<InvalidPartsmithPropertiesException> of(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidPartsmithPropertiesException invalid) {
                return Optional.of(invalid);
            }
            if (cause instanceof BindValidationException validation) {
                List<Violation> violations = new ArrayList<>();
                for (ObjectError error : validation.getValidationErrors().getAllErrors()) {
                    if (error instanceof FieldError field && error.getObjectName().equals("partsmith")) {
                        violations.add(new Violation(field.getObjectName() + "." + field.getField(),
                                field.getRejectedValue() == null ? null : String.valueOf(field.getRejectedValue()), field.getDefaultMessage()));
                    }
                }
                return violations.isEmpty() ? Optional.empty() : Optional.of(new InvalidPartsmithPropertiesException(violations));
            }
            if (cause instanceof BindException bind && bind.getProperty() != null && bind.getProperty().getName().toString().startsWith(PREFIX)) {
                return Optional.of(new InvalidPartsmithPropertiesException(unbindable(bind)));
            }
        }
        return Optional.empty();
    }

    private static Violation unbindable(BindException failure) {
        ConfigurationProperty property = failure.getProperty();
        Class<?> target = failure.getTarget().getType().resolve(Object.class);
        String reason = target.isEnum() ? "must be one of " + Arrays.stream(target.getEnumConstants())
                .map(constant -> PropertyValues.of((Enum<?>) constant)).collect(Collectors.joining(", "))
                : "cannot be read as a " + target.getSimpleName() + ": " + NestedExceptionUtils.getMostSpecificCause(failure).getMessage();
        return new Violation(property.getName().toString(), String.valueOf(property.getValue()), reason);
    }

    /** Every problem found, in property order. */
    public List<Violation> violations() {
        return violations;
    }

    /**
     * Every violation as Spring Boot reports a binding failure, one block each, separated by a blank
     * line: {@code Property}, {@code Value}, {@code Origin} (where the environment knows where the
     * property, or the entry it belongs to, was set) and {@code Reason}.
     *
     * @param environment the environment the properties came from; may be {@code null}
     */
    public String describe(Environment environment) {
        return violations.stream().map(violation -> {
            String origin = origin(environment, violation.field());
            return "    Property: " + violation.field() + (violation.value() == null ? "" : "\n    Value:    \"" + violation.value() + "\"")
                    + (origin == null ? "" : "\n    Origin:   " + origin) + "\n    Reason:   " + violation.reason();
        }).collect(Collectors.joining("\n\n"));
    }

    /** Where the property was set; for an entry written as fields ({@code - code: ...}), where its first field was. */
    private static String origin(Environment environment, String property) {
        if (environment == null || !ConfigurationPropertyName.isValid(property)) {
            return null;
        }
        ConfigurationPropertyName name = ConfigurationPropertyName.of(property);
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            ConfigurationProperty found = source.getConfigurationProperty(name);
            if (found == null && source instanceof IterableConfigurationPropertySource iterable) {
                found = iterable.stream().filter(name::isAncestorOf).findFirst().map(iterable::getConfigurationProperty).orElse(null);
            }
            if (found != null && found.getOrigin() != null) {
                return found.getOrigin().toString();
            }
        }
        return null;
    }
}
