package dev.partsmith.catalog;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.partsmith.InvalidParentTableException;
import dev.partsmith.config.TablePartitionConfig;

/**
 * Reads a partitioned table's state from the database. Implementations read the catalog only:
 * they take no locks on the table or its partitions and do not depend on {@code search_path}.
 */
public interface PartitionMetadataProvider {

    /**
     * The table's current tree: attached partitions with their bounds, and partsmith's marked tables.
     *
     * @throws InvalidParentTableException when the schema or table is missing, the table is not
     *         range partitioned, or it is partitioned on another column or on a type partsmith
     *         cannot manage
     */
    PartitionTree readTree(TablePartitionConfig config);

    /**
     * Which of its parent's partitioned indexes have no valid index of one attached partition attached to
     * them, and which of its parent's CHECK constraints the partition lacks, read now: what is checked right
     * after an attach. Reads the catalog only, taking no lock.
     *
     * @return {@link Alignment#ALIGNED} also when the table is not a partition
     */
    Alignment readAlignment(QualifiedName partition);

    /**
     * The trees of several tables at once, keyed by their configs. A table that
     * {@link #readTree} would refuse is left out of the map (ask {@code readTree} to learn why).
     * Implementations may read all tables in a few queries instead of a few per table; this default
     * reads them one by one.
     */
    default Map<TablePartitionConfig, PartitionTree> readTrees(Collection<TablePartitionConfig> configs) {
        Map<TablePartitionConfig, PartitionTree> trees = new LinkedHashMap<>();
        for (TablePartitionConfig config : configs) {
            try {
                trees.put(config, readTree(config));
            }
            catch (InvalidParentTableException ex) {
                // left out: the caller reads it alone and reports the reason
            }
        }
        return trees;
    }
}
