package dev.partsmith.migration;

/**
 * Follows a migration as it runs, on the migrating thread: to show progress, or to log it. Every method
 * does nothing unless overridden. A listener that throws stops the migration after the step that was
 * committed; the next call carries on from there.
 */
public interface MigrationListener {

    /** A listener that does nothing. */
    MigrationListener NONE = new MigrationListener() {
    };

    /** {@code step} is about to run (for the copy: before its first batch of this call). */
    default void stepStarted(MigrationRequest request, MigrationStep step) {
    }

    /** A batch of the copy was committed. */
    default void batchCopied(MigrationRequest request, CopyBatch batch) {
    }

    /** {@code step} was committed, with the state that names the step after it. */
    default void stepFinished(MigrationRequest request, MigrationStep step) {
    }
}
