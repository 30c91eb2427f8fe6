package dev.partsmith.cli;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One row of pg_partman's {@code part_config}, or of {@code part_config_sub} with the {@code sub_} prefix of its columns
 * taken off, so that a level reads alike from either. The columns are whatever the installed version has (4.x and 5.x
 * differ): a column the version lacks reads as {@code null}.
 *
 * @param values the row's values by column name
 */
record PartmanRow(Map<String, Object> values) {

    PartmanRow {
        values = Map.copyOf(values.entrySet().stream().filter(entry -> entry.getValue() != null)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    }

    /** The row of {@code part_config_sub} as a level's row: {@code sub_control} read as {@code control}, and so on. */
    static PartmanRow ofSub(Map<String, Object> row) {
        Map<String, Object> level = new HashMap<>();
        row.forEach((column, value) -> level.put(column.startsWith("sub_") ? column.substring("sub_".length()) : column, value));
        return new PartmanRow(level);
    }

    /** Whether the row has a value in {@code column}. */
    boolean has(String column) {
        return values.containsKey(column);
    }

    String text(String column) {
        Object value = values.get(column);
        return value == null ? null : value.toString();
    }

    Integer integer(String column) {
        Object value = values.get(column);
        return value == null ? null : ((Number) value).intValue();
    }

    /** A boolean column; {@code fallback} when the version has no such column. */
    boolean flag(String column, boolean fallback) {
        Object value = values.get(column);
        return value == null ? fallback : (Boolean) value;
    }

    /** A text array column (read as an array of Java objects); empty when null or absent. */
    List<String> texts(String column) {
        Object value = values.get(column);
        return value == null ? List.of() : Arrays.stream((Object[]) value).map(String::valueOf).toList();
    }

    /** A text column in lower case, {@code fallback} when null or absent. */
    String keyword(String column, String fallback) {
        String value = text(column);
        return value == null ? fallback : value.trim().toLowerCase(Locale.ROOT);
    }
}
