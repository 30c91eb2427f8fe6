package dev.partsmith.faults;

import java.time.Instant;
import java.util.concurrent.CountDownLatch;

import dev.partsmith.catalog.PartitionInfo;
import dev.partsmith.catalog.QualifiedName;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.lifecycle.PartitionRepository;
import dev.partsmith.plan.PartitionWindow;

/**
 * The test seam of the crash tests: a {@link PartitionRepository} that delegates every step and,
 * right after the step named by {@link Point} has committed, tells the test on stdout and then
 * waits, never to return, for the test to kill its JVM.
 */
final class PausingRepository implements PartitionRepository {

    /** Where a step has half happened. */
    enum Point {
        /** The new partition's table was created (and marked pending-attach), not yet attached. */
        AFTER_CREATE,
        /** The expired partition carries the orphan marker, not yet detached. */
        AFTER_MARK,
        /** The expired partition was detached, not yet dropped. */
        AFTER_DETACH
    }

    static final String PAUSED = "@@PAUSED";

    private final PartitionRepository delegate;
    private final Point point;

    PausingRepository(PartitionRepository delegate, Point point) {
        this.delegate = delegate;
        this.point = point;
    }

    @Override
    public void createPartition(TablePartitionConfig config, QualifiedName partition, PartitionWindow window, QualifiedName storageFrom,
            Instant now) {
        delegate.createPartition(config, partition, window, storageFrom, now);
        pauseAt(Point.AFTER_CREATE, partition);
    }

    @Override
    public long attachPartition(TablePartitionConfig config, QualifiedName partition, PartitionWindow window) {
        return delegate.attachPartition(config, partition, window);
    }

    @Override
    public void markOrphan(TablePartitionConfig config, PartitionInfo partition, Instant now) {
        delegate.markOrphan(config, partition, now);
        pauseAt(Point.AFTER_MARK, partition.table());
    }

    @Override
    public void detachPartition(TablePartitionConfig config, QualifiedName partition, boolean concurrently) {
        delegate.detachPartition(config, partition, concurrently);
        pauseAt(Point.AFTER_DETACH, partition);
    }

    @Override
    public void finalizeDetach(TablePartitionConfig config, QualifiedName partition) {
        delegate.finalizeDetach(config, partition);
    }

    @Override
    public void clearOrphanMarker(TablePartitionConfig config, QualifiedName partition) {
        delegate.clearOrphanMarker(config, partition);
    }

    @Override
    public void dropPartition(TablePartitionConfig config, QualifiedName partition, Instant now) {
        delegate.dropPartition(config, partition, now);
    }

    private void pauseAt(Point reached, QualifiedName partition) {
        if (reached != point) {
            return;
        }
        System.out.println(PAUSED + " " + reached + " " + partition);
        System.out.flush();
        try {
            new CountDownLatch(1).await();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while paused at " + reached, ex);
        }
    }
}
