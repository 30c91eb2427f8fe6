package dev.partsmith.plan;

import dev.partsmith.catalog.QualifiedName;

/**
 * Attach a table partsmith created earlier for this window but did not get to attach (its run
 * stopped or its attach timed out).
 */
public record AttachPartition(QualifiedName partition, PartitionWindow window) implements PartitionOperation {

    @Override
    public String describe() {
        return "attach existing " + partition + " for " + window;
    }
}
