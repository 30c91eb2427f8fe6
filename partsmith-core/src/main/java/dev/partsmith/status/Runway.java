package dev.partsmith.status;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.OptionalLong;

import dev.partsmith.config.IntegerLevel;
import dev.partsmith.plan.Coverage;

/**
 * How long one range of a table can still take rows: from its current point (now, for a time key;
 * the highest key in use, for an integer key) to the first point no attached partition covers (the
 * DEFAULT partition does not count). Zero when nothing covers the current point; unbounded when the
 * partitions from it reach {@code MAXVALUE} or {@code infinity}. A time key's runway is a duration, an
 * integer key's a number of keys.
 *
 * @param coverage the range's coverage, as the plan found it
 */
public record Runway(Coverage coverage) {

    /** Whether a partition covers the current point. */
    public boolean covered() {
        return coverage.coveredUntil() != null;
    }

    /** Whether the coverage from the current point never ends ({@code MAXVALUE}, {@code infinity}). */
    public boolean unbounded() {
        return covered() && !coverage.coveredUntil().finite();
    }

    /** Whether the range's key is a time. */
    public boolean time() {
        return coverage.keyType().time();
    }

    /** A time key's runway: zero when the current point is not covered; empty when unbounded, or for an integer key. */
    public Optional<Duration> length() {
        if (!time()) {
            return Optional.empty();
        }
        if (!covered()) {
            return Optional.of(Duration.ZERO);
        }
        return unbounded() ? Optional.empty() : Optional.of(coverage.keyType().between(coverage.from(), coverage.coveredUntil().point()));
    }

    /** An integer key's runway, in keys from the highest in use to the end of coverage: zero when not covered; empty when unbounded, or for a time key. */
    public OptionalLong keys() {
        if (time() || unbounded()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(covered() ? coverage.coveredUntil().point().value() - coverage.from().value() : 0);
    }

    /** A time key's runway in seconds: {@code +Infinity} when unbounded; {@code NaN} for an integer key. */
    public double seconds() {
        if (!time()) {
            return Double.NaN;
        }
        return length().map(length -> length.toMillis() / 1000.0).orElse(Double.POSITIVE_INFINITY);
    }

    /**
     * Whether the runway is shorter than its minimum: {@code minimum} for a time key, one interval for
     * an integer key. An uncovered current point always is, an unbounded runway never.
     */
    public boolean isBelow(Duration minimum) {
        if (!covered()) {
            return true;
        }
        if (time()) {
            return length().map(length -> length.compareTo(minimum) < 0).orElse(false);
        }
        return keys().stream().anyMatch(keys -> keys < ((IntegerLevel) coverage.level()).interval());
    }

    /** The minimum the runway is held against, as reported. */
    public String minimum(Duration minimum) {
        return time() ? minimum.toString() : ((IntegerLevel) coverage.level()).interval() + " keys";
    }

    /** The runway as reported (endpoint, health, CLI): an ISO duration to the whole second, a number of keys, or {@code unbounded}. */
    @Override
    public String toString() {
        if (unbounded()) {
            return "unbounded";
        }
        return time() ? length().orElseThrow().truncatedTo(ChronoUnit.SECONDS).toString() : keys().orElseThrow() + " keys";
    }
}
