package dev.partsmith.plan;

import dev.partsmith.catalog.PartitionBounds;
import dev.partsmith.catalog.QualifiedName;

/**
 * Attach a table partsmith made earlier: a new partition's table whose run stopped before its attach
 * (or whose attach timed out), or a detached orphan whose range is wanted again (retention raised,
 * create-ahead raised, the clock moved back, a list value listed again). The table keeps its rows;
 * ATTACH checks them against the bounds.
 *
 * @param parent the table it is attached to
 * @param partition the table
 * @param bounds what it covers
 * @param reason which of the two it is
 */
public record AttachPartition(QualifiedName parent, QualifiedName partition, PartitionBounds bounds, Reason reason) implements PartitionOperation {

    @Override
    public String describe() {
        return "attach " + reason.description + " " + partition + " for " + bounds.describe();
    }

    /** Why the table is attached. */
    public enum Reason {
        /** Created by partsmith for these bounds, not attached yet. */
        CREATED_EARLIER("existing"),
        /** Detached by retention, not dropped yet, and its range is wanted again. */
        WANTED_AGAIN("back orphan");

        private final String description;

        Reason(String description) {
            this.description = description;
        }
    }
}
