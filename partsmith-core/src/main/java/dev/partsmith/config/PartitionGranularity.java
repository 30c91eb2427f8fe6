package dev.partsmith.config;

import java.util.function.Supplier;

import dev.partsmith.period.DayPeriodCalculator;
import dev.partsmith.period.HourPeriodCalculator;
import dev.partsmith.period.MonthPeriodCalculator;
import dev.partsmith.period.PeriodCalculator;
import dev.partsmith.period.QuarterPeriodCalculator;
import dev.partsmith.period.WeekPeriodCalculator;
import dev.partsmith.period.YearPeriodCalculator;

/** The length of one partition's period, each with its built-in {@link PeriodCalculator}. */
public enum PartitionGranularity {
    HOUR(HourPeriodCalculator::new),
    DAY(DayPeriodCalculator::new),
    WEEK(WeekPeriodCalculator::new),
    MONTH(MonthPeriodCalculator::new),
    QUARTER(QuarterPeriodCalculator::new),
    YEAR(YearPeriodCalculator::new);

    private final Supplier<PeriodCalculator> calculator;

    PartitionGranularity(Supplier<PeriodCalculator> calculator) {
        this.calculator = calculator;
    }

    /** A new instance of the built-in calculator for this granularity. */
    public PeriodCalculator calculator() {
        return calculator.get();
    }
}
