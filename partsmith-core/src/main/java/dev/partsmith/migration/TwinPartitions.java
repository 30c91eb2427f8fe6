package dev.partsmith.migration;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.partsmith.TableMigrationException;
import dev.partsmith.catalog.KeyPoint;
import dev.partsmith.catalog.PartitionBound;
import dev.partsmith.catalog.PartitionBounds;
import dev.partsmith.catalog.PartitionKeyType;
import dev.partsmith.catalog.QualifiedName;
import dev.partsmith.config.HashLevel;
import dev.partsmith.config.ListLevel;
import dev.partsmith.config.ListValue;
import dev.partsmith.config.PartitionLevel;
import dev.partsmith.config.RangeLevel;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.plan.RangeAxis;
import dev.partsmith.plan.RangeSlot;

/**
 * The partitions a partitioned twin starts with, named as maintenance names them, so that maintenance
 * takes them over once the twin is swapped in: for a range level, one per slot from the slot of the
 * oldest key in the table up to the current slot (holding now, or the highest key) and the
 * {@code createAheadCount - 1} after it; for a LIST level one per value, for a HASH level one per
 * remainder. Keys outside them land in the twin's DEFAULT partition. A pure function of the config,
 * the key range and the time.
 */
public final class TwinPartitions {

    private TwinPartitions() {
    }

    /**
     * The twin's partitions, in key order.
     *
     * @param keyType how the key is read and written, for a range level
     * @param oldestKey the smallest key in the table; empty for an empty table
     * @param current the current point: now on a time key's axis, the highest key on an integer key's
     * @throws dev.partsmith.TableMigrationException when the config has levels below its own, the range
     *         needs more than {@link TablePartitionConfig#MAX_CREATE_AHEAD} partitions, or the key's type
     *         cannot express a slot
     */
    public static List<TwinPartition> wanted(TablePartitionConfig config, PartitionKeyType keyType, Optional<KeyPoint> oldestKey,
            KeyPoint current) {
        if (config.levels().size() != 1) {
            throw new TableMigrationException(config.qualifiedName() + " is configured with " + config.levels().size() + " levels; an existing"
                    + " table is partitioned by one level, the table's own, and maintenance adds the levels below it afterwards only for new"
                    + " partitions: partition it by its first level alone");
        }
        PartitionLevel level = config.tableLevel();
        List<TwinPartition> partitions = new ArrayList<>();
        if (level instanceof ListLevel list) {
            for (ListValue value : list.values()) {
                partitions.add(new TwinPartition(new QualifiedName(config.schema(), ListLevel.childName(config.tableName(), value.value())),
                        new PartitionBounds.In(List.of(PartitionBound.value(null, value.value())))));
            }
            return partitions;
        }
        if (level instanceof HashLevel hash) {
            for (int remainder = 0; remainder < hash.modulus(); remainder++) {
                partitions.add(new TwinPartition(new QualifiedName(config.schema(), HashLevel.childName(config.tableName(), remainder)),
                        new PartitionBounds.Hash(hash.modulus(), remainder)));
            }
            return partitions;
        }
        RangeLevel range = (RangeLevel) level;
        RangeAxis axis = RangeAxis.of(range, keyType, config.timezone());
        RangeSlot now = axis.slotContaining(current);
        RangeSlot last = axis.shift(now, range.createAhead() - 1);
        RangeSlot first = oldestKey.map(axis::slotContaining).filter(oldest -> oldest.from().isBefore(now.from())).orElse(now);
        for (RangeSlot slot = first; !slot.from().isAfter(last.from()); slot = axis.shift(slot, 1)) {
            if (partitions.size() == TablePartitionConfig.MAX_CREATE_AHEAD) {
                throw new TableMigrationException("the oldest " + config.partitionColumn() + " in " + config.qualifiedName() + " falls in slot "
                        + first.label() + ", and partitions from there to " + last.label() + " are more than "
                        + TablePartitionConfig.MAX_CREATE_AHEAD + "; delete or archive the oldest rows, or choose a coarser granularity or interval");
            }
            String refusal = axis.unrepresentable(slot, config.partitionColumn());
            if (refusal != null) {
                throw new TableMigrationException(refusal);
            }
            if (slot.from().isBefore(slot.to())) {
                partitions.add(new TwinPartition(new QualifiedName(config.schema(), axis.childName(config.tableName(), slot)), slot.bounds(List.of())));
            }
        }
        return partitions;
    }

    /**
     * One partition of the twin.
     *
     * @param table its name, as maintenance names it
     * @param bounds what it covers
     */
    public record TwinPartition(QualifiedName table, PartitionBounds bounds) {
    }
}
