package dev.partsmith.catalog;

import java.time.Instant;

/**
 * A position on the ordered axis of a range key, so that time and integer keys compare alike: for
 * {@code timestamptz} the instant in microseconds since 1970 (PostgreSQL's resolution); for
 * {@code timestamp} and {@code date} the wall-clock value read as if in UTC, likewise; for integer
 * keys the integer itself, and for epoch keys the stored number. {@link #MIN} and {@link #MAX} stand
 * for the ends of the axis ({@code MINVALUE}, {@code -infinity}; {@code MAXVALUE}, {@code infinity});
 * times beyond the axis saturate to them.
 *
 * @param value the position
 */
public record KeyPoint(long value) implements Comparable<KeyPoint> {

    public static final KeyPoint MIN = new KeyPoint(Long.MIN_VALUE);

    public static final KeyPoint MAX = new KeyPoint(Long.MAX_VALUE);

    private static final long MICROS_PER_SECOND = 1_000_000;

    /** The instant's position in microseconds since 1970, saturating at the axis' ends. */
    public static KeyPoint ofInstant(Instant instant) {
        try {
            return new KeyPoint(Math.addExact(Math.multiplyExact(instant.getEpochSecond(), MICROS_PER_SECOND), instant.getNano() / 1000));
        }
        catch (ArithmeticException ex) {
            return instant.getEpochSecond() < 0 ? MIN : MAX;
        }
    }

    /** The instant of a time key's position (the inverse of {@link #ofInstant}). */
    public Instant toInstant() {
        return Instant.ofEpochSecond(Math.floorDiv(value, MICROS_PER_SECOND), Math.floorMod(value, MICROS_PER_SECOND) * 1000);
    }

    /** Whether this is one of the axis' ends. */
    public boolean infinite() {
        return value == Long.MIN_VALUE || value == Long.MAX_VALUE;
    }

    public boolean isBefore(KeyPoint other) {
        return value < other.value;
    }

    public boolean isAfter(KeyPoint other) {
        return value > other.value;
    }

    @Override
    public int compareTo(KeyPoint other) {
        return Long.compare(value, other.value);
    }
}
