package dev.partsmith.migration;

import java.util.List;
import java.util.Optional;

import dev.partsmith.catalog.KeyPoint;
import dev.partsmith.catalog.PartitionKeyType;
import dev.partsmith.catalog.QualifiedName;
import dev.partsmith.config.MaintenanceSettings;
import dev.partsmith.migration.TwinPartitions.TwinPartition;

/**
 * Runs the steps of an online migration against the database. Each step commits its work together with the
 * migration's state naming the step after it, so that a step stopped half-way leaves nothing the next call
 * would trip over; each is safe to run again. {@link TableMigrator} decides which step to run.
 */
public interface MigrationRepository {

    /** The catalog and the recorded state of {@code request}'s migration. */
    MigrationSnapshot read(MigrationRequest request);

    /**
     * Creates the twin and records the migration's state.
     *
     * @throws dev.partsmith.TableMigrationException when the table cannot be migrated, naming every reason
     */
    void createTwin(MigrationRequest request);

    /** The type of the partition key and the oldest key in the table (empty when it is empty). */
    KeyRange keyRange(MigrationRequest request);

    /** Creates the twin's partitions that are missing, and its DEFAULT partition. */
    void createPartitions(MigrationRequest request, List<TwinPartition> partitions);

    /** Installs the sync trigger on the old table and records the last key to copy. */
    void installSync(MigrationRequest request);

    /** Copies the next batch of at most {@code batchSize} rows in key order. */
    CopyBatch copyBatch(MigrationRequest request, int batchSize);

    /** Gathers the twin's statistics. */
    void analyze(MigrationRequest request);

    /**
     * Compares the two tables in one snapshot and, when they match, records that the swap is next.
     *
     * @throws dev.partsmith.TableMigrationException when they differ
     */
    Verification verify(MigrationRequest request);

    /** Swaps the names in one transaction and records the migration as done. */
    void swap(MigrationRequest request);

    /**
     * Removes what an unfinished migration of {@code table} made (the sync trigger, the twin and its
     * partitions) and its state; the table itself is left as it is.
     *
     * @return the state the migration was in; empty when none was in progress
     */
    Optional<MigrationState> abort(QualifiedName table, MaintenanceSettings settings);

    /**
     * The partition key of the table being partitioned.
     *
     * @param type how the key is read and written (for a range level; {@code null} otherwise)
     * @param oldest the smallest key in the table as a point on the key's axis; empty when the table is empty
     * @param newest the largest key in the table as a point on the key's axis; empty when the table is empty
     */
    record KeyRange(PartitionKeyType type, Optional<KeyPoint> oldest, Optional<KeyPoint> newest) {
    }
}
