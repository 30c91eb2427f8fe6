package dev.partsmith.catalog;

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
}
