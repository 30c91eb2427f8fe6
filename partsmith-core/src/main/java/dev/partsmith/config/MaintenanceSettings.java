package dev.partsmith.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.partsmith.InvalidPartitionConfigException;
import dev.partsmith.InvalidPartitionConfigException.Violation;

/**
 * How partsmith behaves towards the database, the same for every table an application maintains:
 * how long DDL waits for locks, how long it retries, and how far its clock may be from the database's.
 *
 * @param lockTimeout {@code lock_timeout} of every DDL transaction; at least a millisecond
 * @param retryBudget total time one DDL step may spend retrying after lock timeouts; zero or more
 * @param maxClockSkew how far the planning clock may be from the database's {@code now()} before
 *        partsmith stops trusting it (creates up to the database's time only, retires nothing); zero or more
 */
public record MaintenanceSettings(Duration lockTimeout, Duration retryBudget, Duration maxClockSkew) {

    /** One second of lock_timeout, thirty seconds of retries, five minutes of clock skew. */
    public static final MaintenanceSettings DEFAULTS = new MaintenanceSettings(Duration.ofSeconds(1), Duration.ofSeconds(30),
            Duration.ofMinutes(5));

    /**
     * @throws InvalidPartitionConfigException naming each refused value
     */
    public MaintenanceSettings {
        List<Violation> violations = violations(lockTimeout, retryBudget, maxClockSkew);
        if (!violations.isEmpty()) {
            throw new InvalidPartitionConfigException("", violations);
        }
    }

    /** What is wrong with these values, by field ({@code lockTimeout}, {@code retryBudget}, {@code maxClockSkew}). */
    static List<Violation> violations(Duration lockTimeout, Duration retryBudget, Duration maxClockSkew) {
        List<Violation> violations = new ArrayList<>();
        if (lockTimeout == null || lockTimeout.toMillis() < 1) {
            violations.add(new Violation("lockTimeout", String.valueOf(lockTimeout),
                    "must be at least 1 millisecond: DDL never waits for locks without a timeout"));
        }
        if (retryBudget == null || retryBudget.isNegative()) {
            violations.add(new Violation("retryBudget", String.valueOf(retryBudget), "must be zero or more"));
        }
        if (maxClockSkew == null || maxClockSkew.isNegative()) {
            violations.add(new Violation("maxClockSkew", String.valueOf(maxClockSkew), "must be zero or more"));
        }
        return violations;
    }
}
