package dev.partsmith.plan;

import dev.partsmith.catalog.QualifiedName;

/** Complete an interrupted {@code DETACH ... CONCURRENTLY} with {@code DETACH ... FINALIZE}. */
public record FinalizeDetach(QualifiedName parent, QualifiedName partition) implements PartitionOperation {

    @Override
    public String describe() {
        return "finalize pending detach of " + partition;
    }
}
