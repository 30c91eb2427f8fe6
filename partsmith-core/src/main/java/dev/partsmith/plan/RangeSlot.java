package dev.partsmith.plan;

import java.util.ArrayList;
import java.util.List;

import dev.partsmith.catalog.KeyPoint;
import dev.partsmith.catalog.PartitionBound;
import dev.partsmith.catalog.PartitionBounds;
import dev.partsmith.period.Period;

/**
 * One slot of a range level's axis: {@code [from, to)}, with the literals partsmith writes for its
 * bounds (formatted from these values, never taken from text read back).
 *
 * @param from the first point in the slot
 * @param to the first point after it
 * @param fromLiteral {@code from} as a literal of the key (without quotes)
 * @param toLiteral {@code to} as a literal of the key
 * @param label what names the slot: a period's label, an interval's lower bound
 * @param period the calendar period of a time slot; {@code null} for an integer interval
 */
public record RangeSlot(KeyPoint from, KeyPoint to, String fromLiteral, String toLiteral, String label, Period period) {

    /** The slot's bounds, after the fixed leading values of a composite key. */
    public PartitionBounds.Range bounds(List<String> prefix) {
        List<PartitionBound> lower = new ArrayList<>();
        List<PartitionBound> upper = new ArrayList<>();
        for (String value : prefix) {
            lower.add(PartitionBound.value(null, value));
            upper.add(PartitionBound.value(null, value));
        }
        lower.add(PartitionBound.value(from, fromLiteral));
        upper.add(PartitionBound.value(to, toLiteral));
        return new PartitionBounds.Range(lower, upper);
    }
}
