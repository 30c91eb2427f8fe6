package dev.partsmith.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.partsmith.InvalidPartitionConfigException.Violation;

/**
 * One partition per value of a column ({@code PARTITION BY LIST}): regions, tenants. A value's
 * partition is named after it when the value is a plain word ({@code events__eu}), else after a
 * cleaned-up form of it and a hash of the value ({@code events__o_brien_3f2a1c9d}), so that any value,
 * quotes and all, gets a valid name of bounded length. A partition whose value is no longer listed is
 * retired (marker, grace) once it is empty, or at once when {@code retireWithRows} says so.
 *
 * @param column the column
 * @param values the values kept, each with the counts it may set for the range level below
 * @param retireWithRows whether a removed value's partition is retired even while it holds rows
 */
public record ListLevel(String column, List<ListValue> values, boolean retireWithRows) implements PartitionLevel {

    /** Values used as they are in names: lower-case letters, digits and underscores, up to this many. */
    private static final int PLAIN_NAME_BYTES = 20;

    private static final Pattern PLAIN = Pattern.compile("[a-z0-9_]{1," + PLAIN_NAME_BYTES + "}");

    private static final int CLEANED_BYTES = 12;

    public ListLevel {
        values = List.copyOf(values);
    }

    /** A level keeping {@code values}, retiring a removed value's partition once it is empty. */
    public static ListLevel of(String column, List<String> values) {
        return new ListLevel(column, values.stream().map(ListValue::of).toList(), false);
    }

    /** The values' texts, in order. */
    public List<String> valueTexts() {
        return values.stream().map(ListValue::value).toList();
    }

    /** This level keeping other values. */
    public ListLevel withValues(List<ListValue> values) {
        return new ListLevel(column, values, retireWithRows);
    }

    @Override
    public PartitionType type() {
        return PartitionType.LIST;
    }

    @Override
    public PartitionStrategy strategy() {
        return PartitionStrategy.VALUE_BASED;
    }

    @Override
    public String describe() {
        return "values of " + column;
    }

    /** The name of the partition of {@code value} under a table named {@code parentName}. */
    public static String childName(String parentName, String value) {
        return parentName + "__" + nameOf(value);
    }

    /** What a value contributes to a name: the value itself when plain, else a cleaned-up form and a hash. */
    static String nameOf(String value) {
        if (PLAIN.matcher(value).matches()) {
            return value;
        }
        String cleaned = value.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
        if (cleaned.length() > CLEANED_BYTES) {
            cleaned = cleaned.substring(0, CLEANED_BYTES);
        }
        return (cleaned.isEmpty() ? "v" : cleaned) + "_" + hash(value);
    }

    private static String hash(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", ex);
        }
    }

    @Override
    public String longestChildName(String parentName) {
        return PartitionLevel.longestInBytes(Stream.concat(Stream.of(parentName + "__" + "x".repeat(PLAIN_NAME_BYTES + 1)),
                values.stream().map(value -> childName(parentName, value.value()))));
    }

    @Override
    public void check(String field, List<Violation> violations) {
        TablePartitionConfig.identifier(violations, field + "partitionColumn", column);
        if (values.isEmpty()) {
            violations.add(new Violation(field + "listValues", null, "must list at least one value"));
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < values.size(); i++) {
            ListValue value = values.get(i);
            String at = field + "listValues[" + i + "]";
            if (value.value().indexOf('\0') >= 0) {
                violations.add(new Violation(at, value.value().replace("\0", "\\0"), "must not contain a NUL character"));
            }
            else if (!seen.add(value.value())) {
                violations.add(new Violation(at, value.value(), "is listed twice"));
            }
            if (value.createAhead() != null || value.retention() != null) {
                RangeLevel.checkCounts(at + ".", "slot", value.createAhead() == null ? 1 : value.createAhead(), value.retention(), violations);
            }
        }
    }
}
