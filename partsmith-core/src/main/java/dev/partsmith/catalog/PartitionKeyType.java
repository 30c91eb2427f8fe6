package dev.partsmith.catalog;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The type of a range key partsmith can manage, and how a period's wall-clock bounds become a
 * point on that key's axis and a SQL literal.
 *
 * <p>Points on the axis are {@link Instant}s so that all three types compare alike: for
 * {@code timestamptz} they are real instants; for {@code timestamp} and {@code date} they are the
 * local values read as if in UTC (these types carry no zone).
 */
public enum PartitionKeyType {

    /** {@code timestamp with time zone}: bounds are instants, written with an explicit offset. */
    TIMESTAMPTZ("timestamp with time zone"),
    /** {@code timestamp without time zone}: bounds are the local wall-clock values. */
    TIMESTAMP("timestamp without time zone"),
    /** {@code date}: bounds are local dates; periods must start at midnight. */
    DATE("date");

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");
    private static final DateTimeFormatter WITH_OFFSET = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ssxxx");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("uuuu-MM-dd");

    private final String sqlName;

    PartitionKeyType(String sqlName) {
        this.sqlName = sqlName;
    }

    /** The type as {@code format_type} prints it. */
    public String sqlName() {
        return sqlName;
    }

    /** The key type with this {@code format_type} name, or {@code null} when partsmith cannot manage it. */
    public static PartitionKeyType fromSqlName(String sqlName) {
        for (PartitionKeyType type : values()) {
            if (type.sqlName.equals(sqlName)) {
                return type;
            }
        }
        return null;
    }

    /** The point on the key's axis of a wall-clock time in {@code zone}. */
    public Instant point(LocalDateTime local, ZoneId zone) {
        return switch (this) {
            case TIMESTAMPTZ -> local.atZone(zone).toInstant();
            case TIMESTAMP -> local.toInstant(ZoneOffset.UTC);
            case DATE -> local.toLocalDate().atStartOfDay().toInstant(ZoneOffset.UTC);
        };
    }

    /** The point on the key's axis of an instant, seen from {@code zone} (used for "now"). */
    public Instant point(Instant instant, ZoneId zone) {
        return this == TIMESTAMPTZ ? instant : point(LocalDateTime.ofInstant(instant, zone), zone);
    }

    /**
     * The SQL literal (without quotes) of a wall-clock bound: {@code 2024-01-01 00:00:00+03:00} with
     * the zone's offset at that moment, {@code 2024-01-01 00:00:00}, or {@code 2024-01-01}.
     */
    public String literal(LocalDateTime local, ZoneId zone) {
        return switch (this) {
            case TIMESTAMPTZ -> WITH_OFFSET.format(local.atZone(zone).toOffsetDateTime());
            case TIMESTAMP -> LOCAL.format(local);
            case DATE -> DAY.format(local);
        };
    }

    /** The SQL literal (without quotes) of a point on the key's axis, seen from {@code zone}. */
    public String literal(Instant point, ZoneId zone) {
        return this == TIMESTAMPTZ ? WITH_OFFSET.format(point.atZone(zone).toOffsetDateTime()) : literal(localTime(point, zone), zone);
    }

    /** A point on the key's axis as a time in {@code zone}: the instant itself for {@code timestamptz}, the local value otherwise. */
    public ZonedDateTime zoned(Instant point, ZoneId zone) {
        return this == TIMESTAMPTZ ? point.atZone(zone) : localTime(point, zone).atZone(zone);
    }

    /** The wall-clock time in {@code zone} of a point on the key's axis (the inverse of {@link #point(LocalDateTime, ZoneId)}). */
    public LocalDateTime localTime(Instant point, ZoneId zone) {
        return LocalDateTime.ofInstant(point, this == TIMESTAMPTZ ? zone : ZoneOffset.UTC);
    }

    /** Whether a wall-clock value can be a bound of this key without losing its time of day. */
    public boolean represents(LocalDateTime local) {
        return this != DATE || local.toLocalTime().equals(LocalTime.MIDNIGHT);
    }
}
