package dev.partsmith.catalog;

import java.time.Instant;
import java.util.Objects;

/**
 * One end of a partition's range as read from the catalog.
 *
 * @param kind a value, or PostgreSQL's {@code MINVALUE} / {@code MAXVALUE}
 * @param point the value's point on the key's axis ({@link PartitionKeyType}); {@link Instant#MIN}
 *        for {@code MINVALUE} and {@code -infinity}, {@link Instant#MAX} for {@code MAXVALUE} and
 *        {@code infinity}
 * @param text the bound as PostgreSQL printed it (in a UTC session)
 */
public record PartitionBound(Kind kind, Instant point, String text) implements Comparable<PartitionBound> {

    public PartitionBound {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(point, "point");
        Objects.requireNonNull(text, "text");
    }

    public static PartitionBound minValue() {
        return new PartitionBound(Kind.MINVALUE, Instant.MIN, "MINVALUE");
    }

    public static PartitionBound maxValue() {
        return new PartitionBound(Kind.MAXVALUE, Instant.MAX, "MAXVALUE");
    }

    public static PartitionBound value(Instant point, String text) {
        return new PartitionBound(Kind.VALUE, point, text);
    }

    /** Whether the bound is a finite value (not MINVALUE/MAXVALUE, not ±infinity). */
    public boolean finite() {
        return kind == Kind.VALUE && !point.equals(Instant.MIN) && !point.equals(Instant.MAX);
    }

    @Override
    public int compareTo(PartitionBound other) {
        return point.compareTo(other.point);
    }

    /** What kind of bound. */
    public enum Kind {
        MINVALUE,
        VALUE,
        MAXVALUE
    }
}
