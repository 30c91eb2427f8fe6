package dev.partsmith.benchmarks;

import java.time.Duration;
import java.util.List;

/**
 * Sizes and repetitions of one suite run. {@link #full()} is what {@code benchmarks/run} measures;
 * {@link #smoke()} exercises every scenario and contender path in seconds, for the build.
 *
 * @param mode {@code full} or {@code smoke}
 * @param provisioningTables tables provisioned from nothing in scenario 1
 * @param monthsAhead future monthly partitions wanted beyond the current month
 * @param provisioningRuns repetitions of scenario 1
 * @param steadyTables table counts of scenario 2
 * @param steadyRuns passes measured per table count in scenario 2
 * @param lockedPassTables the table count of scenario 2 at which a pass that locks every table is also measured
 * @param partmanSteadyTables the largest table count at which scenario 2 runs pg_partman's {@code run_maintenance()}
 * @param insertRate inserts per second of the open-loop load in scenarios 3 and 4
 * @param loadWorkers connections the load generator inserts through
 * @param warmup load before anything else happens
 * @param readerHold how long the long-running reader keeps its transaction open
 * @param tail load after maintenance and reader are done
 * @param writersRuns repetitions of each scenario 3 case
 * @param drainRows rows sitting in DEFAULT in scenario 4
 * @param drainRuns repetitions of scenario 4
 * @param onlineRows rows of the table partitioned online in scenario 5
 * @param onlineRuns repetitions of scenario 5
 */
public record BenchmarkSettings(String mode, int provisioningTables, int monthsAhead, int provisioningRuns, List<Integer> steadyTables,
        int steadyRuns, int lockedPassTables, int partmanSteadyTables, int insertRate, int loadWorkers, Duration warmup, Duration readerHold, Duration tail, int writersRuns,
        int drainRows, int drainRuns, int onlineRows, int onlineRuns) {

    /** The suite as issue 5 asks for it, sized to finish within 15 minutes on 2 cores. */
    public static BenchmarkSettings full() {
        return new BenchmarkSettings("full", 200, 12, 3, List.of(200, 1000, 5000), 5, 1000, 1000, 200, 16, Duration.ofMillis(1500), Duration.ofSeconds(6),
                Duration.ofSeconds(1), 3, 1_000_000, 3, 1_000_000, 1);
    }

    /** Tiny sizes, one run each: every scenario and contender path runs, the numbers mean nothing. */
    public static BenchmarkSettings smoke() {
        return new BenchmarkSettings("smoke", 3, 12, 1, List.of(3, 5), 1, 5, 5, 50, 4, Duration.ofMillis(300), Duration.ofMillis(800),
                Duration.ofMillis(200), 1, 2_000, 1, 5_000, 1);
    }

    public boolean isSmoke() {
        return "smoke".equals(mode);
    }
}
