package dev.partsmith.catalog;

import java.util.List;
import java.util.Objects;

/**
 * How far an attached partition matches its parent, as the catalog shows it: the parent's partitioned
 * indexes that have no valid index attached on the partition, and the parent's CHECK constraints the
 * partition lacks by name (PostgreSQL ties a partition's same-named CHECK constraint to the parent's expression). NOT NULL constraints, which PostgreSQL 18 lists among the
 * constraints too, do not count. What the gaps mean is decided in {@code IndexAlignment}.
 *
 * @param indexes each partitioned index of the parent without a valid index of the partition attached to it
 * @param missingChecks the names of the parent's CHECK constraints the partition lacks
 */
public record Alignment(List<IndexGap> indexes, List<String> missingChecks) {

    /** A partition that has everything its parent has. */
    public static final Alignment ALIGNED = new Alignment(List.of(), List.of());

    public Alignment {
        indexes = List.copyOf(indexes);
        missingChecks = List.copyOf(missingChecks);
    }

    /** Whether nothing of the parent's is missing or invalid on the partition. */
    public boolean aligned() {
        return indexes.isEmpty() && missingChecks.isEmpty();
    }

    /**
     * A partitioned index of the parent that the partition has no valid index for.
     *
     * @param parentIndex the parent's index (its name; it lives in the parent's schema)
     * @param partitionIndex the partition's index attached to it, which is {@code INVALID}; {@code null}
     *        when no index of the partition is attached to it
     * @param partitioned whether that index is partitioned in turn (the partition is partitioned): it is
     *        invalid while a partition below lacks a valid index of its own
     */
    public record IndexGap(String parentIndex, String partitionIndex, boolean partitioned) {

        public IndexGap {
            Objects.requireNonNull(parentIndex, "parentIndex");
        }

        /** Whether an index is attached, and invalid. */
        public boolean invalid() {
            return partitionIndex != null;
        }
    }
}
