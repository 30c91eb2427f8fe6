package dev.partsmith.status;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import dev.partsmith.catalog.PartitionBound;
import dev.partsmith.catalog.PartitionTree;

/**
 * How long a table can still take rows: the time from now until the first instant on the key's axis
 * that no partition covers (the DEFAULT partition does not count). Zero when no partition covers now;
 * unbounded when the partitions from now on reach {@code MAXVALUE} or {@code infinity}.
 *
 * @param from now, as a point on the key's axis
 * @param coveredUntil where the unbroken coverage from now ends; {@code null} when now is not covered
 */
public record Runway(Instant from, PartitionBound coveredUntil) {

    /** The runway of a tree at {@code point} on its key's axis. */
    public static Runway of(PartitionTree tree, Instant point) {
        return new Runway(point, tree.coveredUntil(point).orElse(null));
    }

    /** Whether a partition covers now. */
    public boolean covered() {
        return coveredUntil != null;
    }

    /** Whether the coverage from now never ends ({@code MAXVALUE}, {@code infinity}). */
    public boolean unbounded() {
        return covered() && !coveredUntil.finite();
    }

    /** The runway's length: zero when now is not covered; empty when unbounded. */
    public Optional<Duration> length() {
        if (!covered()) {
            return Optional.of(Duration.ZERO);
        }
        return unbounded() ? Optional.empty() : Optional.of(Duration.between(from, coveredUntil.point()));
    }

    /** The length in seconds: {@code +Infinity} when unbounded. */
    public double seconds() {
        return length().map(length -> length.toMillis() / 1000.0).orElse(Double.POSITIVE_INFINITY);
    }

    /** Whether the runway is shorter than {@code minimum} (an uncovered now always is, an unbounded one never). */
    public boolean isBelow(Duration minimum) {
        return !covered() || length().map(length -> length.compareTo(minimum) < 0).orElse(false);
    }

    /** The length as reported (endpoint, health, CLI): an ISO duration to the whole second, or {@code unbounded}. */
    @Override
    public String toString() {
        return length().map(length -> length.truncatedTo(ChronoUnit.SECONDS).toString()).orElse("unbounded");
    }
}
