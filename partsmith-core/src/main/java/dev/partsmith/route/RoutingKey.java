package dev.partsmith.route;

import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The partition key values of a row, as the application holds them, for a {@link PartitionRouter} to
 * place: one value for a table whose levels all split on one column ({@code RoutingKey.of(Instant)}), or
 * one value per key column, by the column's name, for a table split on several
 * ({@code RoutingKey.with("created_at", instant).and("user_id", 42L)}).
 *
 * <p>A value is an {@link Instant}, {@link OffsetDateTime}, {@link ZonedDateTime}, {@link LocalDateTime},
 * {@link LocalDate}, {@link Long}, {@link Integer}, {@link Short}, {@link BigInteger}, {@link String} or
 * {@link UUID}; by column, {@code null} too, for SQL's NULL. Whether a value fits its column (its type and
 * its range) is judged when the key is resolved, against the column's type: a {@code timestamptz} takes
 * an instant, a {@code timestamp} a local date-time, a {@code date} a date, an integer column an integer
 * or a String of decimal digits, a {@code bigint} of epoch seconds or milliseconds an instant or the
 * number, a {@code text} or {@code varchar} column a String, a {@code uuid} a UUID or its text. Immutable.
 */
public final class RoutingKey {

    private final Object value;
    private final Map<String, Object> values;

    private RoutingKey(Object value, Map<String, Object> values) {
        this.value = value;
        this.values = values;
    }

    /** The key of a {@code timestamp with time zone} column, or of a {@code bigint} of epoch seconds or milliseconds. */
    public static RoutingKey of(Instant value) {
        return single(value);
    }

    /** The key of a {@code timestamp with time zone} column, or of a {@code bigint} of epoch seconds or milliseconds. */
    public static RoutingKey of(OffsetDateTime value) {
        return single(value);
    }

    /** The key of a {@code timestamp with time zone} column, or of a {@code bigint} of epoch seconds or milliseconds. */
    public static RoutingKey of(ZonedDateTime value) {
        return single(value);
    }

    /** The key of a {@code timestamp without time zone} column, or of a {@code date} column (its date). */
    public static RoutingKey of(LocalDateTime value) {
        return single(value);
    }

    /** The key of a {@code date} column, or of a {@code timestamp without time zone} column (its midnight). */
    public static RoutingKey of(LocalDate value) {
        return single(value);
    }

    /** The key of a {@code smallint}, {@code integer} or {@code bigint} column (an {@code int} or {@code short} widens to it). */
    public static RoutingKey of(long value) {
        return single(value);
    }

    /** The key of an integer column, beyond a {@code long} only to be refused as out of range. */
    public static RoutingKey of(BigInteger value) {
        return single(value);
    }

    /** The key of a {@code text} or {@code varchar} column; the text of an integer or a {@code uuid}. */
    public static RoutingKey of(String value) {
        return single(value);
    }

    /** The key of a {@code uuid} column. */
    public static RoutingKey of(UUID value) {
        return single(value);
    }

    /**
     * A key of values by column name (as PostgreSQL spells the column). A map that permits {@code null}
     * values gives NULL for those columns.
     *
     * @throws IllegalArgumentException when the map is empty, or holds a value of a type a key does not take
     */
    public static RoutingKey of(Map<String, ?> values) {
        Objects.requireNonNull(values, "values");
        if (values.isEmpty()) {
            throw new IllegalArgumentException("a routing key needs a value for at least one column");
        }
        Map<String, Object> checked = new LinkedHashMap<>();
        values.forEach((column, value) -> checked.put(column(column), accepted(value)));
        return new RoutingKey(null, Collections.unmodifiableMap(checked));
    }

    /**
     * A key whose first column is {@code column}; add the others with {@link #and(String, Object)}.
     *
     * @param value the column's value; {@code null} for NULL
     * @throws IllegalArgumentException when the value is of a type a key does not take
     */
    public static RoutingKey with(String column, Object value) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put(column(column), accepted(value));
        return new RoutingKey(null, Collections.unmodifiableMap(values));
    }

    /**
     * This key with a value for one more column.
     *
     * @param value the column's value; {@code null} for NULL
     * @throws IllegalArgumentException when this key is a single value, already has the column, or the value
     *         is of a type a key does not take
     */
    public RoutingKey and(String column, Object value) {
        if (!named()) {
            throw new IllegalArgumentException("the routing key " + this + " is one value for a table split on one column;"
                    + " give every value by column: RoutingKey.with(column, value).and(column, value)");
        }
        if (values.containsKey(column)) {
            throw new IllegalArgumentException("the routing key " + this + " already has a value for column " + column);
        }
        Map<String, Object> more = new LinkedHashMap<>(values);
        more.put(column(column), accepted(value));
        return new RoutingKey(null, Collections.unmodifiableMap(more));
    }

    /** Whether the key gives its values by column; else it is one value for a table split on one column. */
    public boolean named() {
        return values != null;
    }

    /** The single value of a key that is not {@link #named()}; {@code null} for a named key. */
    public Object value() {
        return value;
    }

    /** The values by column of a {@link #named()} key, in the order given (a value may be {@code null}); empty for a single value. */
    public Map<String, Object> values() {
        return named() ? values : Map.of();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RoutingKey key && Objects.equals(value, key.value) && Objects.equals(values, key.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value, values);
    }

    /** {@code Instant 2024-03-01T00:00:00Z}; {@code created_at = Instant 2024-03-01T00:00:00Z, user_id = Long 42}. */
    @Override
    public String toString() {
        return named() ? values.entrySet().stream().map(entry -> entry.getKey() + " = " + describe(entry.getValue()))
                .collect(Collectors.joining(", ")) : describe(value);
    }

    /** A value with its type, as messages name it: {@code Long 42}, {@code NULL}. */
    static String describe(Object value) {
        return value == null ? "NULL" : value.getClass().getSimpleName() + " " + value;
    }

    private static RoutingKey single(Object value) {
        return new RoutingKey(Objects.requireNonNull(accepted(value), "value"), null);
    }

    private static String column(String column) {
        if (column == null || column.isEmpty()) {
            throw new IllegalArgumentException("a routing key's column needs a name, not " + (column == null ? "null" : "an empty one"));
        }
        return column;
    }

    private static Object accepted(Object value) {
        if (value == null || value instanceof Instant || value instanceof OffsetDateTime || value instanceof ZonedDateTime
                || value instanceof LocalDateTime || value instanceof LocalDate || value instanceof Long || value instanceof Integer
                || value instanceof Short || value instanceof BigInteger || value instanceof String || value instanceof UUID) {
            return value;
        }
        throw new IllegalArgumentException("a routing key's value is an Instant, OffsetDateTime, ZonedDateTime, LocalDateTime, LocalDate, Long,"
                + " Integer, Short, BigInteger, String or UUID, not a " + value.getClass().getName() + " (" + value + ")");
    }
}
