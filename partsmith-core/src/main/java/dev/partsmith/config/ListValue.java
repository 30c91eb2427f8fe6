package dev.partsmith.config;

import java.util.Objects;

/**
 * One value of a LIST level (a region, a tenant), with the counts it may set for the range level
 * right below it: a tenant that keeps more days than the others.
 *
 * @param value the value, as PostgreSQL reads it for the column's type
 * @param createAhead the create-ahead of the range level below, for this value's partitions; {@code null} for the level's own
 * @param retention the retention of the range level below, for this value's partitions; {@code null} for the level's own
 */
public record ListValue(String value, Integer createAhead, Integer retention) {

    public ListValue {
        Objects.requireNonNull(value, "value");
    }

    /** A value with no counts of its own. */
    public static ListValue of(String value) {
        return new ListValue(value, null, null);
    }

    /** The range level below, with this value's counts where it sets them. */
    public RangeLevel counts(RangeLevel below) {
        if (createAhead == null && retention == null) {
            return below;
        }
        return below.withCounts(createAhead != null ? createAhead : below.createAhead(),
                retention != null ? retention : below.retentionCount().orElse(null));
    }
}
