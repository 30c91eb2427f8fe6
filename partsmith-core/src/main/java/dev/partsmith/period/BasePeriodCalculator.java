package dev.partsmith.period;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * A calendar period calculator: subclasses say where a period starts, how to step from one start to
 * the next, and how a start is labelled and read back; naming, shifting and parsing follow from that.
 */
public abstract class BasePeriodCalculator implements PeriodCalculator {

    /** The start of the period containing {@code time}. */
    protected abstract LocalDateTime truncate(LocalDateTime time);

    /** The start {@code steps} periods after {@code start} (before it when negative). */
    protected abstract LocalDateTime plus(LocalDateTime start, long steps);

    /** The label of the period starting at {@code start}. */
    protected abstract String label(LocalDateTime start);

    /**
     * The start a label stands for, or empty when it is not one of this calculator's labels.
     * May throw {@link DateTimeParseException} or {@link NumberFormatException} for malformed input.
     */
    protected abstract Optional<LocalDateTime> parseLabel(String label);

    @Override
    public Period periodContaining(LocalDateTime time) {
        return startingAt(truncate(time));
    }

    @Override
    public Period shift(Period period, int steps) {
        return startingAt(plus(truncate(period.start()), steps));
    }

    @Override
    public Optional<Period> parsePartitionName(String tableName, String partitionName) {
        String prefix = tableName + "__";
        if (!partitionName.startsWith(prefix)) {
            return Optional.empty();
        }
        String label = partitionName.substring(prefix.length());
        try {
            // Round trip so that only canonical labels match (no "2024_1" for "2024_01").
            return parseLabel(label).map(this::startingAt).filter(period -> period.label().equals(label));
        }
        catch (DateTimeException | NumberFormatException ex) {
            return Optional.empty();
        }
    }

    private Period startingAt(LocalDateTime start) {
        return new Period(start, plus(start, 1), label(start));
    }
}
