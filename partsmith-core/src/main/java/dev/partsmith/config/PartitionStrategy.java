package dev.partsmith.config;

/** How a level cuts its partitions. */
public enum PartitionStrategy {
    /** One partition per calendar period of a time key. */
    TIME_BASED,
    /** One partition per fixed interval of an integer key. */
    ID_BASED,
    /** One partition per value of a column (LIST). */
    VALUE_BASED,
    /** One partition per hash remainder of a column. */
    HASH_BASED
}
