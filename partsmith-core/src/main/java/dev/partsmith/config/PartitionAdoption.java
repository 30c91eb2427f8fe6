package dev.partsmith.config;

/**
 * Which attached partitions of a table partsmith may retire.
 *
 * <p>partsmith drops tables, so by default it claims only what it would have made itself; partitions
 * attached by hand or by another tool are listed as not managed and left alone.
 */
public enum PartitionAdoption {

    /**
     * Only partitions on the table's period grid: bounded exactly by one period of its granularity in
     * its time zone and named as partsmith names that period. The default.
     */
    GRID,

    /** Every attached partition, judged by its upper bound alone, whatever its name and width. */
    BOUNDS
}
