package dev.partsmith.plan;

import java.time.Instant;
import java.time.ZonedDateTime;

import dev.partsmith.period.Period;

/**
 * The range a new partition gets: the period, its bounds in the table's zone, their points on the
 * key's axis, and the literals the DDL writes (with an explicit offset for {@code timestamptz}).
 */
public record PartitionWindow(Period period, ZonedDateTime from, ZonedDateTime to, Instant fromPoint, Instant toPoint,
        String fromLiteral, String toLiteral) {

    @Override
    public String toString() {
        return "[" + fromLiteral + ", " + toLiteral + ")";
    }
}
