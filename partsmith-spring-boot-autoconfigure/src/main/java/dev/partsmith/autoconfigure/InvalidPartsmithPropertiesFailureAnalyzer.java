package dev.partsmith.autoconfigure;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;

import dev.partsmith.autoconfigure.InvalidPartsmithPropertiesException.Violation;

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
        StringBuilder description = new StringBuilder("partsmith's configuration is invalid:\n");
        for (Violation violation : cause.violations()) {
            description.append("\n    Property: ").append(violation.property());
            if (violation.value() != null) {
                description.append("\n    Value:    \"").append(violation.value()).append('"');
            }
            String origin = origin(violation.property());
            if (origin != null) {
                description.append("\n    Origin:   ").append(origin);
            }
            description.append("\n    Reason:   ").append(violation.reason()).append('\n');
        }
        return new FailureAnalysis(description.toString(),
                "Update your application's configuration: give each property listed above an allowed value"
                        + " (the partsmith section of the README lists every property with its default).",
                cause);
    }

    private String origin(String property) {
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
}
