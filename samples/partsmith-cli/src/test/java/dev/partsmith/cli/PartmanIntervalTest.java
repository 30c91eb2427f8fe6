package dev.partsmith.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.Period;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.Test;

import dev.partsmith.cli.PartmanInterval.Count;
import dev.partsmith.config.PartitionGranularity;

/** pg_partman's intervals as partsmith's granularities and counts. */
class PartmanIntervalTest {

    private static final long HOUR = 3_600_000_000L;

    @Test
    void theIntervalsOfPartsmithsGranularitiesAndNoOthers() {
        assertThat(interval(0, 0, HOUR).granularity()).contains(PartitionGranularity.HOUR);
        assertThat(interval(0, 1, 0).granularity()).contains(PartitionGranularity.DAY);
        assertThat(interval(0, 0, 24 * HOUR).granularity()).contains(PartitionGranularity.DAY);
        assertThat(interval(0, 7, 0).granularity()).contains(PartitionGranularity.WEEK);
        assertThat(interval(1, 0, 0).granularity()).contains(PartitionGranularity.MONTH);
        assertThat(interval(3, 0, 0).granularity()).contains(PartitionGranularity.QUARTER);
        assertThat(interval(12, 0, 0).granularity()).contains(PartitionGranularity.YEAR);
        assertThat(interval(0, 0, HOUR / 4).granularity()).isEmpty();
        assertThat(interval(0, 2, 0).granularity()).isEmpty();
        assertThat(interval(6, 0, 0).granularity()).isEmpty();
        assertThat(interval(1, 1, 0).granularity()).isEmpty();
        assertThat(interval(24, 0, 0).granularity()).isEmpty();
    }

    @Test
    void pgPartman4sKeywordsAreSpelledOut() {
        assertThat(PartmanInterval.sql("daily")).isEqualTo("1 day");
        assertThat(PartmanInterval.sql(" Weekly ")).isEqualTo("1 week");
        assertThat(PartmanInterval.sql("quarter-hour")).isEqualTo("15 minutes");
        assertThat(PartmanInterval.sql("3 mons")).isEqualTo("3 mons");
    }

    @Test
    void aRetentionOfWholeSlotsKeepsTheCurrentSlotAndThatMany() {
        assertThat(interval(0, 30, 0).retention(PartitionGranularity.DAY)).isEqualTo(new Count(31, true));
        assertThat(interval(0, 0, 48 * HOUR).retention(PartitionGranularity.HOUR)).isEqualTo(new Count(49, true));
        assertThat(interval(0, 28, 0).retention(PartitionGranularity.WEEK)).isEqualTo(new Count(5, true));
        assertThat(interval(12, 0, 0).retention(PartitionGranularity.MONTH)).isEqualTo(new Count(13, true));
        assertThat(interval(12, 0, 0).retention(PartitionGranularity.QUARTER)).isEqualTo(new Count(5, true));
        assertThat(interval(24, 0, 0).retention(PartitionGranularity.YEAR)).isEqualTo(new Count(3, true));
        assertThat(Count.of(3_000_000, 1_000_000)).isEqualTo(new Count(4, true));
    }

    @Test
    void aRetentionOfPartSlotsKeepsAtLeastWhatPgPartmanKept() {
        assertThat(interval(0, 10, 0).retention(PartitionGranularity.WEEK)).isEqualTo(new Count(3, false));
        assertThat(interval(0, 0, 36 * HOUR).retention(PartitionGranularity.DAY)).isEqualTo(new Count(3, false));
        assertThat(interval(1, 0, 0).retention(PartitionGranularity.DAY)).isEqualTo(new Count(32, false));
        assertThat(interval(0, 90, 0).retention(PartitionGranularity.MONTH)).isEqualTo(new Count(5, false));
        assertThat(Count.of(2_500_000, 1_000_000)).isEqualTo(new Count(4, false));
        for (int days = 1; days <= 400; days += 3) {
            assertKeepsAtLeastPgPartman(interval(0, days, 0), PartitionGranularity.MONTH);
            assertKeepsAtLeastPgPartman(interval(0, days, 0), PartitionGranularity.WEEK);
            assertKeepsAtLeastPgPartman(interval(0, days, 5 * HOUR), PartitionGranularity.DAY);
        }
        for (int months = 1; months <= 30; months++) {
            assertKeepsAtLeastPgPartman(interval(months, 0, 0), PartitionGranularity.DAY);
            assertKeepsAtLeastPgPartman(interval(months, 0, 0), PartitionGranularity.QUARTER);
            assertKeepsAtLeastPgPartman(interval(months, 3, 0), PartitionGranularity.YEAR);
        }
    }

    /**
     * pg_partman keeps a partition until its upper bound is before now minus the retention; at every hour of four
     * years, the partitions it keeps must lie within the current slot and the count - 1 before it.
     */
    private static void assertKeepsAtLeastPgPartman(PartmanInterval retention, PartitionGranularity slot) {
        int count = retention.retention(slot).value();
        var calculator = slot.calculator();
        for (LocalDateTime now = LocalDateTime.of(2023, 1, 1, 0, 30); now.getYear() < 2027; now = now.plusHours(7)) {
            LocalDateTime cutoff = now.minus(Period.of(0, retention.months(), retention.days())).minus(Duration.of(retention.micros(),
                    ChronoUnit.MICROS));
            var oldestKeptByPartman = calculator.periodContaining(cutoff);
            if (oldestKeptByPartman.start().equals(cutoff)) {
                // an upper bound equal to the cutoff is not before it: pg_partman keeps that partition too
                oldestKeptByPartman = calculator.previous(oldestKeptByPartman);
            }
            var oldestKeptByPartsmith = calculator.shift(calculator.periodContaining(now), -(count - 1));
            assertThat(oldestKeptByPartsmith.start()).as(retention + " on " + slot + " at " + now)
                    .isBeforeOrEqualTo(oldestKeptByPartman.start());
        }
    }

    private static PartmanInterval interval(int months, int days, long micros) {
        return new PartmanInterval(months, days, micros);
    }
}
