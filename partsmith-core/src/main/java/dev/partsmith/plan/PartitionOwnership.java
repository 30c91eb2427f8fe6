package dev.partsmith.plan;

import java.util.Optional;
import java.util.function.Supplier;

import dev.partsmith.catalog.PartitionInfo;
import dev.partsmith.catalog.PartitionMarker;
import dev.partsmith.catalog.QualifiedName;
import dev.partsmith.config.PartitionAdoption;
import dev.partsmith.config.TablePartitionConfig;

/**
 * Which partitions and marked tables of one partitioned table of the tree partsmith may retire, and
 * why it leaves the others alone. A pure function of the config and the catalog snapshot.
 *
 * <ul>
 * <li>An attached partition is partsmith's when it lies on its level's grid: exactly one slot of the
 * level (a period, an interval, one list value, one hash remainder) and named as partsmith names that
 * slot; with {@link PartitionAdoption#BOUNDS}, every partition of a range or hash level is, and every
 * one-value partition of a LIST level.</li>
 * <li>A partition pending detach is partsmith's only when it carries partsmith's orphan marker for it:
 * someone else's interrupted detach is not completed.</li>
 * <li>A marked table is partsmith's only when its marker names the table that carries it: a renamed
 * table is kept.</li>
 * </ul>
 */
final class PartitionOwnership {

    private final TablePartitionConfig config;
    private final QualifiedName parent;

    /** @param parent the partitioned table whose partitions are judged */
    PartitionOwnership(TablePartitionConfig config, QualifiedName parent) {
        this.config = config;
        this.parent = parent;
    }

    /**
     * Why partsmith leaves this attached partition alone; empty when it may retire it.
     *
     * @param grid why the partition is off its level's grid, empty when it is on it; asked only without adoption by bounds
     */
    Optional<String> notManaged(PartitionInfo partition, Supplier<Optional<String>> grid) {
        if (partition.detachPending() && !ownMarker(partition, PartitionMarker.State.ORPHAN)) {
            return Optional.of("its detach is pending, started outside partsmith; complete it with"
                    + " ALTER TABLE ... DETACH PARTITION ... FINALIZE, or leave it");
        }
        if (config.adoption() == PartitionAdoption.BOUNDS) {
            return Optional.empty();
        }
        return grid.get();
    }

    /** Why partsmith leaves this marked, detached table alone; empty when it is partsmith's. */
    Optional<String> notManagedMarked(PartitionInfo table) {
        PartitionMarker marker = table.marker();
        if (!marker.boundTo(table.table())) {
            return Optional.of(marker.table() == null
                    ? "its marker does not name the table it was written for, so partsmith cannot tell it was not renamed; it is kept"
                    : "it was renamed since partsmith marked it as " + marker.table() + "; it is kept and never dropped");
        }
        if (marker.state() == PartitionMarker.State.ORPHAN && table.bounds() == null) {
            return Optional.of("its marker records no readable bounds, so partsmith cannot tell whether it is wanted again; it is kept");
        }
        return Optional.empty();
    }

    /** Whether the partition carries partsmith's marker of {@code state} for this parent, written for it. */
    boolean ownMarker(PartitionInfo partition, PartitionMarker.State state) {
        PartitionMarker marker = partition.marker();
        return marker != null && marker.state() == state && marker.belongsTo(config.markerPrefix(), parent) && marker.boundTo(partition.table());
    }

    /** The end of a grid reason: what would make partsmith manage the partition. */
    static String adoptHint() {
        return "partsmith leaves it alone (adopt: bounds hands it every partition, judged by its bounds)";
    }
}
