package dev.partsmith.faults;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import javax.sql.DataSource;

import dev.partsmith.catalog.PartitionBounds;
import dev.partsmith.catalog.PartitionInfo;
import dev.partsmith.catalog.PartitionKey;
import dev.partsmith.catalog.QualifiedName;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.lifecycle.PartitionRepository;
import dev.partsmith.plan.CreatePartition;
import dev.partsmith.postgres.PostgresPartitionRepository;

/**
 * The test seam of the crash tests: a {@link PartitionRepository} that delegates every step and,
 * right after the step named by {@link Point} has committed (for the table named, or for the first
 * table it is reached for), tells the test on stdout and then waits, never to return, for the test to
 * kill its JVM.
 */
final class PausingRepository implements PartitionRepository {

    /** Where a step has half happened. */
    enum Point {
        /** A new partition's table was created (and marked pending-attach), not yet attached. */
        AFTER_CREATE,
        /** A table was attached to its parent (for a partition with levels below, maybe not yet itself to the live parent). */
        AFTER_ATTACH,
        /** The expired partition carries the orphan marker, not yet detached. */
        AFTER_MARK,
        /** The expired partition was detached, not yet dropped. */
        AFTER_DETACH,
        /** The DEFAULT partition carries the CHECK of the new partition's range, not validated (it is being turned into that partition). */
        AFTER_DRAIN_CHECK,
        /** The DEFAULT partition's CHECK of the new partition's range is validated; the DEFAULT is not swapped for the partition yet. */
        AFTER_DRAIN_VALIDATE
    }

    static final String PAUSED = "@@PAUSED";

    private final PartitionRepository delegate;
    private final Point point;
    private final String table;

    /** @param table the name of the table to pause at; {@code null} for the first one the point is reached for */
    PausingRepository(PartitionRepository delegate, Point point, String table) {
        this.delegate = delegate;
        this.point = point;
        this.table = table;
    }

    @Override
    public void createPartition(TablePartitionConfig config, QualifiedName parent, QualifiedName partition, PartitionBounds bounds,
            PartitionKey partitionBy, QualifiedName storageFrom, Instant now) {
        delegate.createPartition(config, parent, partition, bounds, partitionBy, storageFrom, now);
        pauseAt(Point.AFTER_CREATE, partition);
    }

    /** Tables created together (in one transaction by PostgreSQL's repository): the pause comes after all of them. */
    @Override
    public Map<QualifiedName, RuntimeException> createPartitions(TablePartitionConfig config, List<CreatePartition> partitions, Instant now) {
        Map<QualifiedName, RuntimeException> failures = delegate.createPartitions(config, partitions, now);
        for (CreatePartition create : partitions) {
            if (!failures.containsKey(create.partition())) {
                pauseAt(Point.AFTER_CREATE, create.partition());
            }
        }
        return failures;
    }

    @Override
    public long attachPartition(TablePartitionConfig config, QualifiedName parent, QualifiedName partition, PartitionBounds bounds) {
        long moved = delegate.attachPartition(config, parent, partition, bounds);
        pauseAt(Point.AFTER_ATTACH, partition);
        return moved;
    }

    @Override
    public void markOrphan(TablePartitionConfig config, QualifiedName parent, PartitionInfo partition, Instant now) {
        delegate.markOrphan(config, parent, partition, now);
        pauseAt(Point.AFTER_MARK, partition.table());
    }

    @Override
    public void detachPartition(TablePartitionConfig config, QualifiedName parent, QualifiedName partition, boolean concurrently,
            boolean onlyIfEmpty) {
        delegate.detachPartition(config, parent, partition, concurrently, onlyIfEmpty);
        pauseAt(Point.AFTER_DETACH, partition);
    }

    @Override
    public void finalizeDetach(TablePartitionConfig config, QualifiedName parent, QualifiedName partition) {
        delegate.finalizeDetach(config, parent, partition);
    }

    @Override
    public void clearOrphanMarker(TablePartitionConfig config, QualifiedName parent, QualifiedName partition) {
        delegate.clearOrphanMarker(config, parent, partition);
    }

    @Override
    public void dropPartition(TablePartitionConfig config, QualifiedName parent, QualifiedName partition, Instant now, boolean requireEmpty) {
        delegate.dropPartition(config, parent, partition, now, requireEmpty);
    }

    /**
     * partsmith's PostgreSQL repository, pausing as this one does after the steps that turn a DEFAULT
     * partition into a new partition ({@link Point#AFTER_DRAIN_CHECK}, {@link Point#AFTER_DRAIN_VALIDATE}).
     */
    static PostgresPartitionRepository postgres(DataSource dataSource, Point point, String table) {
        return new PostgresPartitionRepository(dataSource) {
            @Override
            protected void addDrainCheck(TablePartitionConfig config, QualifiedName parent, QualifiedName defaultPartition, QualifiedName partition,
                    PartitionBounds bounds) {
                super.addDrainCheck(config, parent, defaultPartition, partition, bounds);
                pauseAt(point, table, Point.AFTER_DRAIN_CHECK, partition);
            }

            @Override
            protected long validateDrainCheck(TablePartitionConfig config, QualifiedName defaultPartition, QualifiedName partition) {
                long rows = super.validateDrainCheck(config, defaultPartition, partition);
                pauseAt(point, table, Point.AFTER_DRAIN_VALIDATE, partition);
                return rows;
            }
        };
    }

    private void pauseAt(Point reached, QualifiedName partition) {
        pauseAt(point, table, reached, partition);
    }

    private static void pauseAt(Point point, String table, Point reached, QualifiedName partition) {
        if (reached != point || table != null && !table.equals(partition.name())) {
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
