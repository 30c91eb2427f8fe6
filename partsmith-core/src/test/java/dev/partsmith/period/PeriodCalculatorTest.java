package dev.partsmith.period;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class PeriodCalculatorTest {

    private static final LocalDateTime MID_JANUARY = LocalDateTime.of(2024, 1, 15, 13, 45, 10);

    @Test
    void namesAreTheSeedsNames() {
        assertThat(name(new HourPeriodCalculator(), MID_JANUARY)).isEqualTo("events__2024_01_15_13");
        assertThat(name(new DayPeriodCalculator(), MID_JANUARY)).isEqualTo("events__2024_01_15");
        assertThat(name(new WeekPeriodCalculator(), MID_JANUARY)).isEqualTo("events__2024_w03");
        assertThat(name(new MonthPeriodCalculator(), MID_JANUARY)).isEqualTo("events__2024_01");
        assertThat(name(new QuarterPeriodCalculator(), MID_JANUARY)).isEqualTo("events__2024_q1");
        assertThat(name(new YearPeriodCalculator(), MID_JANUARY)).isEqualTo("events__2024");
    }

    @Test
    void boundsOfEachGranularity() {
        assertThat(new HourPeriodCalculator().periodContaining(MID_JANUARY))
                .isEqualTo(new Period(at(2024, 1, 15, 13), at(2024, 1, 15, 14), "2024_01_15_13"));
        assertThat(new DayPeriodCalculator().periodContaining(MID_JANUARY))
                .isEqualTo(new Period(at(2024, 1, 15, 0), at(2024, 1, 16, 0), "2024_01_15"));
        assertThat(new WeekPeriodCalculator().periodContaining(MID_JANUARY))
                .isEqualTo(new Period(at(2024, 1, 15, 0), at(2024, 1, 22, 0), "2024_w03"));
        assertThat(new MonthPeriodCalculator().periodContaining(MID_JANUARY))
                .isEqualTo(new Period(at(2024, 1, 1, 0), at(2024, 2, 1, 0), "2024_01"));
        assertThat(new QuarterPeriodCalculator().periodContaining(LocalDateTime.of(2024, 8, 31, 23, 59)))
                .isEqualTo(new Period(at(2024, 7, 1, 0), at(2024, 10, 1, 0), "2024_q3"));
        assertThat(new YearPeriodCalculator().periodContaining(MID_JANUARY))
                .isEqualTo(new Period(at(2024, 1, 1, 0), at(2025, 1, 1, 0), "2024"));
    }

    @Test
    void isoWeekFiftyThreeOf2026AndTheTurnOfTheYear() {
        WeekPeriodCalculator weeks = new WeekPeriodCalculator();
        Period w53 = weeks.periodContaining(LocalDateTime.of(2027, 1, 1, 12, 0));
        assertThat(w53).isEqualTo(new Period(at(2026, 12, 28, 0), at(2027, 1, 4, 0), "2026_w53"));
        assertThat(weeks.next(w53).label()).isEqualTo("2027_w01");
        assertThat(weeks.previous(w53).label()).isEqualTo("2026_w52");
        // 2024-12-30 is in week 1 of 2025.
        assertThat(weeks.periodContaining(LocalDateTime.of(2024, 12, 31, 0, 0)).label()).isEqualTo("2025_w01");
        assertThat(weeks.parsePartitionName("events", "events__2026_w53")).contains(w53);

        assertThat(new DayPeriodCalculator().next(new DayPeriodCalculator().periodContaining(LocalDateTime.of(2024, 12, 31, 23, 59))).label())
                .isEqualTo("2025_01_01");
        assertThat(new HourPeriodCalculator().next(new HourPeriodCalculator().periodContaining(LocalDateTime.of(2024, 12, 31, 23, 59))).label())
                .isEqualTo("2025_01_01_00");
        assertThat(new MonthPeriodCalculator().shift(new MonthPeriodCalculator().periodContaining(MID_JANUARY), -1).label())
                .isEqualTo("2023_12");
        assertThat(new QuarterPeriodCalculator().shift(new QuarterPeriodCalculator().periodContaining(MID_JANUARY), 4).label())
                .isEqualTo("2025_q1");
    }

    @Test
    void periodsAreContiguous() {
        for (PeriodCalculator calculator : new PeriodCalculator[] { new HourPeriodCalculator(), new DayPeriodCalculator(),
                new WeekPeriodCalculator(), new MonthPeriodCalculator(), new QuarterPeriodCalculator(), new YearPeriodCalculator() }) {
            Period period = calculator.periodContaining(LocalDateTime.of(2026, 12, 20, 5, 0));
            for (int i = 0; i < 60; i++) {
                Period next = calculator.next(period);
                assertThat(next.start()).as(calculator.getClass().getSimpleName()).isEqualTo(period.end());
                assertThat(calculator.previous(next)).isEqualTo(period);
                period = next;
            }
        }
    }

    @Test
    void namesParseBackOnlyWhenCanonical() {
        MonthPeriodCalculator months = new MonthPeriodCalculator();
        assertThat(months.parsePartitionName("events", "events__2024_01")).contains(months.periodContaining(MID_JANUARY));
        assertThat(months.parsePartitionName("events", "events__2024_1")).isEmpty();
        assertThat(months.parsePartitionName("events", "events__2024_13")).isEmpty();
        assertThat(months.parsePartitionName("events", "other__2024_01")).isEmpty();
        assertThat(months.parsePartitionName("events", "events_default")).isEmpty();
        assertThat(new QuarterPeriodCalculator().parsePartitionName("events", "events__2024_q5")).isEmpty();
        assertThat(new WeekPeriodCalculator().parsePartitionName("events", "events__2025_w53")).isEmpty();
        assertThat(new YearPeriodCalculator().parsePartitionName("Event Log", "Event Log__2031").map(Period::start))
                .contains(at(2031, 1, 1, 0));
    }

    @Test
    void currentPeriodReadsTheClockInTheTablesZone() {
        Clock clock = Clock.fixed(Instant.parse("2024-01-31T22:30:00Z"), ZoneOffset.UTC);
        DayPeriodCalculator days = new DayPeriodCalculator();
        assertThat(days.currentPeriod(clock, ZoneOffset.UTC).label()).isEqualTo("2024_01_31");
        assertThat(days.currentPeriod(clock, ZoneId.of("Europe/Moscow")).label()).isEqualTo("2024_02_01");
        assertThat(new MonthPeriodCalculator().currentPeriod(clock, ZoneId.of("Europe/Moscow")).label()).isEqualTo("2024_02");
    }

    /** A calculator of a user's own: ten-day windows (1-10, 11-20, 21-end) named like 2024_01_d2. */
    static final class DecadePeriodCalculator extends BasePeriodCalculator {

        @Override
        protected LocalDateTime truncate(LocalDateTime time) {
            int day = Math.min((time.getDayOfMonth() - 1) / 10, 2) * 10 + 1;
            return time.toLocalDate().withDayOfMonth(day).atStartOfDay();
        }

        @Override
        protected LocalDateTime plus(LocalDateTime start, long steps) {
            LocalDate date = start.toLocalDate();
            long index = (date.getYear() * 12L + date.getMonthValue() - 1) * 3 + (date.getDayOfMonth() - 1) / 10 + steps;
            long month = Math.floorDiv(index, 3);
            return LocalDate.of((int) (month / 12), (int) (month % 12) + 1, (int) Math.floorMod(index, 3) * 10 + 1).atStartOfDay();
        }

        @Override
        protected String label(LocalDateTime start) {
            return String.format("%04d_%02d_d%d", start.getYear(), start.getMonthValue(), (start.getDayOfMonth() - 1) / 10 + 1);
        }

        @Override
        protected Optional<LocalDateTime> parseLabel(String label) {
            String[] parts = label.split("_d");
            LocalDate month = LocalDate.parse(parts[0] + "_01", java.time.format.DateTimeFormatter.ofPattern("uuuu_MM_dd"));
            return Optional.of(month.withDayOfMonth((Integer.parseInt(parts[1]) - 1) * 10 + 1).atStartOfDay());
        }
    }

    @Test
    void aCalculatorOfOnesOwnPlugsIn() {
        DecadePeriodCalculator decades = new DecadePeriodCalculator();
        Period last = decades.periodContaining(LocalDateTime.of(2024, 2, 29, 10, 0));
        assertThat(last).isEqualTo(new Period(at(2024, 2, 21, 0), at(2024, 3, 1, 0), "2024_02_d3"));
        assertThat(decades.next(last).label()).isEqualTo("2024_03_d1");
        assertThat(decades.formatPartitionName("events", last)).isEqualTo("events__2024_02_d3");
        assertThat(decades.parsePartitionName("events", "events__2024_02_d3")).contains(last);
    }

    private static String name(PeriodCalculator calculator, LocalDateTime time) {
        return calculator.formatPartitionName("events", calculator.periodContaining(time));
    }

    private static LocalDateTime at(int year, int month, int day, int hour) {
        return LocalDateTime.of(year, month, day, hour, 0);
    }
}
