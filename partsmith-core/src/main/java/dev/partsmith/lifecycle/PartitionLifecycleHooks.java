package dev.partsmith.lifecycle;

import java.time.ZonedDateTime;

import dev.partsmith.catalog.PartitionInfo;
import dev.partsmith.config.TablePartitionConfig;

/**
 * Logic of your own at each step of a partition's life: export before a drop, notify after a
 * create, refuse a detach. Every method does nothing unless overridden. Several hooks run in the
 * order they are given (in Spring, {@code @Order}).
 *
 * <p>Each of the six points ({@link HookPoint}) comes in two forms: the seed's signature (table and
 * partition names, bounds where known), and one taking a {@link PartitionContext} (the config, the
 * partition with typed bounds, the rows moved). partsmith calls {@link #on(HookPoint, PartitionContext)},
 * which calls the context form of the point, whose default calls the seed form: override whichever
 * suits, or {@code on} to handle every point in one place.
 *
 * <p>Failure semantics: a {@code before*} method that throws stops that one operation (the
 * partition is not created, detached or dropped), the result is unsuccessful and its error says
 * why; the run's other operations still go ahead. An {@code after*} method that throws is logged
 * as a warning and added to the result's issues as a warning; the result stays successful.
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

    /** After a partition was detached (it is now an orphan awaiting its drop). */
    default void afterDetach(String tableName, String partitionName) {
    }

    /** Before a detached table is dropped: the last chance to read its rows. */
    default void beforeDrop(String tableName, String partitionName) {
    }

    /** After a detached table was dropped. */
    default void afterDrop(String tableName, String partitionName) {
    }

    /** Before a new partition is created (or a table made earlier is attached); calls the seed form. */
    default void beforeCreate(PartitionContext context) {
        beforeCreate(context.config(), context.partitionName(), context.from().orElse(null), context.to().orElse(null));
    }

    /** After a partition was created and attached, with the rows moved into it; calls the seed form. */
    default void afterCreate(PartitionContext context) {
        afterCreate(context.config(), context.partition());
    }

    /** Before a partition is marked and detached; calls the seed form. */
    default void beforeDetach(PartitionContext context) {
        beforeDetach(context.config().tableName(), context.partition());
    }

    /** After a partition was detached; calls the seed form. */
    default void afterDetach(PartitionContext context) {
        afterDetach(context.config().tableName(), context.partitionName());
    }

    /** Before a detached table is dropped; calls the seed form. */
    default void beforeDrop(PartitionContext context) {
        beforeDrop(context.config().tableName(), context.partitionName());
    }

    /** After a detached table was dropped; calls the seed form. */
    default void afterDrop(PartitionContext context) {
        afterDrop(context.config().tableName(), context.partitionName());
    }

    /** What partsmith calls at every point: the context form of {@code point}. */
    default void on(HookPoint point, PartitionContext context) {
        point.call(this, context);
    }
}
