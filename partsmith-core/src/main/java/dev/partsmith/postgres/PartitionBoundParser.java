package dev.partsmith.postgres;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.partsmith.catalog.KeyPoint;
import dev.partsmith.catalog.PartitionBound;
import dev.partsmith.catalog.PartitionBounds;
import dev.partsmith.catalog.PartitionKey;
import dev.partsmith.catalog.PartitionKeyType;

/**
 * Reads {@code pg_get_expr(relpartbound, 0)} as printed in a session with {@code TimeZone = 'UTC'} and
 * {@code DateStyle = 'ISO'}, for a table partitioned by {@code key}: {@code FOR VALUES FROM ('t1',
 * '2024-01-01 00:00:00+00') TO ('t1', MAXVALUE)}, {@code FOR VALUES IN ('eu', NULL)},
 * {@code FOR VALUES WITH (modulus 8, remainder 3)} or {@code DEFAULT}. Values of time and integer key
 * columns get their point on the key's axis; values of other types keep their text only.
 */
final class PartitionBoundParser {

    private static final Pattern HASH = Pattern.compile("FOR VALUES WITH \\(modulus (\\d+), remainder (\\d+)\\)");

    private static final Pattern DATE_TIME = Pattern.compile(
            "(\\d{4,})-(\\d{2})-(\\d{2})(?: (\\d{2}):(\\d{2}):(\\d{2})(\\.\\d{1,9})?)?([+-]\\d{2}(?::?\\d{2}){0,2})?");

    private final String expression;
    private int position;

    private PartitionBoundParser(String expression) {
        this.expression = expression.trim();
    }

    /**
     * The bounds of a partition of a table partitioned by {@code key}.
     *
     * @throws IllegalArgumentException when the expression is not one PostgreSQL prints for such a key
     */
    static PartitionBounds parse(String expression, PartitionKey key) {
        return new PartitionBoundParser(expression).bounds(key);
    }

    private PartitionBounds bounds(PartitionKey key) {
        if (expression.equals("DEFAULT")) {
            return new PartitionBounds.Default();
        }
        Matcher hash = HASH.matcher(expression);
        if (hash.matches()) {
            return new PartitionBounds.Hash(Integer.parseInt(hash.group(1)), Integer.parseInt(hash.group(2)));
        }
        if (expression.startsWith("FOR VALUES IN (")) {
            position = "FOR VALUES IN (".length();
            List<PartitionBound> values = new ArrayList<>();
            do {
                values.add(value(key.columns().get(0).rangeType()));
            }
            while (comma());
            expect(")");
            end();
            return new PartitionBounds.In(values);
        }
        if (expression.startsWith("FOR VALUES FROM (")) {
            position = "FOR VALUES FROM (".length();
            List<PartitionBound> from = values(key);
            expect(" TO (");
            List<PartitionBound> to = values(key);
            end();
            return new PartitionBounds.Range(from, to);
        }
        throw new IllegalArgumentException("not a partition bound: " + expression);
    }

    /** One value per key column, then the closing parenthesis. */
    private List<PartitionBound> values(PartitionKey key) {
        List<PartitionBound> values = new ArrayList<>();
        do {
            if (values.size() == key.columns().size()) {
                throw new IllegalArgumentException("more values than the key's " + key.columns().size() + " columns: " + expression);
            }
            values.add(value(key.columns().get(values.size()).rangeType()));
        }
        while (comma());
        if (values.size() != key.columns().size()) {
            throw new IllegalArgumentException("fewer values than the key's " + key.columns().size() + " columns: " + expression);
        }
        expect(")");
        return values;
    }

    private PartitionBound value(PartitionKeyType type) {
        if (expression.startsWith("'", position)) {
            StringBuilder text = new StringBuilder();
            position++;
            while (true) {
                int quote = expression.indexOf('\'', position);
                if (quote < 0) {
                    throw new IllegalArgumentException("unterminated literal in " + expression);
                }
                text.append(expression, position, quote);
                position = quote + 1;
                if (expression.startsWith("'", position)) {
                    text.append('\'');
                    position++;
                }
                else {
                    break;
                }
            }
            return PartitionBound.value(type == null ? null : point(text.toString(), type), text.toString());
        }
        int end = position;
        while (end < expression.length() && ",)".indexOf(expression.charAt(end)) < 0) {
            end++;
        }
        String word = expression.substring(position, end);
        position = end;
        return switch (word) {
            case "MINVALUE" -> PartitionBound.minValue();
            case "MAXVALUE" -> PartitionBound.maxValue();
            case "NULL" -> PartitionBound.nullValue();
            default -> PartitionBound.value(type == null ? null : point(word, type), word);
        };
    }

    private boolean comma() {
        if (expression.startsWith(", ", position)) {
            position += 2;
            return true;
        }
        return false;
    }

    private void expect(String text) {
        if (!expression.startsWith(text, position)) {
            throw new IllegalArgumentException("expected \"" + text + "\" at " + position + " in " + expression);
        }
        position += text.length();
    }

    private void end() {
        if (position != expression.length()) {
            throw new IllegalArgumentException("unexpected \"" + expression.substring(position) + "\" in " + expression);
        }
    }

    /** The point of a value of a time or integer key as PostgreSQL prints it. */
    static KeyPoint point(String text, PartitionKeyType type) {
        if (!type.time() || type == PartitionKeyType.EPOCH_SECONDS || type == PartitionKeyType.EPOCH_MILLISECONDS) {
            try {
                return new KeyPoint(Long.parseLong(text));
            }
            catch (NumberFormatException ex) {
                throw new IllegalArgumentException("unexpected " + type.sqlName() + " bound '" + text + "'", ex);
            }
        }
        if (text.equals("infinity")) {
            return KeyPoint.MAX;
        }
        if (text.equals("-infinity")) {
            return KeyPoint.MIN;
        }
        Matcher matcher = DATE_TIME.matcher(text);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("unexpected " + type.sqlName() + " bound '" + text + "'");
        }
        LocalDate date = LocalDate.of(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)), Integer.parseInt(matcher.group(3)));
        LocalTime time = LocalTime.MIDNIGHT;
        if (matcher.group(4) != null) {
            int nanos = matcher.group(7) == null ? 0 : Integer.parseInt((matcher.group(7).substring(1) + "000000000").substring(0, 9));
            time = LocalTime.of(Integer.parseInt(matcher.group(4)), Integer.parseInt(matcher.group(5)), Integer.parseInt(matcher.group(6)), nanos);
        }
        LocalDateTime local = LocalDateTime.of(date, time);
        ZoneOffset offset = matcher.group(8) == null ? ZoneOffset.UTC : offset(matcher.group(8));
        Instant instant = type == PartitionKeyType.TIMESTAMPTZ ? local.toInstant(offset) : local.toInstant(ZoneOffset.UTC);
        return KeyPoint.ofInstant(instant);
    }

    private static ZoneOffset offset(String text) {
        String digits = text.substring(1).replace(":", "");
        int hours = Integer.parseInt(digits.substring(0, 2));
        int minutes = digits.length() >= 4 ? Integer.parseInt(digits.substring(2, 4)) : 0;
        int seconds = digits.length() >= 6 ? Integer.parseInt(digits.substring(4, 6)) : 0;
        int sign = text.charAt(0) == '-' ? -1 : 1;
        return ZoneOffset.ofHoursMinutesSeconds(sign * hours, sign * minutes, sign * seconds);
    }
}
