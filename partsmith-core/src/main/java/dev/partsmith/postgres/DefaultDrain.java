package dev.partsmith.postgres;

/**
 * Which way the rows of a new partition leave its parent's DEFAULT partition; a pure function of
 * what was found there.
 * <ul>
 * <li>{@link Strategy#SWAP}: the DEFAULT holds many rows, all of the new partition's range. The
 * DEFAULT table itself becomes the partition and an empty table the new DEFAULT
 * ({@link DefaultPartitionSwap}); no row moves, and the parent is locked only for a few catalog
 * changes.</li>
 * <li>{@link Strategy#MOVE}: otherwise. The rows of the range are moved into the new table inside the
 * attach's transaction ({@link DefaultPartitionMove}), while the parent is locked {@code EXCLUSIVE}:
 * writers wait for as long as the move takes, which is short when the rows are few.</li>
 * </ul>
 */
final class DefaultDrain {

    /**
     * Rows of the range in DEFAULT from which they are not moved but the DEFAULT is swapped: below it a
     * move in the attach's transaction keeps writers waiting a few milliseconds at most, about what the
     * swap's own steps cost.
     */
    static final long SWAP_FROM_ROWS = 10_000;

    enum Strategy {
        MOVE,
        SWAP
    }

    /**
     * What decides, as read from the catalog and the DEFAULT partition.
     *
     * @param swappable the DEFAULT and the new partition are plain tables in one schema, the key is a
     *        range of one column (so that a CHECK of the range lets the attach skip its scan), and no
     *        foreign key references the table
     * @param rowsOfRange rows of the new partition's range in DEFAULT, counted up to {@link #SWAP_FROM_ROWS}
     * @param otherRows whether DEFAULT holds any row outside the range (a NULL key included)
     */
    record Found(boolean swappable, long rowsOfRange, boolean otherRows) {
    }

    private DefaultDrain() {
    }

    static Strategy choose(Found found) {
        return found.swappable() && !found.otherRows() && found.rowsOfRange() >= SWAP_FROM_ROWS ? Strategy.SWAP : Strategy.MOVE;
    }
}
