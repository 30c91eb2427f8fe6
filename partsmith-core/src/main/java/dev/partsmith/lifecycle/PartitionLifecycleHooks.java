package dev.partsmith.lifecycle;

import java.time.ZonedDateTime;

import dev.partsmith.catalog.PartitionInfo;
import dev.partsmith.config.TablePartitionConfig;

/**
 * Logic of your own at each step of a partition's life: export before a drop, notify after a
 * create, refuse a detach. Every method does nothing unless overridden. Several hooks run in the
 * order they are given (in Spring, {@code @Order}).
 *
 * <p>Failure semantics: a {@code before*} method that throws stops that one operation (the
 * partition is not created, detached or dropped), the result is unsuccessful and its error says
 * why; the run's other operations still go ahead. An {@code after*} method that throws is logged
 * as a warning and added to the result's issues as a warning; the result stays successful.
 *
 * <p>Detach and drop points come in two forms: the one with the table's name (as in pg-partsmith)
 * and one with the whole config, for hooks serving tables in several schemas. partsmith calls the
 * config form, whose default calls the name form: override either.
 *
 * <p>Hooks run on the maintaining thread, outside partsmith's transactions, while the table's
 * maintenance lock is held; they should not take long.
 */
public interface PartitionLifecycleHooks {

    /** Before a new partition is created; {@code from} and {@code to} are its bounds in the table's zone. */
    default void beforeCreate(TablePartitionConfig config, String partitionName, ZonedDateTime from, ZonedDateTime to) {
    }

    /** After a new partition was created and attached. */
    default void afterCreate(TablePartitionConfig config, PartitionInfo partition) {
    }

    /** Before an expired partition is marked and detached. */
    default void beforeDetach(String tableName, PartitionInfo partition) {
    }

    /** Before an expired partition is marked and detached; calls {@link #beforeDetach(String, PartitionInfo)}. */
    default void beforeDetach(TablePartitionConfig config, PartitionInfo partition) {
        beforeDetach(config.tableName(), partition);
    }

    /** After a partition was detached (it is now an orphan awaiting its drop). */
    default void afterDetach(String tableName, String partitionName) {
    }

    /** After a partition was detached; calls {@link #afterDetach(String, String)}. */
    default void afterDetach(TablePartitionConfig config, String partitionName) {
        afterDetach(config.tableName(), partitionName);
    }

    /** Before a detached table is dropped: the last chance to read its rows. */
    default void beforeDrop(String tableName, String partitionName) {
    }

    /** Before a detached table is dropped; calls {@link #beforeDrop(String, String)}. */
    default void beforeDrop(TablePartitionConfig config, String partitionName) {
        beforeDrop(config.tableName(), partitionName);
    }

    /** After a detached table was dropped. */
    default void afterDrop(String tableName, String partitionName) {
    }

    /** After a detached table was dropped; calls {@link #afterDrop(String, String)}. */
    default void afterDrop(TablePartitionConfig config, String partitionName) {
        afterDrop(config.tableName(), partitionName);
    }
}
