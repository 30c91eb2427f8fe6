package dev.partsmith.period;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/** Daily periods from local midnight, named {@code events__2024_01_15}. */
public class DayPeriodCalculator extends BasePeriodCalculator {

    private static final DateTimeFormatter LABEL = DateTimeFormatter.ofPattern("uuuu_MM_dd");

    @Override
    protected LocalDateTime truncate(LocalDateTime time) {
        return time.toLocalDate().atStartOfDay();
    }

    @Override
    protected LocalDateTime plus(LocalDateTime start, long steps) {
        return start.plusDays(steps);
    }

    @Override
    protected String label(LocalDateTime start) {
        return LABEL.format(start);
    }

    @Override
    protected Optional<LocalDateTime> parseLabel(String label) {
        return Optional.of(LocalDate.parse(label, LABEL).atStartOfDay());
    }
}
