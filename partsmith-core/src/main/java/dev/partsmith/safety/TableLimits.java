package dev.partsmith.safety;

import java.util.ArrayList;
import java.util.List;

import dev.partsmith.InvalidPartitionConfigException;
import dev.partsmith.InvalidPartitionConfigException.Violation;
import dev.partsmith.config.TablePartitionConfig;

/**
 * The storage limits of one table, given to {@link Safeguards} beside the table's config.
 *
 * @param maxPartitions the most partitions the table may have attached once a run is done (the DEFAULT
 *        partition not counted); {@code null} for no limit. At least 1.
 */
public record TableLimits(Integer maxPartitions) {

    /** No limit. */
    public static final TableLimits NONE = new TableLimits(null);

    /**
     * @throws InvalidPartitionConfigException when {@code maxPartitions} is below 1
     */
    public TableLimits {
        List<Violation> violations = violations(maxPartitions, null);
        if (!violations.isEmpty()) {
            throw new InvalidPartitionConfigException("", violations);
        }
    }

    /**
     * The limits of the table {@code config} describes, checked against it.
     *
     * @throws InvalidPartitionConfigException when {@code maxPartitions} is below 1, or below the partitions the
     *         config itself keeps attached
     */
    public static TableLimits of(TablePartitionConfig config, Integer maxPartitions) {
        List<Violation> violations = violations(maxPartitions, config);
        if (!violations.isEmpty()) {
            throw new InvalidPartitionConfigException(config.qualifiedName().toString(), violations);
        }
        return new TableLimits(maxPartitions);
    }

    /**
     * What is wrong with {@code maxPartitions} (field {@code maxPartitions}): below 1, or, given the table's
     * config, below the partitions that config keeps attached (create-ahead, plus the retained ones when it
     * retires any), which would hold back every new partition for good.
     *
     * @param config the table's config; {@code null} to check the value alone
     */
    public static List<Violation> violations(Integer maxPartitions, TablePartitionConfig config) {
        List<Violation> violations = new ArrayList<>();
        if (maxPartitions == null) {
            return violations;
        }
        if (maxPartitions < 1) {
            violations.add(new Violation("maxPartitions", maxPartitions.toString(), "must be at least 1"));
        }
        else if (config != null) {
            int kept = config.retentionCount().map(retention -> retention + config.createAheadCount() - 1).orElse(config.createAheadCount());
            if (maxPartitions < kept) {
                violations.add(new Violation("maxPartitions", maxPartitions.toString(), "must be at least " + kept + ", the partitions the"
                        + " table keeps attached (" + config.retentionCount().map(retention -> "retention " + retention
                                + " and create-ahead " + config.createAheadCount() + ", counting the current period once")
                                .orElse("create-ahead " + config.createAheadCount())
                        + "): a lower limit would hold back every new partition for good"));
            }
        }
        return violations;
    }
}
