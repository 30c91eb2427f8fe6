package dev.partsmith.config;

/** How partitions are cut. {@link #TIME_BASED}: one partition per period of a time column. */
public enum PartitionStrategy {
    TIME_BASED
}
