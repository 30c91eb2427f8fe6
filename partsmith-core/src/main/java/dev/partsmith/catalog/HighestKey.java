package dev.partsmith.catalog;

/**
 * The highest key in use of an integer key column, read without scanning the table.
 *
 * @param value the highest key; {@code null} when no key is in use yet (an empty table, an unused sequence)
 * @param source where it was read: the key's sequence, or {@code max()} through an index
 */
public record HighestKey(Long value, String source) {
}
