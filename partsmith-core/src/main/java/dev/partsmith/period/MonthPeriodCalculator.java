package dev.partsmith.period;

import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/** Calendar months from the 1st at 00:00, named {@code events__2024_01}. */
public class MonthPeriodCalculator extends BasePeriodCalculator {

    private static final DateTimeFormatter LABEL = DateTimeFormatter.ofPattern("uuuu_MM");

    @Override
    protected LocalDateTime truncate(LocalDateTime time) {
        return time.toLocalDate().withDayOfMonth(1).atStartOfDay();
    }

    @Override
    protected LocalDateTime plus(LocalDateTime start, long steps) {
        return start.plusMonths(steps);
    }

    @Override
    protected String label(LocalDateTime start) {
        return LABEL.format(start);
    }

    @Override
    protected Optional<LocalDateTime> parseLabel(String label) {
        return Optional.of(YearMonth.parse(label, LABEL).atDay(1).atStartOfDay());
    }
}
