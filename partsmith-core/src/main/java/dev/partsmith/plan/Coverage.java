package dev.partsmith.plan;

import java.util.List;

import dev.partsmith.catalog.KeyPoint;
import dev.partsmith.catalog.PartitionBound;
import dev.partsmith.catalog.PartitionKeyType;
import dev.partsmith.catalog.QualifiedName;
import dev.partsmith.config.RangeLevel;

/**
 * How far one range of a managed tree is covered from where its rows arrive: for each partitioned
 * table with a range level (and, in a composite range, each leading value), from the current point
 * (now, or the highest key in use) to the first point no attached partition covers.
 *
 * @param table the partitioned table the range is partitions of
 * @param prefix the leading values of a composite range ({@code [tenant1]}); empty otherwise
 * @param level the range level, with the counts that apply
 * @param keyType how the key is read and written
 * @param from the current point
 * @param fromLiteral the current point as a literal of the key
 * @param coveredUntil where the unbroken coverage from {@code from} ends; {@code null} when nothing covers it
 * @param partitionsAhead attached partitions of the range starting at or after {@code from}
 */
public record Coverage(QualifiedName table, List<String> prefix, RangeLevel level, PartitionKeyType keyType, KeyPoint from, String fromLiteral,
        PartitionBound coveredUntil, long partitionsAhead) {

    public Coverage {
        prefix = List.copyOf(prefix);
    }

    /** The range in a few words: {@code public.events}, {@code public.events (tenant1)}. */
    public String describe() {
        return table + (prefix.isEmpty() ? "" : " (" + String.join(", ", prefix) + ")");
    }
}
