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

import dev.partsmith.catalog.PartitionBound;
import dev.partsmith.catalog.PartitionKeyType;

/**
 * Reads {@code pg_get_expr(relpartbound, oid)} of a single-column range partition, as printed in a
 * session with {@code TimeZone = 'UTC'} and {@code DateStyle = 'ISO'}:
 * {@code FOR VALUES FROM ('2024-01-01 00:00:00+00') TO (MAXVALUE)} or {@code DEFAULT}.
 */
final class PartitionBoundParser {

    private static final Pattern RANGE = Pattern.compile("FOR VALUES FROM \\((.+)\\) TO \\((.+)\\)", Pattern.DOTALL);

    private static final Pattern DATE_TIME = Pattern.compile(
            "(\\d{4,})-(\\d{2})-(\\d{2})(?: (\\d{2}):(\\d{2}):(\\d{2})(\\.\\d{1,9})?)?([+-]\\d{2}(?::?\\d{2}){0,2})?");

    private PartitionBoundParser() {
    }

    /** Lower and upper bound of a range partition's expression. */
    static List<PartitionBound> parseRange(String expression, PartitionKeyType keyType) {
        Matcher matcher = RANGE.matcher(expression.trim());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a single-column range bound: " + expression);
        }
        List<PartitionBound> bounds = new ArrayList<>(2);
        bounds.add(parseValue(matcher.group(1).trim(), keyType));
        bounds.add(parseValue(matcher.group(2).trim(), keyType));
        return bounds;
    }

    static boolean isDefault(String expression) {
        return "DEFAULT".equals(expression.trim());
    }

    private static PartitionBound parseValue(String token, PartitionKeyType keyType) {
        if (token.equals("MINVALUE")) {
            return PartitionBound.minValue();
        }
        if (token.equals("MAXVALUE")) {
            return PartitionBound.maxValue();
        }
        if (token.length() < 2 || token.charAt(0) != '\'' || token.charAt(token.length() - 1) != '\'') {
            throw new IllegalArgumentException("unexpected bound value " + token);
        }
        String text = token.substring(1, token.length() - 1);
        if (text.equals("infinity")) {
            return PartitionBound.value(Instant.MAX, text);
        }
        if (text.equals("-infinity")) {
            return PartitionBound.value(Instant.MIN, text);
        }
        Matcher matcher = DATE_TIME.matcher(text);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("unexpected " + keyType.sqlName() + " bound '" + text + "'");
        }
        LocalDate date = LocalDate.of(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)), Integer.parseInt(matcher.group(3)));
        LocalTime time = LocalTime.MIDNIGHT;
        if (matcher.group(4) != null) {
            int nanos = matcher.group(7) == null ? 0 : Integer.parseInt((matcher.group(7).substring(1) + "000000000").substring(0, 9));
            time = LocalTime.of(Integer.parseInt(matcher.group(4)), Integer.parseInt(matcher.group(5)), Integer.parseInt(matcher.group(6)), nanos);
        }
        LocalDateTime local = LocalDateTime.of(date, time);
        ZoneOffset offset = matcher.group(8) == null ? ZoneOffset.UTC : offset(matcher.group(8));
        Instant point = keyType == PartitionKeyType.TIMESTAMPTZ ? local.toInstant(offset) : local.toInstant(ZoneOffset.UTC);
        return PartitionBound.value(point, text);
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
