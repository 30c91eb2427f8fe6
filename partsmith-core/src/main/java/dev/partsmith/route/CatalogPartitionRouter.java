package dev.partsmith.route;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.partsmith.InvalidParentTableException;
import dev.partsmith.catalog.PartitionMetadataProvider;
import dev.partsmith.catalog.QualifiedName;
import dev.partsmith.config.TablePartitionConfig;

/**
 * A {@link PartitionRouter} that reads the table's tree from the catalog on every call, through the same
 * {@link PartitionMetadataProvider} partsmith plans with: always current, at the cost of one catalog read
 * (a few queries, no lock) per call. To place many keys, take one {@link #map(QualifiedName)} and resolve
 * them against it.
 *
 * <p>Thread-safe.
 */
public class CatalogPartitionRouter implements PartitionRouter {

    private final PartitionMetadataProvider metadata;
    private final Map<QualifiedName, TablePartitionConfig> tables = new LinkedHashMap<>();

    /**
     * @param metadata where the trees are read
     * @param tables the tables this router answers for
     */
    public CatalogPartitionRouter(PartitionMetadataProvider metadata, Collection<TablePartitionConfig> tables) {
        this.metadata = metadata;
        tables.forEach(config -> this.tables.put(config.qualifiedName(), config));
    }

    /**
     * The table's partitions, and theirs at every depth, as the catalog shows them now.
     *
     * @throws PartitionMapUnavailableException when the table is not one this router answers for, or the
     *         catalog says it cannot be managed as configured
     * @throws dev.partsmith.PartitionException when the catalog cannot be read
     */
    @Override
    public PartitionMap map(QualifiedName table) {
        TablePartitionConfig config = tables.get(table);
        if (config == null) {
            throw new PartitionMapUnavailableException(table + " is not one of the tables this router answers for: " + tables.keySet());
        }
        try {
            return PartitionMap.of(metadata.readTree(config), config);
        }
        catch (InvalidParentTableException ex) {
            throw new PartitionMapUnavailableException("cannot read the partitions of " + table + ": " + ex.getMessage(), ex);
        }
    }
}
