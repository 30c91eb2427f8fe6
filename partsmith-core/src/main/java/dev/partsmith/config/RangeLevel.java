package dev.partsmith.config;

import java.util.List;
import java.util.Optional;

import dev.partsmith.InvalidPartitionConfigException.Violation;

/**
 * A level of ranges over a key with an order: calendar periods of a time key ({@link TimeLevel}) or
 * fixed intervals of an integer key ({@link IntegerLevel}). Partitions are kept ahead of the current
 * slot (the one holding now, or the highest key in use), and the ones that fall out of retention are
 * retired.
 */
public sealed interface RangeLevel extends PartitionLevel permits TimeLevel, IntegerLevel {

    /** Slots kept ready, counting the current one: 3 means the current slot and the next two. */
    int createAhead();

    /** Slots kept attached, counting the current one; empty to keep every partition. */
    Optional<Integer> retentionCount();

    /** This level with other counts, as a value of the level above may set for its own partitions. */
    RangeLevel withCounts(int createAhead, Integer retention);

    @Override
    default PartitionType type() {
        return PartitionType.RANGE;
    }

    /** Checks the counts every range level has; {@code slot} names its slots ({@code period}, {@code interval}). */
    static void checkCounts(String field, String slot, int createAhead, Integer retention, List<Violation> violations) {
        if (createAhead < 1 || createAhead > TablePartitionConfig.MAX_CREATE_AHEAD) {
            violations.add(new Violation(field + "createAheadCount", String.valueOf(createAhead),
                    "must be between 1 and " + TablePartitionConfig.MAX_CREATE_AHEAD + " (it counts the current " + slot + ")"));
        }
        if (retention != null && retention < 1) {
            violations.add(new Violation(field + "retentionCount", String.valueOf(retention),
                    "must be at least 1 (it counts the current " + slot + "), or unset to keep every partition"));
        }
    }
}
