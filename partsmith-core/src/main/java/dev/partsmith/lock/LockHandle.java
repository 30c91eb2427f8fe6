package dev.partsmith.lock;

import dev.partsmith.LockAcquisitionException;

/** A lock a maintainer holds on one table for the length of a run. */
public interface LockHandle extends AutoCloseable {

    /**
     * Confirms the lock is still held, before each DDL step of the run.
     *
     * @throws LockAcquisitionException when it was lost (its connection died, its lease lapsed)
     */
    void verifyHeld();

    /** Releases the lock. Never throws: a failed release is logged, and the lock lapses by its own means. */
    @Override
    void close();
}
