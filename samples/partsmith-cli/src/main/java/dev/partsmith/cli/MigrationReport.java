package dev.partsmith.cli;

import java.util.Locale;

import dev.partsmith.migration.MigrationResult;
import dev.partsmith.migration.Verification;

/**
 * What a migration command did, as text or as one JSON document.
 *
 * @param command partition, unpartition or abort-migration
 * @param exitCode 0 or 1
 * @param table the table, schema-qualified
 * @param outcome {@code SWAPPED}, {@code ALREADY_DONE}, {@code PAUSED}, {@code SKIPPED}, {@code ABORTED}, {@code NOTHING_TO_ABORT}
 *        or {@code FAILED}
 * @param nextStep the step the next call would run; {@code null} when there is none
 * @param batches batches this call copied
 * @param copiedRows rows copied by every batch of the migration so far
 * @param verification the comparison before the swap, when this call made it
 * @param message what happened, or why it failed
 * @param durationSeconds how long the call took; {@code null} when it failed
 */
record MigrationReport(String command, int exitCode, String table, String outcome, String nextStep, long batches, Long copiedRows,
        Verification verification, String message, Double durationSeconds) {

    static MigrationReport of(String command, MigrationResult result) {
        return new MigrationReport(command, PartsmithCli.OK, result.table().toString(), result.outcome().name(),
                result.nextStep() == null ? null : result.nextStep().name(), result.batches(), result.copiedRows(), result.verification(),
                result.message(), result.duration().toMillis() / 1000.0);
    }

    String text() {
        if (durationSeconds == null) {
            return table + ": FAILED: " + message;
        }
        StringBuilder text = new StringBuilder(table + ": " + outcome.toLowerCase(Locale.ROOT).replace('_', ' ') + " in "
                + String.format(Locale.ROOT, "%.3fs", durationSeconds) + ": " + message);
        if (batches > 0) {
            text.append(String.format(Locale.ROOT, "; this call copied %,d %s", batches, batches == 1 ? "batch" : "batches"));
        }
        if (verification != null) {
            text.append("; verified ").append(verification);
        }
        return text.toString();
    }
}
