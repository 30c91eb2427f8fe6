package dev.partsmith.migration;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

import dev.partsmith.InvalidPartitionConfigException;
import dev.partsmith.InvalidPartitionConfigException.Violation;
import dev.partsmith.catalog.QualifiedName;
import dev.partsmith.config.MaintenanceSettings;
import dev.partsmith.config.TablePartitionConfig;

/**
 * One table to migrate, which way, and how. The names a migration uses follow from the table's:
 * the twin {@code <name>_intermediate} while it is built, {@code <name>_retired} for the old table once
 * swapped, and (partitioning) {@code <name>_default} for the twin's DEFAULT partition.
 *
 * @param direction partition or unpartition
 * @param table the table, as stored in the catalog
 * @param config partitioning: the scheme of the new table's partitions (column, granularity, zone, create-ahead);
 *        {@code null} when unpartitioning
 * @param settings {@code lock_timeout} and retry budget of every DDL transaction
 * @param options how rows are copied
 */
public record MigrationRequest(MigrationDirection direction, QualifiedName table, TablePartitionConfig config, MaintenanceSettings settings,
        MigrationOptions options) {

    static final String TWIN_SUFFIX = "_intermediate";
    static final String RETIRED_SUFFIX = "_retired";
    static final String DEFAULT_SUFFIX = "_default";

    /**
     * @throws InvalidPartitionConfigException when a name the migration needs would pass PostgreSQL's 63 bytes
     */
    public MigrationRequest {
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(options, "options");
        if ((direction == MigrationDirection.PARTITION) != (config != null)) {
            throw new IllegalArgumentException("a partitioning needs a config, an unpartitioning none");
        }
        for (String suffix : List.of(TWIN_SUFFIX, RETIRED_SUFFIX, DEFAULT_SUFFIX)) {
            String name = table.name() + suffix;
            int bytes = name.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > TablePartitionConfig.MAX_IDENTIFIER_BYTES) {
                throw new InvalidPartitionConfigException(table.toString(), List.of(new Violation("tableName", table.name(),
                        "is too long to migrate: '" + name + "' is " + bytes + " bytes, PostgreSQL allows "
                                + TablePartitionConfig.MAX_IDENTIFIER_BYTES)));
            }
        }
    }

    /** Partition {@code config}'s table by its scheme, with its lock timeout and retry budget. */
    public static MigrationRequest partition(TablePartitionConfig config, MigrationOptions options) {
        return new MigrationRequest(MigrationDirection.PARTITION, config.qualifiedName(), config, config.settings(), options);
    }

    /** Turn the partitioned {@code table} back into a plain table. */
    public static MigrationRequest unpartition(QualifiedName table, MaintenanceSettings settings, MigrationOptions options) {
        return new MigrationRequest(MigrationDirection.UNPARTITION, table, null, settings, options);
    }

    /** The new table while it is built: {@code <name>_intermediate}. */
    public QualifiedName twin() {
        return new QualifiedName(table.schema(), table.name() + TWIN_SUFFIX);
    }

    /** The old table once swapped: {@code <name>_retired}. */
    public QualifiedName retired() {
        return new QualifiedName(table.schema(), table.name() + RETIRED_SUFFIX);
    }

    /** The twin's DEFAULT partition when partitioning: {@code <name>_default}. */
    public QualifiedName defaultPartition() {
        return new QualifiedName(table.schema(), table.name() + DEFAULT_SUFFIX);
    }

    /** {@code partition} or {@code unpartition}, for messages. */
    public String verb() {
        return direction == MigrationDirection.PARTITION ? "partition" : "unpartition";
    }
}
