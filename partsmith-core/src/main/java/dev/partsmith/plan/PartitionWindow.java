package dev.partsmith.plan;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import dev.partsmith.catalog.PartitionKeyType;

/**
 * The range a partition gets: its bounds in the table's zone, their points on the key's axis, and the
 * literals the DDL writes (with an explicit offset for {@code timestamptz}). Literals are always
 * formatted by partsmith from these values, never taken from text read back.
 */
public record PartitionWindow(ZonedDateTime from, ZonedDateTime to, Instant fromPoint, Instant toPoint, String fromLiteral,
        String toLiteral) {

    /** The window {@code [from, to)} of wall-clock times in {@code zone}, for a key of {@code keyType}. */
    public static PartitionWindow of(PartitionKeyType keyType, ZoneId zone, LocalDateTime from, LocalDateTime to) {
        return new PartitionWindow(from.atZone(zone), to.atZone(zone), keyType.point(from, zone), keyType.point(to, zone),
                keyType.literal(from, zone), keyType.literal(to, zone));
    }

    /** The window between two points on the key's axis, seen from {@code zone}. */
    public static PartitionWindow between(PartitionKeyType keyType, ZoneId zone, Instant from, Instant to) {
        return new PartitionWindow(keyType.zoned(from, zone), keyType.zoned(to, zone), from, to, keyType.literal(from, zone),
                keyType.literal(to, zone));
    }

    /** The bound clause of an ATTACH, and as the catalog prints a range: {@code FOR VALUES FROM ('...') TO ('...')}. */
    public String forValues() {
        return "FOR VALUES FROM ('" + fromLiteral + "') TO ('" + toLiteral + "')";
    }

    @Override
    public String toString() {
        return "[" + fromLiteral + ", " + toLiteral + ")";
    }
}
