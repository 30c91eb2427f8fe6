package dev.partsmith.autoconfigure;

import java.util.List;
import java.util.Optional;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Reports refused partsmith properties at start-up the way Spring Boot reports binding failures: each
 * property with its value, where it was set, and what is wrong. Keys partsmith does not know come
 * first, each with the closest known key, since a misspelled key also leaves its value unset; then
 * refused values ({@link InvalidPartsmithPropertiesException#of(Throwable)}). It runs before Spring
 * Boot's own binding analysis, so that partsmith's properties are reported in partsmith's terms.
 */
public class InvalidPartsmithPropertiesFailureAnalyzer implements FailureAnalyzer, Ordered {

    private final Environment environment;

    public InvalidPartsmithPropertiesFailureAnalyzer(Environment environment) {
        this.environment = environment;
    }

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        return describe(failure, environment).map(description -> new FailureAnalysis(description,
                "Update your application's configuration: correct or remove each key listed above, or give it an allowed value"
                        + " (the partsmith section of the README lists every property with its default).",
                failure)).orElse(null);
    }

    /**
     * The report of a start failure caused by partsmith's properties; empty when the failure has
     * another cause. The command line prints the same report.
     *
     * @param environment the environment the properties came from; may be {@code null}
     */
    public static Optional<String> describe(Throwable failure, Environment environment) {
        List<ConfigurationProperty> unknown = UnknownPartsmithProperties.of(failure);
        Optional<InvalidPartsmithPropertiesException> invalid = InvalidPartsmithPropertiesException.of(failure);
        if (unknown.isEmpty() && invalid.isPresent() && environment != null) {
            unknown = UnknownPartsmithProperties.in(environment);
        }
        if (!unknown.isEmpty()) {
            return Optional.of("partsmith's configuration has keys partsmith does not know:\n\n" + UnknownPartsmithProperties.describe(unknown)
                    + "\n");
        }
        return invalid.map(found -> "partsmith's configuration is invalid:\n\n" + found.describe(environment) + "\n");
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
