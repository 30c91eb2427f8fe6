package dev.partsmith.migration;

import java.time.Instant;
import java.util.List;

/**
 * A migration's progress as partsmith keeps it in the database (table {@code partsmith_migration} in the
 * table's schema), written in the same transaction as each step's work, so that it always tells the truth
 * about what was done.
 *
 * @param direction partition or unpartition
 * @param step the next step to run; {@link MigrationStep#DONE} once swapped
 * @param sourceOid the old table's OID
 * @param twinOid the twin's OID: the table partsmith created, and the only one it renames, fills or drops
 * @param keyColumns the twin's key, by which rows are copied in order and matched
 * @param bound the highest key to copy (as text, one value per key column), read when the trigger was installed;
 *        {@code null} before, or when the old table was empty then
 * @param cursor the highest key copied so far; {@code null} before the first batch
 * @param copiedRows rows copied by the batches so far
 * @param estimatedRows the rows to copy as estimated when the trigger was installed
 * @param verifiedRows the row count both tables had when they were last verified; {@code null} before
 * @param startedAt when the migration started
 * @param updatedAt when its state last changed
 */
public record MigrationState(MigrationDirection direction, MigrationStep step, long sourceOid, long twinOid, List<String> keyColumns,
        List<String> bound, List<String> cursor, long copiedRows, long estimatedRows, Long verifiedRows, Instant startedAt, Instant updatedAt) {

    public MigrationState {
        keyColumns = List.copyOf(keyColumns);
        bound = bound == null ? null : List.copyOf(bound);
        cursor = cursor == null ? null : List.copyOf(cursor);
    }
}
