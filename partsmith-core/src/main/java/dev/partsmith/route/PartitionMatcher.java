package dev.partsmith.route;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.partsmith.catalog.KeyPoint;
import dev.partsmith.catalog.PartitionBound;
import dev.partsmith.catalog.PartitionBounds;
import dev.partsmith.catalog.PartitionKeyType;

/**
 * Where a key lands in a partition map, as PostgreSQL routes a row ({@code get_partition_for_tuple}),
 * at each partitioned table from the top down to the table that holds the row:
 * <ul>
 * <li>RANGE: the partition whose lower bound is at or below the key and whose upper bound is above it,
 * comparing the key's values column by column as PostgreSQL compares a row with a bound
 * ({@code partition_rbound_datum_cmp}: {@code MINVALUE} is below and {@code MAXVALUE} above any value and
 * end the comparison); a NULL in any key column goes to DEFAULT;</li>
 * <li>LIST: the partition that lists the value, NULL included;</li>
 * <li>HASH: the partition whose remainder is the row's hash ({@link PartitionHash}) modulo its modulus, as
 * unsigned 64-bit numbers; NULLs take no part in the hash;</li>
 * </ul>
 * else the table's DEFAULT partition, else none. Time and integer values are compared by their point on
 * the column's axis ({@link PartitionKeyType}), times after rounding to the microsecond as PostgreSQL
 * stores them; text by its bytes (deterministic collations call only equal bytes equal), ordered only
 * in the C and POSIX collations, whose order is the bytes'; uuids by their bytes.
 */
final class PartitionMatcher {

    private static final long NANOS_PER_MICRO = 1_000;

    /** The first microsecond PostgreSQL's timestamps hold (4714-11-24 BC, Julian day 0), as a point. */
    private static final KeyPoint FIRST_TIMESTAMP = KeyPoint.ofInstant(LocalDateTime.of(-4713, 11, 24, 0, 0).toInstant(ZoneOffset.UTC));

    private static final Set<String> TEXT_TYPES = Set.of("text", "character varying");

    /** Collations whose order is the order of the bytes ({@code strcmp}, as PostgreSQL's C locale compares). */
    private static final Set<String> BYTE_ORDERED_COLLATIONS = Set.of("C", "POSIX");

    private static final Pattern DECIMAL = Pattern.compile("[+-]?[0-9]+");

    private static final Pattern UUID_TEXT = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private static final String PLACED_TYPES = "timestamp with time zone, timestamp without time zone, date, smallint, integer, bigint, text,"
            + " character varying and uuid";

    private static final String HASHED_TYPES = "smallint, integer, bigint, text, character varying and uuid";

    private PartitionMatcher() {
    }

    static Optional<RoutedPartition> match(PartitionMap map, RoutingKey key) {
        check(map, key);
        PartitionMap node = map;
        while (true) {
            Optional<RoutedPartition> chosen = choose(node, key);
            if (chosen.isEmpty() || !chosen.get().partitioned()) {
                return chosen;
            }
            node = chosen.get().subpartitions();
        }
    }

