package dev.partsmith.migration;

/**
 * One batch of the copy, as committed.
 *
 * @param rows rows of the old table the batch copied (rows the sync trigger had already written are left as they are)
 * @param copiedRows rows copied by every batch of the migration so far
 * @param estimatedRows rows the copy was estimated to have when it started (from the planner's statistics)
 * @param batchSize the batch size that worked, and that the next batch starts with: smaller than asked when a batch
 *        held its rows longer than {@code lock_timeout} and was retried at half the size
 * @param last whether this batch reached the last key to copy
 */
public record CopyBatch(long rows, long copiedRows, long estimatedRows, int batchSize, boolean last) {
}
