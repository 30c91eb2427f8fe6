package dev.partsmith.plan;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Optional;

import dev.partsmith.catalog.PartitionInfo;
import dev.partsmith.catalog.PartitionKeyType;
import dev.partsmith.catalog.PartitionMarker;
import dev.partsmith.catalog.PartitionTree;
import dev.partsmith.config.PartitionAdoption;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.period.Period;
import dev.partsmith.period.PeriodCalculator;

/**
 * Which of a table's partitions and marked tables partsmith may retire, and why it leaves the others
 * alone. A pure function of the config and the catalog snapshot.
 *
 * <ul>
 * <li>An attached partition is partsmith's when it lies on the table's period grid: bounded exactly by
 * one period of the table's calculator in its zone, and named as partsmith names that period; with
 * {@link PartitionAdoption#BOUNDS}, every ranged partition is.</li>
 * <li>A partition pending detach is partsmith's only when it carries partsmith's orphan marker for it:
 * someone else's interrupted detach is not completed.</li>
 * <li>A marked table is partsmith's only when its marker names the table that carries it: a renamed
 * table is kept.</li>
 * </ul>
 */
final class PartitionOwnership {

    private final TablePartitionConfig config;
    private final PartitionTree tree;

    PartitionOwnership(TablePartitionConfig config, PartitionTree tree) {
        this.config = config;
        this.tree = tree;
    }

    /** Why partsmith leaves this attached, ranged partition alone; empty when it may retire it. */
    Optional<String> notManaged(PartitionInfo partition) {
        if (partition.detachPending() && !ownMarker(partition, PartitionMarker.State.ORPHAN)) {
            return Optional.of("its detach is pending, started outside partsmith; complete it with"
                    + " ALTER TABLE ... DETACH PARTITION ... FINALIZE, or leave it");
        }
        if (config.adoption() == PartitionAdoption.BOUNDS) {
            return Optional.empty();
        }
        if (!partition.lower().finite() || !partition.upper().finite()) {
            return Optional.of("its range " + range(partition) + " is unbounded, not one period of the table's grid; " + adoptHint());
        }
        PeriodCalculator calculator = config.periodCalculator();
        ZoneId zone = config.timezone();
        PartitionKeyType keyType = tree.keyType();
        LocalDateTime start = keyType.localTime(partition.lower().point(), zone);
        Period period = calculator.periodContaining(start);
        if (!keyType.point(period.start(), zone).equals(partition.lower().point())
                || !keyType.point(period.end(), zone).equals(partition.upper().point())) {
            return Optional.of("its range " + range(partition) + " is not one " + granularity() + " period in " + zone.getId()
                    + "; " + adoptHint());
        }
        String expected = calculator.formatPartitionName(config.tableName(), period);
        if (!expected.equals(partition.name())) {
            return Optional.of("its range is period " + period.label() + ", which partsmith names " + expected + ", not "
                    + partition.name() + "; " + adoptHint());
        }
        return Optional.empty();
    }

    /** Why partsmith leaves this marked, detached table alone; empty when it is partsmith's. */
    Optional<String> notManagedMarked(PartitionInfo table) {
        PartitionMarker marker = table.marker();
        if (!marker.boundTo(table.table())) {
            return Optional.of(marker.table() == null
                    ? "its marker does not name the table it was written for, so partsmith cannot tell it was not renamed; it is kept"
                    : "it was renamed since partsmith marked it as " + marker.table() + "; it is kept and never dropped");
        }
        if (marker.state() == PartitionMarker.State.ORPHAN && (table.lower() == null || table.upper() == null)) {
            return Optional.of("its marker records no readable range, so partsmith cannot tell whether it is wanted again; it is kept");
        }
        return Optional.empty();
    }

    /** Whether the partition carries partsmith's marker of {@code state} for this parent, written for it. */
    boolean ownMarker(PartitionInfo partition, PartitionMarker.State state) {
        PartitionMarker marker = partition.marker();
        return marker != null && marker.state() == state && marker.belongsTo(config.markerPrefix(), tree.parent())
                && marker.boundTo(partition.table());
    }

    private String granularity() {
        return config.granularity().map(value -> value.name().toLowerCase(java.util.Locale.ROOT))
                .orElse(config.periodCalculator().getClass().getSimpleName());
    }

    private static String range(PartitionInfo partition) {
        return "[" + partition.lower().text() + ", " + partition.upper().text() + ")";
    }

    private static String adoptHint() {
        return "partsmith leaves it alone (adopt: bounds hands it every partition, judged by its upper bound)";
    }
}
