package dev.partsmith.migration;

/**
 * The steps of an online migration, in order. The migration's state records the next step to run; each
 * step commits together with the state that names the step after it, so a migration stopped at any point
 * (even by {@code kill -9}) carries on from where it was.
 */
public enum MigrationStep {

    /** Create the twin: the new table beside the old one, with its columns, defaults, indexes, constraints, owner and grants. */
    CREATE_TWIN,
    /** Partitioning only: create the twin's partitions for the data's whole range and ahead, and its DEFAULT partition. */
    CREATE_PARTITIONS,
    /** Install the trigger that applies every insert, update, delete and truncate of the old table to the twin. */
    INSTALL_SYNC,
    /** Copy the rows that were there before the trigger, in batches in key order. */
    COPY,
    /** {@code ANALYZE} the twin, so that queries are planned well from the first moment after the swap. */
    ANALYZE,
    /** Compare the two tables' row counts (and checksums, when asked) in one snapshot. */
    VERIFY,
    /** Swap the names in one short transaction: the old table becomes {@code <name>_retired}, the twin {@code <name>}. */
    SWAP,
    /** Nothing left: the table was swapped. */
    DONE
}
