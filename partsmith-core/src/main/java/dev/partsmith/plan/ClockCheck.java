package dev.partsmith.plan;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The planning clock held against the database's: partsmith trusts its clock only while the two agree
 * within {@code maxSkew}. A clock that far off (a JVM clock in the wrong year, a test clock left moved)
 * would otherwise create partitions for that time and retire every partition before it.
 *
 * @param clock the planning clock's instant
 * @param database the database's {@code clock_timestamp()} read at the same time
 * @param maxSkew the largest difference trusted
 */
public record ClockCheck(Instant clock, Instant database, Duration maxSkew) {

    public ClockCheck {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(maxSkew, "maxSkew");
    }

    /** How far the planning clock is ahead of the database's (negative when behind). */
    public Duration skew() {
        return Duration.between(database, clock);
    }

    /** Whether the planning clock is within {@code maxSkew} of the database's. */
    public boolean trusted() {
        return skew().abs().compareTo(maxSkew) <= 0;
    }

    /** The instant to plan for: the planning clock when trusted, else the database's time. */
    public Instant planningTime() {
        return trusted() ? clock : database;
    }

    /** Why the planning clock is not trusted; {@code null} when it is. */
    public String distrust() {
        if (trusted()) {
            return null;
        }
        return "the planning clock (" + clock + ") is " + skew().abs() + (skew().isNegative() ? " behind" : " ahead of")
                + " the database's now() (" + database + "), more than partsmith.safety.max-clock-skew (" + maxSkew
                + "): partitions are created up to the database's time only, and nothing is detached, attached back or dropped;"
                + " fix the clock, or raise max-clock-skew if the clock is moved on purpose";
    }
}