    /** A single value fits a tree split on one column; a named key names only columns the tree is split on. */
    private static void check(PartitionMap map, RoutingKey key) {
        Set<String> columns = map.columns();
        if (!key.named() && columns.size() > 1) {
            throw new IllegalArgumentException(map.table() + " is split on " + columns.size() + " columns (" + String.join(", ", columns)
                    + "), which one value cannot place: give a value for each by name, " + columns.stream()
                            .map(column -> "\"" + column + "\", …").collect(Collectors.joining(").and(", "RoutingKey.with(", ")")));
        }
        Set<String> unknown = new LinkedHashSet<>(key.values().keySet());
        unknown.removeAll(columns);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(map.table() + " is not split on " + String.join(", ", unknown) + ": its key columns are "
                    + String.join(", ", columns));
        }
    }

    /** The partition of {@code node} that holds the key, else its DEFAULT partition, else none. */
    private static Optional<RoutedPartition> choose(PartitionMap node, RoutingKey key) {
        List<KeyColumn> columns = node.key();
        Object[] values = new Object[columns.size()];
        Kind[] kinds = new Kind[columns.size()];
        for (int i = 0; i < values.length; i++) {
            kinds[i] = kind(node, columns.get(i));
            values[i] = value(node, columns.get(i), kinds[i], key);
        }
        Optional<RoutedPartition> held = switch (node.strategy()) {
            case RANGE -> range(node, kinds, values);
            case LIST -> list(node, kinds[0], values[0]);
            case HASH -> hash(node, kinds, values);
        };
        return held.isPresent() ? held : node.defaultPartition();
    }

    private static Optional<RoutedPartition> range(PartitionMap node, Kind[] kinds, Object[] values) {
        if (Arrays.stream(values).anyMatch(value -> value == null)) {
            return Optional.empty();
        }
        List<Order> undecided = new ArrayList<>();
        for (RoutedPartition partition : node.partitions()) {
            if (partition.bounds() instanceof PartitionBounds.Range range) {
                Order lower = compare(node, range.from(), kinds, values);
                Order upper = compare(node, range.to(), kinds, values);
                boolean lowerDecided = lower.undecided() == null;
                boolean upperDecided = upper.undecided() == null;
                if (lowerDecided && lower.sign() > 0 || upperDecided && upper.sign() <= 0) {
                    continue;
                }
                if (lowerDecided && upperDecided) {
                    return Optional.of(partition);
                }
                // Both undecided on the same text: the key would have to be above and below it at once.
                if (!lowerDecided && !upperDecided && lower.column() == upper.column() && lower.undecided().equals(upper.undecided())) {
                    continue;
                }
                undecided.add(lowerDecided ? upper.with(partition) : lower.with(partition));
            }
        }
        if (!undecided.isEmpty()) {
            Order order = undecided.get(0);
            KeyColumn column = node.key().get(order.column());
            throw new IllegalArgumentException(node.table() + " cannot tell whether " + order.partition().table() + " ("
                    + order.partition().boundExpression() + ") holds " + column.name() + " = '" + values[order.column()]
                    + "': that depends on how collation \"" + column.column().collation() + "\" orders '" + order.undecided().text() + "' and '"
                    + values[order.column()] + "', which the router does not reproduce (it orders text in the C and POSIX collations only)");
        }
        return Optional.empty();
    }

    /**
     * A bound compared with the key as PostgreSQL compares them: the sign of bound minus key, decided by
     * the first column that differs or by a {@code MINVALUE} or {@code MAXVALUE}; undecided when that
     * column is text whose order is its collation's.
     */
    private static Order compare(PartitionMap node, List<PartitionBound> bound, Kind[] kinds, Object[] values) {
        for (int i = 0; i < values.length; i++) {
            PartitionBound value = bound.get(i);
            if (value.kind() == PartitionBound.Kind.MINVALUE) {
                return new Order(-1, i, null, null);
            }
            if (value.kind() == PartitionBound.Kind.MAXVALUE) {
                return new Order(1, i, null, null);
            }
            int sign;
            switch (kinds[i]) {
                case POINT -> sign = Long.compare(value.point().value(), (Long) values[i]);
                case UUID -> sign = compareUuids(UUID.fromString(value.text()), (UUID) values[i]);
                default -> {
                    if (value.text().equals(values[i])) {
                        sign = 0;
                    }
                    else if (BYTE_ORDERED_COLLATIONS.contains(node.key().get(i).column().collation())) {
                        sign = Arrays.compareUnsigned(value.text().getBytes(StandardCharsets.UTF_8), ((String) values[i]).getBytes(StandardCharsets.UTF_8));
                    }
                    else {
                        return new Order(0, i, value, null);
                    }
                }
            }
            if (sign != 0) {
                return new Order(sign, i, null, null);
            }
        }
        return new Order(0, values.length, null, null);
    }

    private static Optional<RoutedPartition> list(PartitionMap node, Kind kind, Object value) {
        for (RoutedPartition partition : node.partitions()) {
            if (partition.bounds() instanceof PartitionBounds.In in) {
                for (PartitionBound listed : in.values()) {
                    if (value == null ? listed.kind() == PartitionBound.Kind.NULL : listed.kind() == PartitionBound.Kind.VALUE && switch (kind) {
                        case POINT -> listed.point().value() == (Long) value;
                        case UUID -> UUID.fromString(listed.text()).equals(value);
                        case TEXT -> listed.text().equals(value);
                    }) {
                        return Optional.of(partition);
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<RoutedPartition> hash(PartitionMap node, Kind[] kinds, Object[] values) {
        long rowHash = 0;
        for (int i = 0; i < values.length; i++) {
            KeyColumn column = node.key().get(i);
            if (kinds[i] == Kind.POINT && column.rangeType().time() && column.epoch() == null) {
                throw refused(node, column, "whose values the router does not hash: it hashes " + HASHED_TYPES + " keys");
            }
            if (kinds[i] != Kind.POINT && !node.byteLayout().littleEndian()) {
                throw refused(node, column, "which the server hashes big-endian; the router hashes text and uuid keys as little-endian"
                        + " servers (x86-64, ARM) do");
            }
            if (values[i] != null) {
                rowHash = PartitionHash.combine(rowHash, switch (kinds[i]) {
                    case POINT -> column.rangeType() == PartitionKeyType.SMALLINT || column.rangeType() == PartitionKeyType.INTEGER
                            ? PartitionHash.hashUint32((int) (long) (Long) values[i], PartitionHash.SEED)
                            : PartitionHash.hashInt8((Long) values[i], PartitionHash.SEED);
                    case TEXT -> PartitionHash.hashBytes(((String) values[i]).getBytes(StandardCharsets.UTF_8), PartitionHash.SEED);
                    case UUID -> PartitionHash.hashBytes(uuidBytes((UUID) values[i]), PartitionHash.SEED);
                });
            }
        }
        for (RoutedPartition partition : node.partitions()) {
            if (partition.bounds() instanceof PartitionBounds.Hash hash && Long.remainderUnsigned(rowHash, hash.modulus()) == hash.remainder()) {
                return Optional.of(partition);
            }
        }
        return Optional.empty();
    }

    /** How values of a key column are compared: by point, by text, as uuids; refuses a column the router cannot place keys on. */
    private static Kind kind(PartitionMap node, KeyColumn column) {
        if (column.name() == null) {
            throw new IllegalArgumentException(node.table() + " is partitioned on an expression, which the router does not evaluate");
        }
        if (!column.column().defaultOperatorClass()) {
            throw refused(node, column, "with an operator class other than its type's default; the router compares and hashes values as"
                    + " the default does");
        }
        if (column.rangeType() != null) {
            return Kind.POINT;
        }
        if (TEXT_TYPES.contains(column.sqlType())) {
            if (!column.column().deterministic()) {
                throw refused(node, column, "with the nondeterministic collation \"" + column.column().collation() + "\"; the router compares"
                        + " text by its bytes, as deterministic collations do");
            }
            if (!"UTF8".equals(node.byteLayout().encoding())) {
                throw refused(node, column, "in a database encoded in " + node.byteLayout().encoding() + "; the router places text keys of"
                        + " UTF8 databases");
            }
            return Kind.TEXT;
        }
        if ("uuid".equals(column.sqlType())) {
            return Kind.UUID;
        }
        throw refused(node, column, "which the router does not place keys on: it places keys of " + PLACED_TYPES + " columns");
    }

    /** The key's value for the column, as the column holds it: a point, a String or a UUID; {@code null} for NULL. */
    private static Object value(PartitionMap node, KeyColumn column, Kind kind, RoutingKey key) {
        Object given;
        if (!key.named()) {
            given = key.value();
        }
        else if (key.values().containsKey(column.name())) {
            given = key.values().get(column.name());
        }
        else {
            throw new IllegalArgumentException(node.table() + " is partitioned by " + node.strategy() + " (" + node.key().stream()
                    .map(KeyColumn::name).collect(Collectors.joining(", ")) + "): the key " + key + " has no value for " + column.name());
        }
        if (given == null) {
            return null;
        }
        Object value = switch (kind) {
            case POINT -> point(node, column, given);
            case TEXT -> given instanceof String text ? text(node, column, text) : null;
            case UUID -> given instanceof UUID uuid ? uuid : given instanceof String text && UUID_TEXT.matcher(text).matches() ? UUID.fromString(text) : null;
        };
        if (value == null) {
            throw new IllegalArgumentException(node.table() + " is partitioned on " + column.describe() + ", which a " + RoutingKey.describe(given)
                    + " cannot be placed on: give " + accepted(column, kind));
        }
        return value;
    }

    /** The point of a time or integer value on the column's axis; {@code null} when the value is not of a type the column takes. */
    private static Long point(PartitionMap node, KeyColumn column, Object given) {
        PartitionKeyType type = column.rangeType();
        return switch (type) {
            case TIMESTAMPTZ -> {
                Instant instant = instant(given);
                yield instant == null ? null : time(node, column, given, KeyPoint.ofInstant(roundToMicros(instant)));
            }
            case TIMESTAMP, DATE -> {
                LocalDateTime local = given instanceof LocalDate date ? date.atStartOfDay()
                        : given instanceof LocalDateTime time ? roundToMicros(time) : null;
                if (local != null && type == PartitionKeyType.DATE) {
                    local = local.toLocalDate().atStartOfDay();
                }
                yield local == null ? null : time(node, column, given, type.point(local, ZoneOffset.UTC));
            }
            case EPOCH_SECONDS, EPOCH_MILLISECONDS -> {
                Instant instant = instant(given);
                if (instant == null) {
                    yield integer(node, column, given);
                }
                try {
                    yield type == PartitionKeyType.EPOCH_SECONDS ? instant.getEpochSecond() : instant.toEpochMilli();
                }
                catch (ArithmeticException ex) {
                    throw outOfRange(node, column, given);
                }
            }
            default -> integer(node, column, given);
        };
    }

    /**
     * A time's point, refused before PostgreSQL's first timestamp and where the axis ends (early in 294247 AD,
     * where microseconds since 1970 pass a {@code long}; {@link KeyPoint#MAX} stands for {@code infinity}).
     */
    private static long time(PartitionMap node, KeyColumn column, Object given, KeyPoint point) {
        if (point.isBefore(FIRST_TIMESTAMP) || point.equals(KeyPoint.MAX)) {
            throw new IllegalArgumentException(node.table() + " is partitioned on " + column.describe() + "; " + RoutingKey.describe(given)
                    + " is outside the times the router places, 4713 BC to 294246 AD");
        }
        return point.value();
    }

    /** An integer value within the column's type; {@code null} when the value is no integer. */
    private static Long integer(PartitionMap node, KeyColumn column, Object given) {
        BigInteger value = given instanceof Long || given instanceof Integer || given instanceof Short ? BigInteger.valueOf(((Number) given).longValue())
                : given instanceof BigInteger big ? big : given instanceof String text && DECIMAL.matcher(text).matches() ? new BigInteger(text) : null;
        if (value == null) {
            return null;
        }
        KeyPoint[] range = column.rangeType().integerRange();
        if (value.compareTo(BigInteger.valueOf(range[0].value())) < 0 || value.compareTo(BigInteger.valueOf(range[1].value())) > 0) {
            throw outOfRange(node, column, given);
        }
        return value.longValue();
    }

    private static IllegalArgumentException outOfRange(PartitionMap node, KeyColumn column, Object given) {
        KeyPoint[] range = column.rangeType().integerRange();
        return new IllegalArgumentException(node.table() + " is partitioned on " + column.describe() + ", which holds " + range[0].value() + " to "
                + range[1].value() + ", not " + RoutingKey.describe(given));
    }

    /** A String as PostgreSQL's text holds it: no NUL character, and valid Unicode (no lone surrogate). */
    private static String text(PartitionMap node, KeyColumn column, String text) {
        if (text.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(node.table() + " is partitioned on " + column.describe() + ", which cannot hold "
                    + RoutingKey.describe(text.replace("\0", "\\0")) + ": PostgreSQL's text has no NUL character");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(++i)))) {
                throw new IllegalArgumentException(node.table() + " is partitioned on " + column.describe() + ", which cannot hold "
                        + RoutingKey.describe(text) + ": it is not valid Unicode (a lone surrogate)");
            }
        }
        return text;
    }

    private static String accepted(KeyColumn column, Kind kind) {
        return switch (kind) {
            case TEXT -> "a String";
            case UUID -> "a UUID, or a String in its 8-4-4-4-12 hex form";
            case POINT -> switch (column.rangeType()) {
                case TIMESTAMPTZ -> "an Instant, OffsetDateTime or ZonedDateTime (a LocalDateTime has no time zone)";
                case TIMESTAMP -> "a LocalDateTime or LocalDate (an instant would be read in the session's time zone)";
                case DATE -> "a LocalDate or LocalDateTime";
                case EPOCH_SECONDS, EPOCH_MILLISECONDS -> "an Instant, OffsetDateTime or ZonedDateTime, or the number itself (a Long, Integer,"
                        + " Short or BigInteger, or a String of decimal digits)";
                default -> "a Long, Integer, Short or BigInteger, or a String of decimal digits";
            };
        };
    }

    private static IllegalArgumentException refused(PartitionMap node, KeyColumn column, String why) {
        return new IllegalArgumentException(node.table() + " is partitioned on " + column.describe() + ", " + why);
    }

    private static Instant instant(Object value) {
        return value instanceof Instant instant ? instant : value instanceof OffsetDateTime offset ? offset.toInstant()
                : value instanceof ZonedDateTime zoned ? zoned.toInstant() : null;
    }

    /** PostgreSQL keeps timestamps to the microsecond, rounding half up what it is given. */
    private static LocalDateTime roundToMicros(LocalDateTime local) {
        return LocalDateTime.ofInstant(roundToMicros(local.toInstant(ZoneOffset.UTC)), ZoneOffset.UTC);
    }

    private static Instant roundToMicros(Instant instant) {
        Instant truncated = instant.truncatedTo(ChronoUnit.MICROS);
        return instant.getNano() % NANOS_PER_MICRO >= NANOS_PER_MICRO / 2 ? truncated.plus(1, ChronoUnit.MICROS) : truncated;
    }

    /** As PostgreSQL's {@code uuid_cmp}: the 16 bytes compared unsigned. */
    private static int compareUuids(UUID a, UUID b) {
        int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return high != 0 ? high : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }

    /** The 16 bytes PostgreSQL stores a uuid as, in the order its text shows them. */
    private static byte[] uuidBytes(UUID uuid) {
        return ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits()).array();
    }

    /** How a key column's values are compared. */
    private enum Kind {
        /** Times and integers, by their point on the column's axis. */
        POINT,
        /** Text, by its bytes. */
        TEXT,
        /** uuids, by their bytes. */
        UUID
    }

    /**
     * A bound compared with a key: the sign of bound minus key, decided at {@code column}; or undecided
     * there, by the text bound value {@code undecided}.
     */
    private record Order(int sign, int column, PartitionBound undecided, RoutedPartition partition) {

        Order with(RoutedPartition partition) {
            return new Order(sign, column, undecided, partition);
        }
    }
}
