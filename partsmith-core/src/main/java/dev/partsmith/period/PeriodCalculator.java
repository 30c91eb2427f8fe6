package dev.partsmith.period;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Optional;

/**
 * Cuts time into the periods one partition each covers and names them. Implementations are pure
 * functions of their arguments: no clock of their own, no I/O. The built-in ones extend
 * {@link BasePeriodCalculator}; a custom one (fiscal quarters, ten-day windows) implements this
 * interface, or extends the base class, and is set with
 * {@link dev.partsmith.config.TablePartitionConfig.Builder#periodCalculator(PeriodCalculator)}.
 *
 * <p>Periods must be contiguous: {@code shift(p, 1).start()} equals {@code p.end()}.
 */
public interface PeriodCalculator {

    /** The period that contains this wall-clock time. */
    Period periodContaining(LocalDateTime time);

    /** The period {@code steps} periods after {@code period} (before it when negative). */
    Period shift(Period period, int steps);

    /**
     * The partition name of a period: {@code <table>__<label>} unless overridden. The result must
     * stay within PostgreSQL's 63 bytes; the config refuses table names for which it would not.
     */
    default String formatPartitionName(String tableName, Period period) {
        return tableName + "__" + period.label();
    }

    /**
     * The period a name stands for, when it is a name this calculator produces for the table; empty
     * unless the calculator can read its names back. partsmith itself never decides anything from a
     * name: what a partition covers is always read from its bounds.
     */
    default Optional<Period> parsePartitionName(String tableName, String partitionName) {
        return Optional.empty();
    }

    /** The period containing the clock's instant, read in {@code zone}. */
    default Period currentPeriod(Clock clock, ZoneId zone) {
        return periodContaining(LocalDateTime.ofInstant(clock.instant(), zone));
    }

    /** The period after this one. */
    default Period next(Period period) {
        return shift(period, 1);
    }

    /** The period before this one. */
    default Period previous(Period period) {
        return shift(period, -1);
    }
}
