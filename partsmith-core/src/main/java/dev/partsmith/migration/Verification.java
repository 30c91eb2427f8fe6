package dev.partsmith.migration;

import java.util.Objects;

/**
 * The old table and its twin compared in one snapshot, before the swap.
 *
 * @param sourceRows rows in the old table
 * @param twinRows rows in the twin
 * @param sourceChecksum a checksum of every row of the old table, independent of their order; {@code null} unless asked for
 * @param twinChecksum the same of the twin
 */
public record Verification(long sourceRows, long twinRows, String sourceChecksum, String twinChecksum) {

    /** Whether counts, and checksums when compared, are equal. */
    public boolean matches() {
        return sourceRows == twinRows && Objects.equals(sourceChecksum, twinChecksum);
    }

    @Override
    public String toString() {
        return sourceRows + " and " + twinRows + " rows" + (sourceChecksum == null ? "" : ", checksums " + sourceChecksum + " and " + twinChecksum);
    }
}
