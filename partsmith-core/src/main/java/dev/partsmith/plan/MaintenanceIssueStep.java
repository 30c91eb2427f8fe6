package dev.partsmith.plan;

/** The step of a maintenance run an issue arose in. */
public enum MaintenanceIssueStep {
    /** Taking the table's lock, or keeping it for the run. */
    LOCK,
    /** Reading the table's tree from the catalog. */
    CATALOG,
    /** Deciding what to do. */
    PLAN,
    /** Creating a new partition's table. */
    CREATE,
    /** Attaching a partition, including moving rows out of DEFAULT. */
    ATTACH,
    /** Writing the orphan marker and detaching an expired partition. */
    DETACH,
    /** Completing a pending {@code DETACH ... CONCURRENTLY}. */
    FINALIZE_DETACH,
    /** Dropping a detached table. */
    DROP,
    BEFORE_CREATE_HOOK,
    AFTER_CREATE_HOOK,
    BEFORE_DETACH_HOOK,
    AFTER_DETACH_HOOK,
    BEFORE_DROP_HOOK,
    AFTER_DROP_HOOK
}
