package dev.partsmith.autoconfigure;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

import dev.partsmith.autoconfigure.InvalidPartsmithPropertiesException.Violation;

/**
 * Reports refused partsmith properties at start-up the way Spring Boot reports binding failures: each
 * property with its value, where it was set, and what is allowed. It reports an
 * {@link InvalidPartsmithPropertiesException}, and a value of a {@code partsmith.*} property that cannot
 * even be bound (an unknown {@code granularity}, a {@code drop-grace} that is no duration): it runs before
 * Spring Boot's own binding analysis, so that allowed enum values are listed as they are written, in lower
 * case.
 */
class InvalidPartsmithPropertiesFailureAnalyzer implements FailureAnalyzer, Ordered {

    private static final String PREFIX = "partsmith.";

    private final Environment environment;

    InvalidPartsmithPropertiesFailureAnalyzer(Environment environment) {
        this.environment = environment;
    }

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        InvalidPartsmithPropertiesException invalid = find(failure, InvalidPartsmithPropertiesException.class);
        if (invalid == null) {
            BindException bind = find(failure, BindException.class);
            if (bind == null || bind.getProperty() == null || !bind.getProperty().getName().toString().startsWith(PREFIX)) {
                return null;
            }
            invalid = new InvalidPartsmithPropertiesException(Violation.of(bind));
        }
        return new FailureAnalysis("partsmith's configuration is invalid:\n\n" + invalid.describe(environment) + "\n",
                "Update your application's configuration: give each property listed above an allowed value"
                        + " (the partsmith section of the README lists every property with its default).",
                failure);
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable candidate = failure; candidate != null; candidate = candidate.getCause()) {
            if (type.isInstance(candidate)) {
                return type.cast(candidate);
            }
        }
        return null;
    }

    /** Before Spring Boot's analyzers, which would report a partsmith property's binding failure in their own terms. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
