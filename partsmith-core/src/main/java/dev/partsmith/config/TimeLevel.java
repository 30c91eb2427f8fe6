package dev.partsmith.config;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

import dev.partsmith.InvalidPartitionConfigException.Violation;
import dev.partsmith.period.Period;
import dev.partsmith.period.PeriodCalculator;

/**
 * Calendar periods of a time key ({@code timestamptz}, {@code timestamp}, {@code date}, or a
 * {@code bigint} of epoch seconds or milliseconds), cut in the table's zone. Partitions are named
 * by their period: {@code events__2024_03}.
 *
 * @param column the time column
 * @param granularity the built-in period length; {@code null} when {@code customCalculator} cuts the periods
 * @param customCalculator a calculator of the user's own; {@code null} for a granularity's
 * @param epoch what a {@code bigint} key counts; {@code null} for a column of a time type
 * @param createAhead periods kept ready, counting the current one
 * @param retention periods kept attached, counting the current one; {@code null} keeps every partition
 */
public record TimeLevel(String column, PartitionGranularity granularity, PeriodCalculator customCalculator, EpochUnit epoch, int createAhead,
        Integer retention) implements RangeLevel {

    /** Periods of a built-in granularity. */
    public static TimeLevel of(String column, PartitionGranularity granularity, int createAhead, Integer retention) {
        return new TimeLevel(column, granularity, null, null, createAhead, retention);
    }

    /** The calculator that cuts and names the periods. */
    public PeriodCalculator calculator() {
        return customCalculator != null ? customCalculator : granularity.calculator();
    }

    /** The granularity as written in configuration ({@code month}), or the custom calculator's simple name. */
    public String granularityName() {
        return granularity != null ? granularity.name().toLowerCase(Locale.ROOT) : customCalculator.getClass().getSimpleName();
    }

    @Override
    public Optional<Integer> retentionCount() {
        return Optional.ofNullable(retention);
    }

    @Override
    public TimeLevel withCounts(int createAhead, Integer retention) {
        return new TimeLevel(column, granularity, customCalculator, epoch, createAhead, retention);
    }

    @Override
    public PartitionStrategy strategy() {
        return PartitionStrategy.TIME_BASED;
    }

    @Override
    public String describe() {
        return granularityName() + " ranges of " + column + (epoch == null ? "" : " (epoch " + epoch.name().toLowerCase(Locale.ROOT) + ")");
    }

    /** The name of the partition of {@code period} under a table named {@code parentName}. */
    public String childName(String parentName, Period period) {
        return calculator().formatPartitionName(parentName, period);
    }

    @Override
    public String longestChildName(String parentName) {
        PeriodCalculator calculator = calculator();
        // The longest labels the calendar produces are in the years 1000-9999; sample both ends.
        return PartitionLevel.longestInBytes(Stream.of(LocalDateTime.of(2000, 12, 31, 23, 0), LocalDateTime.of(9999, 12, 27, 23, 0))
                .map(sample -> calculator.formatPartitionName(parentName, calculator.periodContaining(sample))));
    }

    @Override
    public void check(String field, List<Violation> violations) {
        TablePartitionConfig.identifier(violations, field + "partitionColumn", column);
        if (granularity != null && customCalculator != null) {
            violations.add(new Violation(field + "granularity", granularity.name(), "must not be set together with periodCalculator"));
        }
        RangeLevel.checkCounts(field, "period", createAhead, retention, violations);
    }
}
