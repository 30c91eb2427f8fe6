package dev.partsmith.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;

/**
 * Reports an {@link InvalidPartsmithPropertiesException} at start-up the way Spring Boot reports
 * binding failures: each refused property with its value, where it was set, and what is allowed.
 */
class InvalidPartsmithPropertiesFailureAnalyzer extends AbstractFailureAnalyzer<InvalidPartsmithPropertiesException> {

    private final Environment environment;

    InvalidPartsmithPropertiesFailureAnalyzer(Environment environment) {
        this.environment = environment;
    }

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidPartsmithPropertiesException cause) {
        return new FailureAnalysis("partsmith's configuration is invalid:\n\n" + cause.describe(environment) + "\n",
                "Update your application's configuration: give each property listed above an allowed value"
                        + " (the partsmith section of the README lists every property with its default).",
                cause);
    }
}
