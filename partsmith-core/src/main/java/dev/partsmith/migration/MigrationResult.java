package dev.partsmith.migration;

import java.time.Duration;

import dev.partsmith.catalog.QualifiedName;

/**
 * What one call of {@link TableMigrator} did.
 *
 * @param table the table
 * @param direction partition or unpartition; {@code null} when skipped or when there was nothing to abort
 * @param outcome how the call ended
 * @param nextStep the step the next call would run; {@link MigrationStep#DONE} once swapped; {@code null} when skipped or aborted
 * @param batches batches this call copied
 * @param copiedRows rows copied by every batch of the migration so far
 * @param verification the comparison before the swap, when this call made it; {@code null} otherwise
 * @param message what happened, in one sentence
 * @param duration how long the call took
 */
public record MigrationResult(QualifiedName table, MigrationDirection direction, Outcome outcome, MigrationStep nextStep, long batches,
        long copiedRows, Verification verification, String message, Duration duration) {

    /** Whether the table is in the wanted form now (swapped by this call or before). */
    public boolean finished() {
        return outcome == Outcome.SWAPPED || outcome == Outcome.ALREADY_DONE;
    }

    /** How a call ended. */
    public enum Outcome {
        /** This call swapped the tables: the migration is complete. */
        SWAPPED,
        /** The table was in the wanted form already; nothing was done. */
        ALREADY_DONE,
        /** The call copied its {@link MigrationOptions#maxBatches()} batches and returned; the next call carries on. */
        PAUSED,
        /** Another migration or maintenance run holds the table's lock; nothing was done. */
        SKIPPED,
        /** An unfinished migration was removed (the table itself left as it was). */
        ABORTED,
        /** There was no unfinished migration to abort. */
        NOTHING_TO_ABORT
    }
}
