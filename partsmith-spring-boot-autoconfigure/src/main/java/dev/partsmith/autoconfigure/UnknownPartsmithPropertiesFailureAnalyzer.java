package dev.partsmith.autoconfigure;

import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;

/**
 * Reports keys under {@code partsmith.} that partsmith does not know, with the closest known key, ahead
 * of Spring Boot's own report of unbound properties (which names the key but not what was meant).
 */
class UnknownPartsmithPropertiesFailureAnalyzer extends AbstractFailureAnalyzer<UnboundConfigurationPropertiesException> implements Ordered {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, UnboundConfigurationPropertiesException cause) {
        return UnknownPartsmithProperties.describe(cause)
                .map(report -> new FailureAnalysis("partsmith's configuration has keys partsmith does not know:\n\n" + report + "\n",
                        "Correct or remove each key listed above (the partsmith section of the README lists every property).", cause))
                .orElse(null);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
