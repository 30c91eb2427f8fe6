package dev.partsmith.catalog;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What one partition covers, as a partition bound: a range over the key's columns, a list of values,
 * a hash remainder, or DEFAULT. Read from the catalog ({@code pg_get_expr(relpartbound)}), recorded
 * in markers, and written by partsmith in its DDL ({@link #forValues()}), always from values, never
 * from text read back and executed.
 */
public sealed interface PartitionBounds {

    /** The bound clause: {@code FOR VALUES FROM (...) TO (...)}, {@code FOR VALUES IN (...)}, {@code FOR VALUES WITH (...)}, {@code DEFAULT}. */
    String forValues();

    /** The bounds for logs and messages: {@code [2024-03-01 00:00:00+00:00, 2024-04-01 00:00:00+00:00)}, {@code tenant1 [...)}, {@code IN (eu)}. */
    String describe();

    /**
     * {@code FOR VALUES FROM (from) TO (to)}, one value per key column.
     *
     * @param from the lower bound, inclusive
     * @param to the upper bound, exclusive
     */
    record Range(List<PartitionBound> from, List<PartitionBound> to) implements PartitionBounds {

        public Range {
            from = List.copyOf(from);
            to = List.copyOf(to);
            if (from.isEmpty() || from.size() != to.size()) {
                throw new IllegalArgumentException("a range needs as many lower as upper values, at least one: " + from + " " + to);
            }
        }

        /** The lower bound of the range's last column: the column a range level cuts into slots. */
        public PartitionBound lower() {
            return from.get(from.size() - 1);
        }

        /** The upper bound of the range's last column. */
        public PartitionBound upper() {
            return to.get(to.size() - 1);
        }

        /**
         * The values of the leading columns when the range keeps them fixed (the same value in both
         * bounds), as in {@code FROM ('tenant1', '2026-12-01') TO ('tenant1', '2026-12-02')}; {@code null}
         * when the range spans several of them. Empty for a one-column range.
         */
        public List<String> prefix() {
            for (int i = 0; i < from.size() - 1; i++) {
                if (from.get(i).kind() != PartitionBound.Kind.VALUE || !from.get(i).equals(to.get(i))) {
                    return null;
                }
            }
            return from.subList(0, from.size() - 1).stream().map(PartitionBound::text).toList();
        }

        @Override
        public String forValues() {
            return "FOR VALUES FROM (" + sql(from) + ") TO (" + sql(to) + ")";
        }

        @Override
        public String describe() {
            List<String> prefix = prefix();
            String range = "[" + lower().text() + ", " + upper().text() + ")";
            if (from.size() == 1) {
                return range;
            }
            return prefix != null ? String.join(", ", prefix) + " " + range
                    : "[(" + from.stream().map(PartitionBound::text).collect(Collectors.joining(", ")) + "), ("
                            + to.stream().map(PartitionBound::text).collect(Collectors.joining(", ")) + "))";
        }
    }

    /** {@code FOR VALUES IN (values)}. */
    record In(List<PartitionBound> values) implements PartitionBounds {

        public In {
            values = List.copyOf(values);
        }

        /** The values' texts, NULL as {@code null}. */
        public List<String> texts() {
            return values.stream().map(value -> value.kind() == PartitionBound.Kind.NULL ? null : value.text()).toList();
        }

        @Override
        public String forValues() {
            return "FOR VALUES IN (" + sql(values) + ")";
        }

        @Override
        public String describe() {
            return "IN (" + values.stream().map(PartitionBound::text).collect(Collectors.joining(", ")) + ")";
        }
    }

    /** {@code FOR VALUES WITH (MODULUS m, REMAINDER r)}. */
    record Hash(int modulus, int remainder) implements PartitionBounds {

        @Override
        public String forValues() {
            return "FOR VALUES WITH (modulus " + modulus + ", remainder " + remainder + ")";
        }

        @Override
        public String describe() {
            return "hash remainder " + remainder + " of " + modulus;
        }
    }

    /** The DEFAULT partition, which takes every row no other partition does. */
    record Default() implements PartitionBounds {

        @Override
        public String forValues() {
            return "DEFAULT";
        }

        @Override
        public String describe() {
            return "DEFAULT";
        }
    }

    /** Values as SQL: MINVALUE, MAXVALUE and NULL as keywords, any other value a {@link #literal}. */
    private static String sql(List<PartitionBound> values) {
        return values.stream().map(value -> value.kind() == PartitionBound.Kind.VALUE ? literal(value.text()) : value.kind().name())
                .collect(Collectors.joining(", "));
    }

    /**
     * A value as a string literal, its quotes doubled: what partsmith writes for every value, in
     * sessions that keep {@code standard_conforming_strings} on (so a backslash is only a backslash).
     */
    public static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
