package dev.partsmith.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.partsmith.InvalidPartitionConfigException;
import dev.partsmith.InvalidPartitionConfigException.Violation;
import dev.partsmith.autoconfigure.PartsmithProperties.Safety;
import dev.partsmith.safety.SafetyLimits;

/**
 * The server's limits from {@code partsmith.safety.*}, checked by the core's {@link SafetyLimits}, every
 * refused value named by its property.
 */
final class PartsmithSafety {

    /** The core's fields, by the property that sets each. */
    private static final Map<String, String> PROPERTIES = Map.of("maxReplicationLag", "partsmith.safety.max-replication-lag",
            "maxDatabaseSize", "partsmith.safety.max-database-size");

    private PartsmithSafety() {
    }

    /**
     * The limits {@code partsmith.safety} sets; {@link SafetyLimits#NONE} when a value is refused, each
     * refused value added to {@code violations}.
     */
    static SafetyLimits limits(PartsmithProperties properties, List<Violation> violations) {
        Safety safety = properties.getSafety();
        try {
            return new SafetyLimits(safety.isCheckReplicationLag() ? safety.getMaxReplicationLag() : null,
                    safety.getMaxDatabaseSize() == null ? null : safety.getMaxDatabaseSize().toBytes());
        }
        catch (InvalidPartitionConfigException ex) {
            ex.violations().forEach(violation -> violations.add(new Violation(PROPERTIES.get(violation.field()), violation.value(),
                    violation.reason())));
            return SafetyLimits.NONE;
        }
    }

    /**
     * The limits {@code partsmith.safety} sets.
     *
     * @throws InvalidPartsmithPropertiesException when a value is refused
     */
    static SafetyLimits limits(PartsmithProperties properties) {
        List<Violation> violations = new ArrayList<>();
        SafetyLimits limits = limits(properties, violations);
        if (!violations.isEmpty()) {
            throw new InvalidPartsmithPropertiesException(violations);
        }
        return limits;
    }
}
