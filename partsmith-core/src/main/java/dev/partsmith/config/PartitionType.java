package dev.partsmith.config;

/** PostgreSQL's partitioning methods. partsmith manages {@link #RANGE} partitioning. */
public enum PartitionType {
    RANGE,
    LIST,
    HASH
}
