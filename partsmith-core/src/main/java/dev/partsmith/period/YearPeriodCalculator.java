package dev.partsmith.period;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Optional;

/** Calendar years, named {@code events__2024}. */
public class YearPeriodCalculator extends BasePeriodCalculator {

    @Override
    protected LocalDateTime truncate(LocalDateTime time) {
        return LocalDate.of(time.getYear(), 1, 1).atStartOfDay();
    }

    @Override
    protected LocalDateTime plus(LocalDateTime start, long steps) {
        return start.plusYears(steps);
    }

    @Override
    protected String label(LocalDateTime start) {
        return String.format("%04d", start.getYear());
    }

    @Override
    protected Optional<LocalDateTime> parseLabel(String label) {
        if (!label.matches("\\d{4}")) {
            return Optional.empty();
        }
        return Optional.of(LocalDate.of(Integer.parseInt(label), 1, 1).atStartOfDay());
    }
}
