package dev.partsmith.period;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** Hourly periods, named {@code events__2024_01_15_13}. */
public class HourPeriodCalculator extends BasePeriodCalculator {

    private static final DateTimeFormatter LABEL = DateTimeFormatter.ofPattern("uuuu_MM_dd_HH");

    @Override
    protected LocalDateTime truncate(LocalDateTime time) {
        return time.truncatedTo(ChronoUnit.HOURS);
    }

    @Override
    protected LocalDateTime plus(LocalDateTime start, long steps) {
        return start.plusHours(steps);
    }

    @Override
    protected String label(LocalDateTime start) {
        return LABEL.format(start);
    }

    @Override
    protected Optional<LocalDateTime> parseLabel(String label) {
        return Optional.of(LocalDateTime.parse(label, LABEL));
    }
}
