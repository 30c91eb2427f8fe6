package dev.partsmith.migration;

/** Which way a table is migrated. */
public enum MigrationDirection {

    /** A plain table becomes a range-partitioned table of the same name. */
    PARTITION,
    /** A partitioned table becomes a plain table of the same name. */
    UNPARTITION
}
