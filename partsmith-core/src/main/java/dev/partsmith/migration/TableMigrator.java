package dev.partsmith.migration;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.partsmith.Count;
import dev.partsmith.PartitionException;
import dev.partsmith.TableMigrationException;
import dev.partsmith.catalog.KeyPoint;
import dev.partsmith.catalog.QualifiedName;
import dev.partsmith.config.IntegerLevel;
import dev.partsmith.config.MaintenanceSettings;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.lock.LockHandle;
import dev.partsmith.lock.LockManager;
import dev.partsmith.migration.MigrationRepository.KeyRange;
import dev.partsmith.migration.TwinPartitions.TwinPartition;

/**
 * Partitions an existing table online, or turns a partitioned table back into a plain one, while
 * applications keep reading and writing it:
 * <ol>
 * <li>a twin is created beside the table ({@code <name>_intermediate}) with its columns, defaults, indexes,
 * constraints, owner and grants; partitioning, its partitions follow for the data's whole range and ahead, with
 * a DEFAULT partition for any other key;</li>
 * <li>a trigger on the table applies every insert, update, delete and truncate to the twin, in the writer's own
 * transaction;</li>
 * <li>the rows that were there before are copied in batches in key order, each batch one transaction that also
 * records how far the copy got;</li>
 * <li>the twin is analyzed, and both tables are compared in one snapshot (row counts, and checksums when asked);</li>
 * <li>in one short transaction the trigger is dropped, the table renamed {@code <name>_retired} and the twin
 * given its name, its indexes' names and its sequences.</li>
 * </ol>
 *
 * <p>Locks: writers wait only for the trigger's installation and the swap, each at most {@code lock_timeout}
 * (retried with backoff within the retry budget), and for a batch that holds a row they write, which is cut
 * off at {@code lock_timeout} and retried smaller. The table's lock ({@link LockManager}, the same one
 * maintenance takes) keeps one migration or maintenance run per table at a time.
 *
 * <p>Every step commits with the state that names the next one (table {@code partsmith_migration} in the
 * table's schema), so a migration stopped anywhere, even by {@code kill -9}, carries on with the next call
 * with the same arguments. {@link #abort} removes an unfinished one.
 *
 * <pre>{@code
 * TableMigrator migrator = new TableMigrator(new PostgresMigrationRepository(dataSource),
 *         new PostgresAdvisoryLockManager(dataSource));
 * MigrationResult result = migrator.partition(config, MigrationOptions.DEFAULTS);
 * }</pre>
 *
 * <p>Thread-safe; calls for one table are kept apart by the lock.
 */
public class TableMigrator {

    private static final Logger log = LoggerFactory.getLogger(TableMigrator.class);

    private final MigrationRepository repository;
    private final LockManager locks;

    public TableMigrator(MigrationRepository repository, LockManager locks) {
        this.repository = repository;
        this.locks = locks;
    }

    /**
     * Partitions {@code config}'s table by the config's scheme, or carries on with its partitioning.
     *
     * @throws TableMigrationException when the table cannot be partitioned, or its migration cannot go on (the message says why)
     * @throws PartitionException when a step fails in the database (a lock timeout past the retry budget, a lost connection);
     *         the next call carries on
     */
    public MigrationResult partition(TablePartitionConfig config, MigrationOptions options) {
        return migrate(MigrationRequest.partition(config, options), MigrationListener.NONE);
    }

    /** {@link #partition(TablePartitionConfig, MigrationOptions)}, telling {@code listener} how it goes. */
    public MigrationResult partition(TablePartitionConfig config, MigrationOptions options, MigrationListener listener) {
        return migrate(MigrationRequest.partition(config, options), listener);
    }

    /**
     * Turns the partitioned {@code table} into a plain table of the same name, or carries on with it. The same
     * steps as partitioning, without partitions to create.
     *
     * @throws TableMigrationException when the table cannot be unpartitioned, or its migration cannot go on
     * @throws PartitionException when a step fails in the database; the next call carries on
     */
    public MigrationResult unpartition(QualifiedName table, MaintenanceSettings settings, MigrationOptions options) {
        return migrate(MigrationRequest.unpartition(table, settings, options), MigrationListener.NONE);
    }

    /** {@link #unpartition(QualifiedName, MaintenanceSettings, MigrationOptions)}, telling {@code listener} how it goes. */
    public MigrationResult unpartition(QualifiedName table, MaintenanceSettings settings, MigrationOptions options, MigrationListener listener) {
        return migrate(MigrationRequest.unpartition(table, settings, options), listener);
    }

    /** Runs {@code request}'s migration from where it is until it is swapped, or its batch limit is reached. */
    public MigrationResult migrate(MigrationRequest request, MigrationListener listener) {
        long started = System.nanoTime();
        Optional<LockHandle> lock = locks.tryLock(request.table());
        if (lock.isEmpty()) {
            return result(request, MigrationResult.Outcome.SKIPPED, null, 0, 0, null, "another migration or maintenance run holds the lock on "
                    + request.table(), started);
        }
        try (LockHandle handle = lock.get()) {
            return run(request, listener, handle, started);
        }
    }

