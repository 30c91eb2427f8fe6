package dev.partsmith.catalog;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * The type of a range key column partsmith can cut into slots, with how a value of it becomes a
 * {@link KeyPoint} on the key's axis and a SQL literal. Time keys ({@code timestamptz},
 * {@code timestamp}, {@code date}, and {@code bigint} holding epoch seconds or milliseconds) are cut
 * into calendar periods; integer keys into fixed intervals.
 *
 * <p>The epoch types are not read from the catalog (the column is a {@code bigint}): a table's
 * config chooses them ({@code epoch: seconds|milliseconds}).
 */
public enum PartitionKeyType {

    /** {@code timestamp with time zone}: bounds are instants, written with an explicit offset. */
    TIMESTAMPTZ("timestamp with time zone", true),
    /** {@code timestamp without time zone}: bounds are the local wall-clock values. */
    TIMESTAMP("timestamp without time zone", true),
    /** {@code date}: bounds are local dates; periods must start at midnight. */
    DATE("date", true),
    SMALLINT("smallint", false),
    INTEGER("integer", false),
    BIGINT("bigint", false),
    /** A {@code bigint} holding seconds since 1970-01-01 UTC, cut into calendar periods. */
    EPOCH_SECONDS("bigint", true),
    /** A {@code bigint} holding milliseconds since 1970-01-01 UTC, cut into calendar periods. */
    EPOCH_MILLISECONDS("bigint", true);

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");
    private static final DateTimeFormatter WITH_OFFSET = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ssxxx");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("uuuu-MM-dd");

    private final String sqlName;
    private final boolean time;

    PartitionKeyType(String sqlName, boolean time) {
        this.sqlName = sqlName;
        this.time = time;
    }

    /** The type as {@code format_type} prints it. */
    public String sqlName() {
        return sqlName;
    }

    /**
     * The key type of a column with this {@code format_type} name, or {@code null} when it is none
     * partsmith cuts into ranges; a {@code bigint} is read as {@link #BIGINT}.
     */
    public static PartitionKeyType fromSqlName(String sqlName) {
        for (PartitionKeyType type : values()) {
            if (type.sqlName.equals(sqlName)) {
                return type;
            }
        }
        return null;
    }

    /** Whether the key holds times (cut into calendar periods) rather than plain integers. */
    public boolean time() {
        return time;
    }

    /** The lowest and highest value of an integer key, as points. */
    public KeyPoint[] integerRange() {
        return switch (this) {
            case SMALLINT -> new KeyPoint[] { new KeyPoint(Short.MIN_VALUE), new KeyPoint(Short.MAX_VALUE) };
            case INTEGER -> new KeyPoint[] { new KeyPoint(Integer.MIN_VALUE), new KeyPoint(Integer.MAX_VALUE) };
            default -> new KeyPoint[] { KeyPoint.MIN, KeyPoint.MAX };
        };
    }

    /** The point on the key's axis of a wall-clock time in {@code zone}. */
    public KeyPoint point(LocalDateTime local, ZoneId zone) {
        return switch (this) {
            case TIMESTAMPTZ -> KeyPoint.ofInstant(local.atZone(zone).toInstant());
            case TIMESTAMP -> KeyPoint.ofInstant(local.toInstant(ZoneOffset.UTC));
            case DATE -> KeyPoint.ofInstant(local.toLocalDate().atStartOfDay().toInstant(ZoneOffset.UTC));
            case EPOCH_SECONDS -> new KeyPoint(local.atZone(zone).toEpochSecond());
            case EPOCH_MILLISECONDS -> new KeyPoint(local.atZone(zone).toInstant().toEpochMilli());
            default -> throw notTime();
        };
    }

    /** The point on the key's axis of an instant, seen from {@code zone} (used for "now"). */
    public KeyPoint point(Instant instant, ZoneId zone) {
        return switch (this) {
            case TIMESTAMPTZ -> KeyPoint.ofInstant(instant);
            case EPOCH_SECONDS -> new KeyPoint(instant.getEpochSecond());
            case EPOCH_MILLISECONDS -> new KeyPoint(instant.toEpochMilli());
            default -> point(LocalDateTime.ofInstant(instant, zone), zone);
        };
    }

    /**
     * The SQL literal (without quotes) of a wall-clock bound: {@code 2024-01-01 00:00:00+03:00} with
     * the zone's offset at that moment, {@code 2024-01-01 00:00:00}, {@code 2024-01-01}, or the epoch number.
     */
    public String literal(LocalDateTime local, ZoneId zone) {
        return switch (this) {
            case TIMESTAMPTZ -> WITH_OFFSET.format(local.atZone(zone).toOffsetDateTime());
            case TIMESTAMP -> LOCAL.format(local);
            case DATE -> DAY.format(local);
            default -> Long.toString(point(local, zone).value());
        };
    }

    /** The SQL literal (without quotes) of a point on the key's axis, seen from {@code zone}. */
    public String literal(KeyPoint point, ZoneId zone) {
        return switch (this) {
            case TIMESTAMPTZ -> WITH_OFFSET.format(point.toInstant().atZone(zone).toOffsetDateTime());
            case TIMESTAMP, DATE -> literal(localTime(point, zone), zone);
            default -> Long.toString(point.value());
        };
    }

    /** A time key's point as a time in {@code zone}: the instant itself for {@code timestamptz} and epochs, the local value otherwise. */
    public ZonedDateTime zoned(KeyPoint point, ZoneId zone) {
        return switch (this) {
            case TIMESTAMPTZ, EPOCH_SECONDS, EPOCH_MILLISECONDS -> instant(point).atZone(zone);
            case TIMESTAMP, DATE -> localTime(point, zone).atZone(zone);
            default -> throw notTime();
        };
    }

    /** The wall-clock time in {@code zone} of a time key's point (the inverse of {@link #point(LocalDateTime, ZoneId)}). */
    public LocalDateTime localTime(KeyPoint point, ZoneId zone) {
        return switch (this) {
            case TIMESTAMPTZ, EPOCH_SECONDS, EPOCH_MILLISECONDS -> LocalDateTime.ofInstant(instant(point), zone);
            case TIMESTAMP, DATE -> LocalDateTime.ofInstant(point.toInstant(), ZoneOffset.UTC);
            default -> throw notTime();
        };
    }

    /** The time between two points of a time key. */
    public Duration between(KeyPoint from, KeyPoint to) {
        return switch (this) {
            case EPOCH_SECONDS -> Duration.ofSeconds(to.value() - from.value());
            case EPOCH_MILLISECONDS -> Duration.ofMillis(to.value() - from.value());
            case TIMESTAMPTZ, TIMESTAMP, DATE -> Duration.of(to.value() - from.value(), ChronoUnit.MICROS);
            default -> throw notTime();
        };
    }

    /** Whether a wall-clock value can be a bound of this key without losing its time of day. */
    public boolean represents(LocalDateTime local) {
        return switch (this) {
            case DATE -> local.toLocalTime().equals(LocalTime.MIDNIGHT);
            case EPOCH_SECONDS -> local.getNano() == 0;
            default -> true;
        };
    }

    private Instant instant(KeyPoint point) {
        return switch (this) {
            case EPOCH_SECONDS -> Instant.ofEpochSecond(point.value());
            case EPOCH_MILLISECONDS -> Instant.ofEpochMilli(point.value());
            default -> point.toInstant();
        };
    }

    private IllegalStateException notTime() {
        return new IllegalStateException(sqlName + " is not a time key");
    }
}
