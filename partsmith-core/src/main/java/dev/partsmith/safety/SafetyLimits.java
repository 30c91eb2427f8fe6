package dev.partsmith.safety;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.partsmith.InvalidPartitionConfigException;
import dev.partsmith.InvalidPartitionConfigException.Violation;

/**
 * The limits partsmith holds its DDL to on one server, the same for every table: the replication-lag
 * breaker and the database's size.
 *
 * @param maxReplicationLag the highest replay lag of a standby at which DDL still runs; {@code null}
 *        switches the breaker off (pg_stat_replication is not read). Zero or more.
 * @param maxDatabaseSize the database size, in bytes, from which no partition is added; {@code null}
 *        for no limit. At least one byte.
 */
public record SafetyLimits(Duration maxReplicationLag, Long maxDatabaseSize) {

    /** The breaker at five seconds of replication lag, no size limit. */
    public static final SafetyLimits DEFAULTS = new SafetyLimits(Duration.ofSeconds(5), null);

    /** No breaker, no size limit. */
    public static final SafetyLimits NONE = new SafetyLimits(null, null);

    /**
     * @throws InvalidPartitionConfigException naming each refused value
     */
    public SafetyLimits {
        List<Violation> violations = new ArrayList<>();
        if (maxReplicationLag != null && maxReplicationLag.isNegative()) {
            violations.add(new Violation("maxReplicationLag", maxReplicationLag.toString(), "must be zero or more"));
        }
        if (maxDatabaseSize != null && maxDatabaseSize < 1) {
            violations.add(new Violation("maxDatabaseSize", maxDatabaseSize.toString(), "must be at least 1 byte"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidPartitionConfigException("", violations);
        }
    }

    /** Whether a limit needs readings of the server ({@link ServerProbe}). */
    boolean readsServer() {
        return maxReplicationLag != null || maxDatabaseSize != null;
    }
}
