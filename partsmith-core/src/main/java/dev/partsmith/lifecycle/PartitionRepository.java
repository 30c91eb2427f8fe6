package dev.partsmith.lifecycle;

import java.time.Instant;

import dev.partsmith.DdlLockTimeoutException;
import dev.partsmith.PartitionAlreadyExistsException;
import dev.partsmith.PartitionAttachedException;
import dev.partsmith.PartitionNotFoundException;
import dev.partsmith.UnmanagedPartitionDropException;
import dev.partsmith.catalog.QualifiedName;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.plan.PartitionWindow;

/**
 * The DDL partsmith runs. Each method commits its own short transactions (never joining a caller's),
 * every transaction bounded by the config's {@code lock_timeout} and retried on lock timeouts within
 * its retry budget, after which {@link DdlLockTimeoutException} is thrown with nothing changed by the
 * failed step.
 */
public interface PartitionRepository {

    /**
     * Creates the table of a new partition, standalone, like the parent, owned by the parent's owner,
     * and marked {@code pending-attach}.
     *
     * @throws PartitionAlreadyExistsException when a relation of that name exists
     */
    void createPartition(TablePartitionConfig config, QualifiedName partition, Instant now);

    /**
     * Attaches a created table over {@code window} and clears its marker. When the DEFAULT partition
     * holds rows of the window, they are moved into the table and the table attached in one
     * transaction, so no row is lost or seen twice. Rows that a foreign key references are never
     * moved (the move would delete them from DEFAULT, which the key would cascade or refuse): the
     * attach is then refused, naming the key, and the table stays unattached for the next run.
     *
     * @return the number of rows moved out of the DEFAULT partition
     */
    long attachPartition(TablePartitionConfig config, QualifiedName partition, PartitionWindow window);

    /** Writes the orphan marker on a partition about to be detached. */
    void markOrphan(TablePartitionConfig config, QualifiedName partition, Instant now);

    /**
     * Detaches a partition, {@code CONCURRENTLY} when asked (the parent must have no DEFAULT partition).
     * A concurrent detach interrupted by a lock timeout is completed with {@code FINALIZE} on retry.
     * A partition that is already detached counts as done.
     */
    void detachPartition(TablePartitionConfig config, QualifiedName partition, boolean concurrently);

    /** Completes a pending {@code DETACH ... CONCURRENTLY}; a partition already detached counts as done. */
    void finalizeDetach(TablePartitionConfig config, QualifiedName partition);

    /**
     * Drops a detached table after removing its own outgoing foreign keys, one per transaction,
     * re-checking under an exclusive lock on it that it is detached and carries this parent's marker
     * with its grace elapsed (a never-attached table must also be empty). Never {@code CASCADE}.
     *
     * @throws UnmanagedPartitionDropException when the checks fail (unless the implementation allows unmanaged drops)
     * @throws PartitionAttachedException when the table is attached
     * @throws PartitionNotFoundException when it does not exist
     */
    void dropPartition(TablePartitionConfig config, QualifiedName partition, Instant now);
}
