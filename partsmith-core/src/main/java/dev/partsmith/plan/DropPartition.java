package dev.partsmith.plan;

import dev.partsmith.catalog.PartitionInfo;
import dev.partsmith.catalog.QualifiedName;

/**
 * Drop one of partsmith's detached tables; a partitioned one goes leaf first, one table per
 * transaction. The repository re-checks the marker, that the table is not attached, and the grace,
 * under an exclusive lock on the table, right before each {@code DROP TABLE}.
 *
 * @param parent the table whose marker it carries
 * @param info the table as the plan saw it: its range as its marker records it, or as the catalog
 *        showed it before this run detached it
 * @param reason why the table goes
 * @param requireEmpty whether it may only go when it holds no row: a table never attached, or the
 *        partition of a list value no longer listed whose level keeps rows
 */
public record DropPartition(QualifiedName parent, PartitionInfo info, Reason reason, boolean requireEmpty) implements PartitionOperation {

    @Override
    public QualifiedName partition() {
        return info.table();
    }

    @Override
    public String describe() {
        return "drop " + partition() + " (" + reason.description + ")";
    }

    /** Why a table is dropped. */
    public enum Reason {
        /** Detached earlier and its grace has elapsed. */
        ORPHAN_GRACE_ELAPSED("orphan, grace elapsed"),
        /** Detached by this run, with a drop grace of zero. */
        DETACHED_THIS_RUN("detached by this run, no grace"),
        /** Created for bounds that are no longer wanted and never attached; dropped only when empty. */
        ABANDONED_PENDING_ATTACH("created, never attached, no longer wanted");

        private final String description;

        Reason(String description) {
            this.description = description;
        }
    }
}
