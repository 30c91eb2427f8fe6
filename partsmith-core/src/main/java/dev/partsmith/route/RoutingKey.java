package dev.partsmith.route;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Objects;

/**
 * A partition key value as the application holds it, for a {@link PartitionRouter} to place: an
 * {@link Instant}, {@link OffsetDateTime} or {@link ZonedDateTime} for a {@code timestamp with time zone}
 * key; a {@link LocalDateTime} (or a {@link LocalDate}, read as its midnight) for a
 * {@code timestamp without time zone} key; a {@link LocalDate} (or a {@link LocalDateTime}, whose date
 * PostgreSQL keeps) for a {@code date} key. Whether the type fits the table's key is judged when the key
 * is resolved.
 *
 * @param value the value, never {@code null}
 */
public record RoutingKey(Object value) {

    public RoutingKey {
        Objects.requireNonNull(value, "value");
        if (!(value instanceof Instant || value instanceof OffsetDateTime || value instanceof ZonedDateTime || value instanceof LocalDateTime
                || value instanceof LocalDate)) {
            throw new IllegalArgumentException("a routing key is an Instant, OffsetDateTime, ZonedDateTime, LocalDateTime or LocalDate, not a "
                    + value.getClass().getName() + " (" + value + ")");
        }
    }

    public static RoutingKey of(Instant value) {
        return new RoutingKey(value);
    }

    public static RoutingKey of(OffsetDateTime value) {
        return new RoutingKey(value);
    }

    public static RoutingKey of(ZonedDateTime value) {
        return new RoutingKey(value);
    }

    public static RoutingKey of(LocalDateTime value) {
        return new RoutingKey(value);
    }

    public static RoutingKey of(LocalDate value) {
        return new RoutingKey(value);
    }

    @Override
    public String toString() {
        return value.getClass().getSimpleName() + " " + value;
    }
}
