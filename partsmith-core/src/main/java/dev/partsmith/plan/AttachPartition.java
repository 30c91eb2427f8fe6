package dev.partsmith.plan;

import dev.partsmith.catalog.QualifiedName;

/**
 * Attach a table partsmith made earlier: a new partition's table whose run stopped before its attach
 * (or whose attach timed out), or a detached orphan whose range is wanted again (retention raised,
 * create-ahead raised, the clock moved back). The table keeps its rows; ATTACH checks them against
 * the window.
 *
 * @param reason which of the two it is
 */
public record AttachPartition(QualifiedName partition, PartitionWindow window, Reason reason) implements PartitionOperation {

    @Override
    public String describe() {
        return "attach " + reason.description + " " + partition + " for " + window;
    }

    /** Why the table is attached. */
    public enum Reason {
        /** Created by partsmith for this window, not attached yet. */
        CREATED_EARLIER("existing"),
        /** Detached by retention, still within its grace, and its range is wanted again. */
        WANTED_AGAIN("back orphan");

        private final String description;

        Reason(String description) {
            this.description = description;
        }
    }
}
