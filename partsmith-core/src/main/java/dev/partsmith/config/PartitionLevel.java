package dev.partsmith.config;

import java.util.List;

import dev.partsmith.InvalidPartitionConfigException.Violation;

/**
 * One level of a managed table's partition tree: the column the level splits on and how. The table
 * itself is split by its first level; each partition of a level is split by the next, down to the
 * last level, whose partitions hold the rows. A partition's name is its parent's name, two
 * underscores, and what it holds at its level ({@code events__2024_03}, {@code events__eu},
 * {@code events__h3}, {@code orders__p3000000}; {@code events__eu__2026_12_01} one level down).
 */
public sealed interface PartitionLevel permits RangeLevel, ListLevel, HashLevel {

    /** The column the level splits on. */
    String column();

    /** PostgreSQL's partitioning method of the level. */
    PartitionType type();

    /** How the level cuts: by time, by integer key, by value, by hash. */
    PartitionStrategy strategy();

    /** The level in a few words, for messages: {@code month ranges of created_at}. */
    String describe();

    /**
     * The longest name a partition of this level can get under a table named {@code parentName}:
     * what the 63-byte check of names is made with.
     */
    String longestChildName(String parentName);

    /** Adds what is wrong with this level's values to {@code violations}, each field prefixed with {@code field}. */
    void check(String field, List<Violation> violations);
}
