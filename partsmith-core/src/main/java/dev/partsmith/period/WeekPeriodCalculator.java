package dev.partsmith.period;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ISO weeks, Monday 00:00 to Monday 00:00, named by ISO week-based year and week:
 * {@code events__2024_w03}, {@code events__2026_w53} (28 December 2026 to 4 January 2027).
 */
public class WeekPeriodCalculator extends BasePeriodCalculator {

    private static final Pattern LABEL = Pattern.compile("(\\d{4})_w(\\d{2})");

    @Override
    protected LocalDateTime truncate(LocalDateTime time) {
        return time.toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).atStartOfDay();
    }

    @Override
    protected LocalDateTime plus(LocalDateTime start, long steps) {
        return start.plusWeeks(steps);
    }

    @Override
    protected String label(LocalDateTime start) {
        LocalDate date = start.toLocalDate();
        return String.format("%04d_w%02d", date.get(IsoFields.WEEK_BASED_YEAR), date.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }

    @Override
    protected Optional<LocalDateTime> parseLabel(String label) {
        Matcher matcher = LABEL.matcher(label);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        int weekYear = Integer.parseInt(matcher.group(1));
        int week = Integer.parseInt(matcher.group(2));
        // The 4th of January is always in week 1 of its week-based year.
        LocalDate weekOne = LocalDate.of(weekYear, 1, 4).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        return Optional.of(weekOne.plusWeeks(week - 1L).atStartOfDay());
    }
}
