package dev.partsmith.config;

import java.util.List;
import java.util.Optional;

import dev.partsmith.InvalidPartitionConfigException.Violation;

/**
 * Fixed intervals of an integer key ({@code smallint}, {@code integer}, {@code bigint}, an identity
 * {@code id} for one), aligned on {@code start}: {@code [start + k * interval, start + (k + 1) * interval)}.
 * The current interval is the one holding the highest key in use (the key's sequence, else
 * {@code max(key)} read through an index); an empty table starts at {@code start}. Partitions are
 * named by their lower bound: {@code orders__p3000000} ({@code orders__m1000} below zero).
 *
 * @param column the integer column
 * @param interval the keys one partition holds; at least 1
 * @param start where the intervals are aligned, and where an empty table starts
 * @param createAhead intervals kept ready, counting the current one
 * @param retention intervals kept attached, counting the current one; {@code null} keeps every partition
 */
public record IntegerLevel(String column, long interval, long start, int createAhead, Integer retention) implements RangeLevel {

    public static IntegerLevel of(String column, long interval, long start, int createAhead, Integer retention) {
        return new IntegerLevel(column, interval, start, createAhead, retention);
    }

    @Override
    public Optional<Integer> retentionCount() {
        return Optional.ofNullable(retention);
    }

    @Override
    public IntegerLevel withCounts(int createAhead, Integer retention) {
        return new IntegerLevel(column, interval, start, createAhead, retention);
    }

    @Override
    public PartitionStrategy strategy() {
        return PartitionStrategy.ID_BASED;
    }

    @Override
    public String describe() {
        return "intervals of " + interval + " of " + column;
    }

    /** The name of the partition starting at {@code lower} under a table named {@code parentName}. */
    public static String childName(String parentName, long lower) {
        return parentName + "__" + (lower < 0 ? "m" + Long.toString(lower).substring(1) : "p" + lower);
    }

    @Override
    public String longestChildName(String parentName) {
        return childName(parentName, Long.MIN_VALUE);
    }

    @Override
    public void check(String field, List<Violation> violations) {
        TablePartitionConfig.identifier(violations, field + "partitionColumn", column);
        if (interval < 1) {
            violations.add(new Violation(field + "interval", String.valueOf(interval), "must be at least 1"));
        }
        RangeLevel.checkCounts(field, "interval", createAhead, retention, violations);
    }
}
