package dev.partsmith.route;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import dev.partsmith.catalog.KeyPoint;
import dev.partsmith.catalog.PartitionBound;
import dev.partsmith.catalog.PartitionKeyType;

/**
 * Where a key lands in a partition map, as PostgreSQL routes a row: the range partition whose lower
 * bound is at or below the key and whose upper bound is above it ({@code MINVALUE} and {@code MAXVALUE}
 * leave that side open), else the DEFAULT partition, else none. Keys are compared by their point on the
 * key's axis ({@link PartitionKeyType}), after rounding to the microsecond as PostgreSQL stores them.
 */
final class PartitionMatcher {

    private static final long NANOS_PER_MICRO = 1_000;

    private PartitionMatcher() {
    }

    static Optional<RoutedPartition> match(PartitionMap map, RoutingKey key) {
        KeyPoint point = point(map, key);
        for (RoutedPartition partition : map.partitions()) {
            if (!partition.defaultPartition() && holds(partition, point)) {
                return Optional.of(partition);
            }
        }
        return map.defaultPartition();
    }

    private static boolean holds(RoutedPartition partition, KeyPoint point) {
        return (partition.lower().kind() == PartitionBound.Kind.MINVALUE || !point.isBefore(partition.lower().point()))
                && (partition.upper().kind() == PartitionBound.Kind.MAXVALUE || point.isBefore(partition.upper().point()));
    }

    /** The key's point on the map's key axis; refuses a type whose meaning PostgreSQL would take from the session's time zone. */
    private static KeyPoint point(PartitionMap map, RoutingKey key) {
        PartitionKeyType keyType = map.keyType();
        Object value = key.value();
        LocalDateTime local = switch (keyType) {
            case TIMESTAMPTZ -> null;
            case TIMESTAMP -> value instanceof LocalDate date ? date.atStartOfDay() : value instanceof LocalDateTime time ? roundToMicros(time) : null;
            case DATE -> value instanceof LocalDate date ? date.atStartOfDay()
                    : value instanceof LocalDateTime time ? roundToMicros(time).toLocalDate().atStartOfDay() : null;
            default -> null;
        };
        if (local != null) {
            return keyType.point(local, ZoneOffset.UTC);
        }
        if (keyType == PartitionKeyType.TIMESTAMPTZ) {
            Instant instant = value instanceof Instant given ? given : value instanceof OffsetDateTime offset ? offset.toInstant()
                    : value instanceof ZonedDateTime zoned ? zoned.toInstant() : null;
            if (instant != null) {
                return KeyPoint.ofInstant(roundToMicros(instant));
            }
        }
        throw new IllegalArgumentException(map.table() + " is partitioned on a " + keyType.sqlName() + " key, which a " + key
                + " cannot be placed on: give " + switch (keyType) {
                    case TIMESTAMPTZ -> "an Instant, OffsetDateTime or ZonedDateTime (a LocalDateTime has no time zone)";
                    case TIMESTAMP -> "a LocalDateTime or LocalDate (an instant would be read in the session's time zone)";
                    case DATE -> "a LocalDate or LocalDateTime";
                    default -> "a key of a type the router does not place yet";
                });
    }

    /** PostgreSQL keeps timestamps to the microsecond, rounding half up what it is given. */
    private static LocalDateTime roundToMicros(LocalDateTime local) {
        return LocalDateTime.ofInstant(roundToMicros(local.toInstant(ZoneOffset.UTC)), ZoneOffset.UTC);
    }

    private static Instant roundToMicros(Instant instant) {
        Instant truncated = instant.truncatedTo(ChronoUnit.MICROS);
        return instant.getNano() % NANOS_PER_MICRO >= NANOS_PER_MICRO / 2 ? truncated.plus(1, ChronoUnit.MICROS) : truncated;
    }
}
