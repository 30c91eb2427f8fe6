package dev.partsmith.plan;

import dev.partsmith.catalog.QualifiedName;

/**
 * One step a plan asks for. The executor applies them in the plan's order, each with its hooks,
 * in transactions of its own.
 */
public sealed interface PartitionOperation permits CreatePartition, AttachPartition, FinalizeDetach, DetachPartition, DropPartition,
        ClearOrphanMarker {

    /** The partitioned table the operation works under: the managed parent, or one of its partitions partitioned in turn. */
    QualifiedName parent();

    /** The partition (or table) the operation is about. */
    QualifiedName partition();

    /** A one-line description for logs and dry runs. */
    String describe();
}
