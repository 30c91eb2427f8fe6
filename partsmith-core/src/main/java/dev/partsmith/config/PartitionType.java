package dev.partsmith.config;

/** PostgreSQL's partitioning methods. */
public enum PartitionType {
    RANGE,
    LIST,
    HASH
}
