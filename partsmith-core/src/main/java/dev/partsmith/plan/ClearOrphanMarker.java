package dev.partsmith.plan;

import dev.partsmith.catalog.QualifiedName;

/**
 * Remove partsmith's orphan marker from a partition that is still attached and is not retired by this
 * plan (a run that stopped between marking and detaching it, while retention changed since): a marker
 * left there would let its drop follow a detach made by hand.
 */
public record ClearOrphanMarker(QualifiedName parent, QualifiedName partition) implements PartitionOperation {

    @Override
    public String describe() {
        return "clear the orphan marker of attached partition " + partition;
    }
}
