package dev.partsmith.catalog;

import java.util.Objects;

/**
 * One value of a partition's bounds as read from the catalog: an end of a range (for each key
 * column), or one value of a LIST partition.
 *
 * @param kind a value, {@code NULL} (in a LIST), or PostgreSQL's {@code MINVALUE} / {@code MAXVALUE}
 * @param point the value's position on the key's axis ({@link KeyPoint}) for time and integer keys:
 *        {@link KeyPoint#MIN} for {@code MINVALUE} and {@code -infinity}, {@link KeyPoint#MAX} for
 *        {@code MAXVALUE} and {@code infinity}; {@code null} for values of other types and NULL
 * @param text the value as PostgreSQL printed it (in a UTC session), unquoted
 */
public record PartitionBound(Kind kind, KeyPoint point, String text) implements Comparable<PartitionBound> {

    public PartitionBound {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(text, "text");
    }

    public static PartitionBound minValue() {
        return new PartitionBound(Kind.MINVALUE, KeyPoint.MIN, "MINVALUE");
    }

    public static PartitionBound maxValue() {
        return new PartitionBound(Kind.MAXVALUE, KeyPoint.MAX, "MAXVALUE");
    }

    public static PartitionBound nullValue() {
        return new PartitionBound(Kind.NULL, null, "NULL");
    }

    /** A value: {@code point} for time and integer keys, {@code null} for others. */
    public static PartitionBound value(KeyPoint point, String text) {
        return new PartitionBound(Kind.VALUE, point, text);
    }

    /** Whether the bound is a finite value on its axis (not MINVALUE/MAXVALUE, not ±infinity, not NULL). */
    public boolean finite() {
        return kind == Kind.VALUE && point != null && !point.infinite();
    }

    /** By point; bounds without a point are equal to each other. */
    @Override
    public int compareTo(PartitionBound other) {
        if (point == null || other.point == null) {
            return point == other.point ? 0 : point == null ? -1 : 1;
        }
        return point.compareTo(other.point);
    }

    /** What kind of bound. */
    public enum Kind {
        MINVALUE,
        VALUE,
        MAXVALUE,
        NULL
    }
}