    private MigrationResult run(MigrationRequest request, MigrationListener listener, LockHandle handle, long started) {
        MigrationOptions options = request.options();
        int batchSize = options.batchSize();
        long batches = 0;
        long copiedRows = 0;
        boolean swapped = false;
        Verification verification = null;
        while (true) {
            MigrationSnapshot snapshot = repository.read(request);
            MigrationDecision decision = MigrationPlanner.next(request, snapshot);
            copiedRows = snapshot.state().map(MigrationState::copiedRows).orElse(copiedRows);
            if (decision.kind() == MigrationDecision.Kind.REFUSED) {
                throw new TableMigrationException("cannot " + request.verb() + " " + request.table() + ": " + decision.message());
            }
            if (decision.kind() == MigrationDecision.Kind.FINISHED) {
                return result(request, swapped ? MigrationResult.Outcome.SWAPPED : MigrationResult.Outcome.ALREADY_DONE, MigrationStep.DONE,
                        batches, copiedRows, verification, decision.message(), started);
            }
            MigrationStep step = decision.step();
            if (step == MigrationStep.COPY && options.maxBatches() > 0 && batches == options.maxBatches()) {
                return result(request, MigrationResult.Outcome.PAUSED, step, batches, copiedRows, null, "copied " + (batches == 1 ? "1 batch" : batches + " batches") + " (" + Count.of(copiedRows, "row") + " so far); the next call carries on", started);
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new PartitionException("interrupted before step " + step + " of the migration of " + request.table()
                        + "; the next call carries on");
            }
            handle.verifyHeld();
            if (step == MigrationStep.COPY) {
                if (batches == 0) {
                    listener.stepStarted(request, step);
                }
                else {
                    pause(options.sleep());
                }
                CopyBatch batch = repository.copyBatch(request, batchSize);
                batches++;
                copiedRows = batch.copiedRows();
                batchSize = batch.batchSize();
                listener.batchCopied(request, batch);
                if (batch.last()) {
                    log.info("Copied {} into {}", Count.of(batch.copiedRows(), "row"), request.twin());
                    listener.stepFinished(request, step);
                }
                continue;
            }
            listener.stepStarted(request, step);
            switch (step) {
                case CREATE_TWIN -> repository.createTwin(request);
                case CREATE_PARTITIONS -> {
                    KeyRange range = repository.keyRange(request);
                    List<TwinPartition> partitions = TwinPartitions.wanted(request.config(), range.type(), range.oldest(),
                            current(request, range, snapshot));
                    repository.createPartitions(request, partitions);
                }
                case INSTALL_SYNC -> repository.installSync(request);
                case ANALYZE -> repository.analyze(request);
                case VERIFY -> verification = repository.verify(request);
                case SWAP -> {
                    repository.swap(request);
                    swapped = true;
                    log.info("Swapped {} in; the old table is kept as {}", request.table(), request.retired());
                }
                default -> throw new IllegalStateException("no step " + step);
            }
            listener.stepFinished(request, step);
        }
    }

    /**
     * Removes an unfinished migration of {@code table}: drops the sync trigger, then the twin (its partitions one
     * at a time), then the state. The table itself, its rows and its name are left as they are. A migration that
     * was swapped already is finished, not aborted: migrate the other way to go back.
     *
     * @throws PartitionException when a step fails in the database; calling again carries on
     */
    public MigrationResult abort(QualifiedName table, MaintenanceSettings settings) {
        long started = System.nanoTime();
        Optional<LockHandle> lock = locks.tryLock(table);
        if (lock.isEmpty()) {
            return new MigrationResult(table, null, MigrationResult.Outcome.SKIPPED, null, 0, 0, null,
                    "another migration or maintenance run holds the lock on " + table, Duration.ofNanos(System.nanoTime() - started));
        }
        try (LockHandle handle = lock.get()) {
            handle.verifyHeld();
            Optional<MigrationState> aborted = repository.abort(table, settings);
            Duration duration = Duration.ofNanos(System.nanoTime() - started);
            if (aborted.isEmpty()) {
                return new MigrationResult(table, null, MigrationResult.Outcome.NOTHING_TO_ABORT, null, 0, 0, null,
                        "no migration of " + table + " is in progress: nothing to abort", duration);
            }
            MigrationState state = aborted.get();
            log.info("Aborted the migration of {} (it was at step {}); {} is as it was", table, state.step(), table);
            return new MigrationResult(table, state.direction(), MigrationResult.Outcome.ABORTED, null, 0, state.copiedRows(), null,
                    "aborted the " + (state.direction() == MigrationDirection.PARTITION ? "partitioning" : "unpartitioning") + " of " + table
                            + " at step " + state.step() + "; " + table + " is as it was", duration);
        }
    }

    private static MigrationResult result(MigrationRequest request, MigrationResult.Outcome outcome, MigrationStep next, long batches,
            long copiedRows, Verification verification, String message, long started) {
        return new MigrationResult(request.table(), request.direction(), outcome, next, batches, copiedRows, verification, message,
                Duration.ofNanos(System.nanoTime() - started));
    }

    private static void pause(Duration sleep) {
        if (sleep.isZero()) {
            return;
        }
        try {
            Thread.sleep(sleep.toMillis());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /** Now on a time key's axis; the highest key (or the level's start, for an empty table) on an integer key's. */
    private static KeyPoint current(MigrationRequest request, KeyRange range, MigrationSnapshot snapshot) {
        if (range.type() == null || range.type().time()) {
            return range.type() == null ? null : range.type().point(snapshot.databaseTime(), request.config().timezone());
        }
        return range.newest().orElse(new KeyPoint(((IntegerLevel) request.config().tableLevel()).start()));
    }
}
