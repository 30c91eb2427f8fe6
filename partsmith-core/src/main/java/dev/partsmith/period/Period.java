package dev.partsmith.period;

import java.time.LocalDateTime;
import java.util.Objects;

/**
 * One time window a partition covers, in the wall-clock time of the table's zone:
 * {@code [start, end)}, with the label that names it (for example {@code 2024_01}).
 * Zone and key type turn it into bounds; see {@link dev.partsmith.catalog.PartitionKeyType}.
 *
 * @param start first local instant inside the window
 * @param end first local instant after the window
 * @param label the suffix of the partition's name, unique per calculator
 */
public record Period(LocalDateTime start, LocalDateTime end, String label) implements Comparable<Period> {

    public Period {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(label, "label");
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("A period must end after it starts: " + start + " .. " + end);
        }
        if (label.isBlank()) {
            throw new IllegalArgumentException("A period needs a label");
        }
    }

    /** Whether the local date-time lies in {@code [start, end)}. */
    public boolean contains(LocalDateTime time) {
        return !time.isBefore(start) && time.isBefore(end);
    }

    @Override
    public int compareTo(Period other) {
        return start.compareTo(other.start);
    }
}
