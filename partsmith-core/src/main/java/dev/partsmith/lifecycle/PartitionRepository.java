package dev.partsmith.lifecycle;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.partsmith.DdlLockTimeoutException;
import dev.partsmith.PartitionAlreadyExistsException;
import dev.partsmith.PartitionAttachedException;
import dev.partsmith.PartitionNotEmptyException;
import dev.partsmith.PartitionNotFoundException;
import dev.partsmith.UnmanagedPartitionDropException;
import dev.partsmith.catalog.PartitionBounds;
import dev.partsmith.catalog.PartitionInfo;
import dev.partsmith.catalog.PartitionKey;
import dev.partsmith.catalog.QualifiedName;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.plan.CreatePartition;

/**
 * The DDL partsmith runs. Each method commits its own short transactions (never joining a caller's),
 * every transaction bounded by the config's {@code lock_timeout} and retried on lock timeouts within
 * its retry budget, after which {@link DdlLockTimeoutException} is thrown with nothing changed by the
 * failed step.
 */
public interface PartitionRepository {

    /**
     * Creates the table of a new partition, standalone, like the managed parent, owned by the parent's
     * owner, with the privileges, replica identity and tablespace of the parent and the storage
     * parameters of {@code storageFrom}, and marked {@code pending-attach} to {@code parent} for
     * {@code bounds}; partitioned by {@code partitionBy} when that is given.
     *
     * @param parent the table the partition will be attached to
     * @param partitionBy the new table's partition key, or {@code null} for a table of rows
     * @param storageFrom a table of rows under the managed parent whose storage parameters the new one takes; {@code null} for none
     * @throws PartitionAlreadyExistsException when a relation of that name exists
     */
    void createPartition(TablePartitionConfig config, QualifiedName parent, QualifiedName partition, PartitionBounds bounds,
            PartitionKey partitionBy, QualifiedName storageFrom, Instant now);

    /**
     * Creates the tables of several new partitions of one managed table, each as {@link #createPartition}
     * does (its own partitions, when it has levels below, are not created), and says which could not be
     * created and why. The default creates them one at a time.
     *
     * @param partitions the partitions whose tables to create, each with its parent, bounds, key and storage source
     * @return the failure of each partition whose table was not created, by partition; empty when all were created
     */
    default Map<QualifiedName, RuntimeException> createPartitions(TablePartitionConfig config, List<CreatePartition> partitions, Instant now) {
        Map<QualifiedName, RuntimeException> failures = new LinkedHashMap<>();
        for (CreatePartition create : partitions) {
            try {
                createPartition(config, create.parent(), create.partition(), create.bounds(), create.partitionBy(), create.storageFrom(), now);
            }
            catch (RuntimeException ex) {
                failures.put(create.partition(), ex);
            }
        }
        return failures;
    }

    /**
     * Attaches a table partsmith made (its marker for {@code parent}, written for its name, is checked)
     * for {@code bounds} and clears its marker. When the parent's DEFAULT partition holds rows of the
     * bounds, they are moved into the table and the table attached in one transaction, so no row is
     * lost or seen twice; or, when the DEFAULT holds many rows and all of them of the bounds, the
     * DEFAULT table may itself become the partition, and the table made for it the new DEFAULT, so that
     * no row moves (the PostgreSQL repository does). Rows that a foreign key references are never moved (the move would delete
     * them from DEFAULT, which the key would cascade or refuse): the attach is then refused, naming the
     * key, and the table stays unattached for the next run.
     *
     * @return the number of rows moved out of the DEFAULT partition
     */
    long attachPartition(TablePartitionConfig config, QualifiedName parent, QualifiedName partition, PartitionBounds bounds);

    /** Writes the orphan marker, naming the partition and recording its bounds, on a partition of {@code parent} about to be detached. */
    void markOrphan(TablePartitionConfig config, QualifiedName parent, PartitionInfo partition, Instant now);

    /**
     * Detaches a partition from {@code parent}, {@code CONCURRENTLY} when asked (the parent must have no
     * DEFAULT partition). A concurrent detach interrupted by a lock timeout is completed with
     * {@code FINALIZE} on retry. A partition that is already detached counts as done. A detach that
     * fails and leaves the partition attached removes partsmith's orphan marker from it.
     *
     * @param onlyIfEmpty refuse, leaving the partition attached, when it holds a row right before the detach
     * @throws PartitionNotEmptyException when it does
     */
    void detachPartition(TablePartitionConfig config, QualifiedName parent, QualifiedName partition, boolean concurrently, boolean onlyIfEmpty);

    /** Completes a pending {@code DETACH ... CONCURRENTLY}; a partition already detached counts as done. */
    void finalizeDetach(TablePartitionConfig config, QualifiedName parent, QualifiedName partition);

    /** Removes partsmith's orphan marker from a partition that is attached; anything else is left as it is. */
    void clearOrphanMarker(TablePartitionConfig config, QualifiedName parent, QualifiedName partition);

    /**
     * Drops a detached table after removing its own outgoing foreign keys, one per transaction; a
     * partitioned table goes leaf first, one table per transaction. Each step re-checks under an
     * exclusive lock on the table (the top one of a partitioned table) that it is detached and carries
     * {@code parent}'s marker, written for its own name, with its grace elapsed (a never-attached table,
     * or one that must be empty, is also checked empty). Never {@code CASCADE}.
     *
     * @param requireEmpty whether the table may only go when it holds no row
     * @throws UnmanagedPartitionDropException when the checks fail (unless the implementation allows unmanaged drops)
     * @throws PartitionAttachedException when the table is attached
     * @throws PartitionNotFoundException when it does not exist
     */
    void dropPartition(TablePartitionConfig config, QualifiedName parent, QualifiedName partition, Instant now, boolean requireEmpty);
}
