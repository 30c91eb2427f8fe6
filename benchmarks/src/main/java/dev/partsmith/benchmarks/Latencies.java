package dev.partsmith.benchmarks;

import java.util.Arrays;

/** Insert latencies of one run, in nanoseconds, and the inserts that failed. */
final class Latencies {

    static final long SLOW_NANOS = 100_000_000L;

    private long[] values = new long[1024];
    private int count;
    private long failures;

    synchronized void record(long nanos) {
        if (count == values.length) {
            values = Arrays.copyOf(values, count * 2);
        }
        values[count++] = nanos;
    }

    synchronized void failures(long failed) {
        this.failures = failed;
    }

    synchronized int count() {
        return count;
    }

    synchronized long failures() {
        return failures;
    }

    /** The latency at quantile {@code q} (0 to 1, nearest rank) in milliseconds. */
    synchronized double percentileMillis(double q) {
        if (count == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(values, count);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(q * count);
        return sorted[Math.max(0, Math.min(count - 1, rank - 1))] / 1e6;
    }

    synchronized double maxMillis() {
        return percentileMillis(1.0);
    }

    /** Inserts slower than 100 ms from their scheduled send time. */
    synchronized long slow() {
        return Arrays.stream(values, 0, count).filter(nanos -> nanos > SLOW_NANOS).count();
    }
}
