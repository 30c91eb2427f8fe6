package dev.partsmith.period;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Calendar quarters (January, April, July, October), named {@code events__2024_q1}. */
public class QuarterPeriodCalculator extends BasePeriodCalculator {

    private static final Pattern LABEL = Pattern.compile("(\\d{4})_q([1-4])");

    @Override
    protected LocalDateTime truncate(LocalDateTime time) {
        int firstMonth = (time.getMonthValue() - 1) / 3 * 3 + 1;
        return LocalDate.of(time.getYear(), firstMonth, 1).atStartOfDay();
    }

    @Override
    protected LocalDateTime plus(LocalDateTime start, long steps) {
        return start.plusMonths(3 * steps);
    }

    @Override
    protected String label(LocalDateTime start) {
        return String.format("%04d_q%d", start.getYear(), (start.getMonthValue() - 1) / 3 + 1);
    }

    @Override
    protected Optional<LocalDateTime> parseLabel(String label) {
        Matcher matcher = LABEL.matcher(label);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        int quarter = Integer.parseInt(matcher.group(2));
        return Optional.of(LocalDate.of(Integer.parseInt(matcher.group(1)), (quarter - 1) * 3 + 1, 1).atStartOfDay());
    }
}
