package dev.partsmith.config;

import dev.partsmith.catalog.PartitionKeyType;

/** What a {@code bigint} time key counts since 1970-01-01 UTC. */
public enum EpochUnit {
    SECONDS(PartitionKeyType.EPOCH_SECONDS),
    MILLISECONDS(PartitionKeyType.EPOCH_MILLISECONDS);

    private final PartitionKeyType keyType;

    EpochUnit(PartitionKeyType keyType) {
        this.keyType = keyType;
    }

    /** The key type that reads and writes such values. */
    public PartitionKeyType keyType() {
        return keyType;
    }
}
