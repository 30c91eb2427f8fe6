package dev.partsmith.migration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.partsmith.InvalidPartitionConfigException;
import dev.partsmith.InvalidPartitionConfigException.Violation;

/**
 * How an online migration copies rows. Immutable; {@link #DEFAULTS} or {@link #builder()}.
 *
 * @param batchSize rows copied per transaction (default 10,000); a batch that holds its rows longer than
 *        {@code lock_timeout} is cancelled and retried at half the size, so writers of those rows never wait longer
 * @param maxBatches batches copied by one call before it returns (the next call carries on); {@code 0}: no limit (default)
 * @param sleep pause between two batches, to leave the server room (default none)
 * @param checksum whether the verification before the swap compares a checksum of every row besides the row counts
 *        (default false: counts only)
 */
public record MigrationOptions(int batchSize, int maxBatches, Duration sleep, boolean checksum) {

    /** 10,000 rows a batch, no limit on batches, no pause, counts compared. */
    public static final MigrationOptions DEFAULTS = new MigrationOptions(10_000, 0, Duration.ZERO, false);

    /**
     * @throws InvalidPartitionConfigException naming each refused value
     */
    public MigrationOptions {
        List<Violation> violations = new ArrayList<>();
        if (batchSize < 1) {
            violations.add(new Violation("batchSize", String.valueOf(batchSize), "must be at least 1"));
        }
        if (maxBatches < 0) {
            violations.add(new Violation("maxBatches", String.valueOf(maxBatches), "must be zero (no limit) or more"));
        }
        if (sleep == null || sleep.isNegative()) {
            violations.add(new Violation("sleep", String.valueOf(sleep), "must be zero or more"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidPartitionConfigException("", violations);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects options; {@link #build()} checks them. */
    public static final class Builder {

        private int batchSize = DEFAULTS.batchSize();
        private int maxBatches = DEFAULTS.maxBatches();
        private Duration sleep = DEFAULTS.sleep();
        private boolean checksum = DEFAULTS.checksum();

        private Builder() {
        }

        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** Batches one call copies before it returns; 0 for no limit. */
        public Builder maxBatches(int maxBatches) {
            this.maxBatches = maxBatches;
            return this;
        }

        public Builder sleep(Duration sleep) {
            this.sleep = sleep;
            return this;
        }

        public Builder checksum(boolean checksum) {
            this.checksum = checksum;
            return this;
        }

        public MigrationOptions build() {
            return new MigrationOptions(batchSize, maxBatches, sleep, checksum);
        }
    }
}
