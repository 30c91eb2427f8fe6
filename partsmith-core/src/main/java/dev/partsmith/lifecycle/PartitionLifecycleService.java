package dev.partsmith.lifecycle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.partsmith.Count;
import dev.partsmith.InvalidParentTableException;
import dev.partsmith.LockAcquisitionException;
import dev.partsmith.PartitionException;
import dev.partsmith.PartitionNotEmptyException;
import dev.partsmith.catalog.PartitionBounds;
import dev.partsmith.catalog.PartitionInfo;
import dev.partsmith.catalog.PartitionKey;
import dev.partsmith.catalog.PartitionKeyType;
import dev.partsmith.catalog.PartitionNode;
import dev.partsmith.catalog.PartitionMetadataProvider;
import dev.partsmith.catalog.PartitionTree;
import dev.partsmith.catalog.QualifiedName;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.config.TimeLevel;
import dev.partsmith.lock.LockHandle;
import dev.partsmith.lock.LockManager;
import dev.partsmith.plan.AttachPartition;
import dev.partsmith.plan.ClearOrphanMarker;
import dev.partsmith.plan.CreatePartition;
import dev.partsmith.plan.DetachPartition;
import dev.partsmith.plan.DropPartition;
import dev.partsmith.plan.FinalizeDetach;
import dev.partsmith.plan.MaintenanceIssue;
import dev.partsmith.plan.MaintenanceIssueStep;
import dev.partsmith.plan.MaintenancePlan;
import dev.partsmith.plan.MaintenancePlanner;
import dev.partsmith.plan.PartitionOperation;
import dev.partsmith.plan.SavedPlan;
import dev.partsmith.safety.Pause;
import dev.partsmith.safety.Review;
import dev.partsmith.safety.SafetyHold;
import dev.partsmith.safety.Safeguards;
import dev.partsmith.status.IndexAlignment;

/**
 * Maintains one table per call, the executor of partsmith: takes the table's lock, reads its tree,
 * plans with {@link MaintenancePlanner}, and applies the plan's operations one by one with the hooks
 * around each. New partitions of rows that follow one another in the plan are the exception: their
 * before-create hooks run first, then their tables are created together
 * ({@link PartitionRepository#createPartitions}), then each is attached on its own, with its
 * after-create hook. One failed operation becomes an issue of the result and the others still run; creation
 * never depends on retention succeeding. Before each operation the thread's interrupt flag is
 * checked, and the lock is confirmed before each operation and again right before each DDL step
 * (after the before-hooks): a lost lock or an interrupt stops the run there.
 *
 * <p>Its {@link Safeguards} hold a run back: a paused table is not touched (asked before the table and
 * before each of its operations), the replication-lag breaker lets no DDL run, and the storage quota
 * lets no partition be added, each saying so in the result.
 *
 * <p>Run it through {@link PartitionMaintainer}, which also plans, reports and maintains many tables.
 *
 * <p>Thread-safe: calls for different tables may run in parallel; calls for one table are kept
 * apart by the {@link LockManager}.
 */
public class PartitionLifecycleService {

    private static final Logger log = LoggerFactory.getLogger(PartitionLifecycleService.class);

    private final PartitionRepository repository;
    private final PartitionMetadataProvider metadata;
    private final LockManager locks;
    private final List<PartitionLifecycleHooks> hooks;
    private final Clock clock;
    private final Safeguards safeguards;

    /** A service without hooks, planning with the system clock in UTC. */
    public PartitionLifecycleService(PartitionRepository repository, PartitionMetadataProvider metadata, LockManager locks) {
        this(repository, metadata, locks, List.of(), Clock.systemUTC());
    }

    /**
     * @param hooks called in list order at each step
     * @param clock the time plans are made for; move it to test retention (and raise the tables'
     *        {@link TablePartitionConfig#maxClockSkew()} accordingly)
     */
    public PartitionLifecycleService(PartitionRepository repository, PartitionMetadataProvider metadata, LockManager locks,
            List<? extends PartitionLifecycleHooks> hooks, Clock clock) {
        this(repository, metadata, locks, hooks, clock, Safeguards.pausesOnly(clock));
    }

    /**
     * @param hooks called in list order at each step
     * @param clock the time plans are made for; move it to test retention (and raise the tables'
     *        {@link TablePartitionConfig#maxClockSkew()} accordingly)
     * @param safeguards the kill switches, the replication-lag breaker and the storage quota
     */
    public PartitionLifecycleService(PartitionRepository repository, PartitionMetadataProvider metadata, LockManager locks,
            List<? extends PartitionLifecycleHooks> hooks, Clock clock, Safeguards safeguards) {
        this.repository = repository;
        this.metadata = metadata;
        this.locks = locks;
        this.hooks = List.copyOf(hooks);
        this.clock = clock;
        this.safeguards = safeguards;
    }

    PartitionMetadataProvider metadata() {
        return metadata;
    }

    Clock clock() {
        return clock;
    }

    Safeguards safeguards() {
        return safeguards;
    }

    /**
     * Runs one maintenance pass over the table.
     *
     * @return the result; skipped when the table is paused, another maintainer holds the lock, the server
     *         is a standby or the replication-lag breaker holds the run back
     * @throws LockAcquisitionException when the lock service cannot be asked
     * @throws InvalidParentTableException when the table cannot be managed
     * @throws PartitionException when the catalog (or the server's state, for the safeguards) cannot be read
     */
    public MaintenanceResult maintain(TablePartitionConfig config) {
        return maintain(config, safeguards.newPass());
    }

    /** {@link #maintain(TablePartitionConfig)} as one table of {@code pass}. */
    MaintenanceResult maintain(TablePartitionConfig config, Safeguards.Pass pass) {
        return maintain(config, pass, null);
    }

    /**
     * Applies a table's saved steps exactly, as a maintenance pass does (pause, lock, lock timeout and retries,
     * hooks, safeguards): under the table's lock, the table is read and planned again, and each saved step is
     * matched, by the OIDs, names, bounds and markers of its objects, with an operation of that plan
     * ({@link SavedPlan.Table#select}). When every step matches, those operations run in the saved order and no
     * other; when one step does not, none runs and each refused step is an error issue of the result naming
     * the step, its object and what changed. Before each step after the first, the catalog is read again and
     * the step's tables checked by OID ({@link SavedPlan.Step#identityChange}): a step refused then is an
     * error and the steps left are not run. Operations a plan made now has that the saved one lacks are
     * reported as warnings and not run.
     *
     * @throws LockAcquisitionException when the lock service cannot be asked
     * @throws InvalidParentTableException when the table cannot be managed
     * @throws PartitionException when the catalog (or the server's state, for the safeguards) cannot be read
     */
    public MaintenanceResult apply(TablePartitionConfig config, SavedPlan.Table saved) {
        if (!saved.table().equals(config.qualifiedName())) {
            throw new IllegalArgumentException("the saved steps are for " + saved.table() + ", not for " + config.qualifiedName());
        }
        return maintain(config, safeguards.newPass(), saved);
    }

    /** A maintenance pass of the table; with {@code saved}, restricted to those steps. */
    private MaintenanceResult maintain(TablePartitionConfig config, Safeguards.Pass pass, SavedPlan.Table saved) {
        Instant startedAt = clock.instant();
        long started = System.nanoTime();
        QualifiedName table = config.qualifiedName();
        Optional<Pause> pause = pass.pauseOf(table);
        if (pause.isPresent()) {
            return paused(table, pause.get(), startedAt, started);
        }
        Optional<LockHandle> acquired = locks.tryLock(table);
        if (acquired.isEmpty()) {
            log.info("Skipping {}: another maintainer holds its lock", table);
            return MaintenanceResult.skipped(table, startedAt, elapsed(started), "another maintainer holds the lock on " + table);
        }
        try (LockHandle lock = acquired.get()) {
            PartitionTree tree = metadata.readTree(config);
            if (tree.inRecovery()) {
                return standby(table, startedAt, started);
            }
            MaintenancePlan planned = MaintenancePlanner.plan(config, clock.instant(), tree);
            Review review = pass.review(tree, planned);
            if (review.skipped()) {
                log.info("Holding back {}: {}", table, review.skippedReason());
                return new MaintenanceResult(table, startedAt, elapsed(started), 0, 0, 0, 0, null, List.of(), review.skippedReason(), planned,
                        tree, review.holds());
            }
            MaintenancePlan plan = review.plan();
            Run run = new Run(config, lock, tree, pass);
            run.issues.addAll(plan.issues());
            run.holds.addAll(review.holds());
            if (saved == null) {
                run.apply(plan.operations());
            }
            else {
                run.applySaved(saved, plan);
            }
            PartitionTree after = run.changed() ? readAfter(config, run) : tree;
            MaintenanceResult result = run.result(startedAt, elapsed(started), plan, after);
            log(result);
            return result;
        }
    }

    /**
     * Runs one maintenance pass over the table, given a tree of it read shortly before without its
     * lock. When that snapshot leaves nothing to do (no operation and no issue in its plan) the
     * result says so at once, without taking the lock or reading the catalog again: a pass with
     * nothing to do changes nothing, so it needs no maintainer's exclusivity. Otherwise this is
     * {@link #maintain(TablePartitionConfig)}: lock, read again under the lock, plan and apply. A paused
     * table is not touched either way.
     */
    MaintenanceResult maintain(TablePartitionConfig config, PartitionTree snapshot, Safeguards.Pass pass) {
        Instant startedAt = clock.instant();
        long started = System.nanoTime();
        Optional<Pause> pause = pass.pauseOf(config.qualifiedName());
        if (pause.isPresent()) {
            return paused(config.qualifiedName(), pause.get(), startedAt, started);
        }
        if (snapshot.inRecovery()) {
            return standby(config.qualifiedName(), startedAt, started);
        }
        MaintenancePlan plan = MaintenancePlanner.plan(config, clock.instant(), snapshot);
        if (!plan.operations().isEmpty() || !plan.issues().isEmpty()) {
            return maintain(config, pass);
        }
        MaintenanceResult result = new MaintenanceResult(config.qualifiedName(), startedAt, elapsed(started), 0, 0, 0, 0, null, List.of(),
                null, plan, snapshot);
        log(result);
        return result;
    }

    private static MaintenanceResult paused(QualifiedName table, Pause pause, Instant startedAt, long started) {
        log.info("Skipping {}: {}", table, pause.message());
        return new MaintenanceResult(table, startedAt, elapsed(started), 0, 0, 0, 0, null, List.of(), pause.message(), null, null,
                List.of(new SafetyHold(SafetyHold.Kind.PAUSED, pause.message())));
    }

    private static MaintenanceResult standby(QualifiedName table, Instant startedAt, long started) {
        log.info("Skipping {}: the database is a standby", table);
        return MaintenanceResult.skipped(table, startedAt, elapsed(started), MaintenancePlanner.STANDBY);
    }

    private PartitionTree readAfter(TablePartitionConfig config, Run run) {
        try {
            return metadata.readTree(config);
        }
        catch (RuntimeException ex) {
            run.issues.add(MaintenanceIssue.warning(MaintenanceIssueStep.CATALOG, null, "could not read the tree after the run: " + ex.getMessage()));
            return null;
        }
    }

    private static Duration elapsed(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    private static void log(MaintenanceResult result) {
        if (result.success()) {
            log.info("Maintained {}: created {}, detached {}, dropped {}, moved {} from DEFAULT in {} ms", result.table(),
                    result.createdCount(), result.detachedCount(), result.droppedCount(), Count.of(result.movedRowCount(), "row"),
                    result.duration().toMillis());
        }
        else {
            log.warn("Maintenance of {} had errors: {}", result.table(), result.error());
        }
    }

    /**
     * The most partitions of rows whose tables one transaction creates: each new table takes a few locks
     * (the table, its TOAST table and index) until the commit, and the server's lock table is sized for
     * 64 per transaction by default.
     */
    private static final int CREATE_TOGETHER = 16;

    /** One run's state: counters, issues and the operations it applies. */
    private final class Run {

        private final TablePartitionConfig config;
        private final LockHandle lock;
        private final PartitionTree tree;
        private final Safeguards.Pass pass;
        private final List<MaintenanceIssue> issues = new ArrayList<>();
        private final List<SafetyHold> holds = new ArrayList<>();
        /** The pause that stopped the run before any operation was applied; {@code null} otherwise. */
        private Pause pausedBeforeAny;
        private final Set<QualifiedName> notDetached = new HashSet<>();
        private int created;
        private int detached;
        private int dropped;
        private long moved;

        Run(TablePartitionConfig config, LockHandle lock, PartitionTree tree, Safeguards.Pass pass) {
            this.config = config;
            this.lock = lock;
            this.tree = tree;
            this.pass = pass;
        }

        /**
         * Applies the operations of {@code plan} that carry out the saved steps, none when a step is refused
         * (each refusal an error). Before each step after the first, the catalog is read again and the step's
         * tables checked by OID: a step refused then stops the remaining ones.
         */
        void applySaved(SavedPlan.Table saved, MaintenancePlan plan) {
            SavedPlan.Selection selection = saved.select(plan, tree);
            selection.unsaved().forEach(operation -> issues.add(MaintenanceIssue.warning(MaintenanceIssueStep.PLAN, operation.partition().toString(),
                    "not in the saved plan, not applied: " + operation.describe())));
            if (!selection.refusals().isEmpty()) {
                selection.refusals().forEach(this::refuse);
                refuse("nothing of the saved plan of " + tree.parent() + " was applied: " + notApplied(saved.steps().size()));
                return;
            }
            apply(selection.operations(), i -> {
                if (i == 0) {
                    return Optional.empty(); // checked against the tree just read
                }
                SavedPlan.Step step = selection.steps().get(i);
                try {
                    return step.identityChange(metadata.readTree(config)).map(change -> saved.refusal(step, change));
                }
                catch (RuntimeException ex) {
                    return Optional.of(saved.refusal(step, "the catalog could not be read to check it again: " + ex.getMessage()));
                }
            });
        }

        private void refuse(String refusal) {
            log.warn("Saved plan of {}: {}", tree.parent(), refusal);
            issues.add(MaintenanceIssue.error(MaintenanceIssueStep.PLAN, null, refusal));
        }

        boolean changed() {
            return created + detached + dropped > 0 || issues.stream().anyMatch(MaintenanceIssue::isError);
        }

        private static String notApplied(int operations) {
            return Count.of(operations, "operation") + (operations == 1 ? " was" : " were") + " not applied";
        }

        void apply(List<PartitionOperation> operations) {
            apply(operations, i -> Optional.empty());
        }

        /**
         * Applies the operations in turn. Before each, {@code recheck} is asked why the i-th may no longer run:
         * an answer is an error, and the operations left are not applied. Partitions created together are
         * asked about together, before the first of them.
         */
        void apply(List<PartitionOperation> operations, IntFunction<Optional<String>> recheck) {
            int next = 0;
            while (next < operations.size()) {
                if (!mayGoOn(next == 0, operations.size() - next)) {
                    return;
                }
                int together = createdTogether(operations, next);
                for (int i = next; i < next + together; i++) {
                    Optional<String> refused = recheck.apply(i);
                    if (refused.isPresent()) {
                        refuse(refused.get() + "; " + notApplied(operations.size() - next));
                        return;
                    }
                }
                try {
                    lock.verifyHeld();
                    if (together > 1) {
                        List<CreatePartition> creates = operations.subList(next, next + together).stream().map(CreatePartition.class::cast).toList();
                        if (!createTogether(creates, operations.size() - next - together)) {
                            return;
                        }
                    }
                    else {
                        apply(operations.get(next));
                    }
                }
                catch (LockAcquisitionException ex) {
                    issues.add(MaintenanceIssue.error(MaintenanceIssueStep.LOCK, null,
                            ex.getMessage() + "; " + notApplied(operations.size() - next)));
                    return;
                }
                next += together;
            }
        }

        /**
         * Whether the run may apply its next operation: not after an interrupt or once the table is paused,
         * which is recorded with the number of operations not applied.
         */
        private boolean mayGoOn(boolean beforeAny, int remaining) {
            if (Thread.currentThread().isInterrupted()) {
                issues.add(MaintenanceIssue.error(MaintenanceIssueStep.PLAN, null, "interrupted; " + notApplied(remaining)));
                return false;
            }
            Optional<Pause> pause = pass.pauseOf(tree.parent());
            if (pause.isPresent()) {
                stop(pause.get(), beforeAny, remaining);
                return false;
            }
            return true;
        }

        /**
         * How many operations from {@code from} on create partitions of rows one after another (at most
         * {@link #CREATE_TOGETHER}): their tables are created together. At least 1.
         */
        private static int createdTogether(List<PartitionOperation> operations, int from) {
            int end = from;
            while (end < operations.size() && end - from < CREATE_TOGETHER && operations.get(end) instanceof CreatePartition create
                    && create.children().isEmpty()) {
                end++;
            }
            return Math.max(1, end - from);
        }

        /**
         * New partitions of rows: the before-create hook of each, then the tables of those the hooks let
         * through created together, then each attached in turn, with its after-create hook. Returns false
         * when the run stops before an attach (interrupted, paused); the tables left unattached keep their
         * marker and the next run attaches them.
         *
         * @param after the operations that come after these
         */
        private boolean createTogether(List<CreatePartition> creates, int after) {
            List<CreatePartition> accepted = new ArrayList<>();
            for (CreatePartition create : creates) {
                if (hooks(HookPoint.BEFORE_CREATE, context(PartitionInfo.planned(create.partition(), create.bounds()), parentKey(create.parent()), 0))) {
                    accepted.add(create);
                }
            }
            if (accepted.isEmpty()) {
                return true;
            }
            // Confirmed again here, after the before-hooks, which may have run for a long time.
            lock.verifyHeld();
            Map<QualifiedName, RuntimeException> failures = repository.createPartitions(config, accepted, clock.instant());
            List<CreatePartition> created = new ArrayList<>();
            for (CreatePartition create : accepted) {
                RuntimeException failure = failures.get(create.partition());
                if (failure == null) {
                    created.add(create);
                }
                else {
                    failed(MaintenanceIssueStep.CREATE, create.partition(), failure);
                }
            }
            for (int i = 0; i < created.size(); i++) {
                if (i > 0 && !mayGoOn(false, created.size() - i + after)) {
                    return false;
                }
                CreatePartition create = created.get(i);
                try {
                    // The attach's step confirms the lock right before its DDL.
                    attach(create.parent(), create.partition(), create.bounds(), parentKey(create.parent()));
                }
                catch (LockAcquisitionException ex) {
                    issues.add(MaintenanceIssue.error(MaintenanceIssueStep.LOCK, null,
                            ex.getMessage() + "; " + notApplied(created.size() - i + after)));
                    return false;
                }
            }
            return true;
        }

        /** The table was paused while this run was going: it touches the table no more. */
        private void stop(Pause pause, boolean beforeAny, int remaining) {
            log.info("Stopping the run of {}: {}; {}", tree.parent(), pause.message(), notApplied(remaining));
            holds.add(new SafetyHold(SafetyHold.Kind.PAUSED, pause.message()));
            if (beforeAny) {
                pausedBeforeAny = pause;
            }
            else {
                issues.add(MaintenanceIssue.warning(MaintenanceIssueStep.PLAN, null, pause.message() + "; " + notApplied(remaining)));
            }
        }

        private void apply(PartitionOperation operation) {
            if (operation instanceof CreatePartition create) {
                create(create, parentKey(create.parent()));
            }
            else if (operation instanceof AttachPartition attach) {
                attachExisting(attach.parent(), attach.partition(), attach.bounds(), parentKey(attach.parent()));
            }
            else if (operation instanceof ClearOrphanMarker clear) {
                clearMarker(clear);
            }
            else if (operation instanceof FinalizeDetach finalize) {
                finalizeDetach(finalize);
            }
            else if (operation instanceof DetachPartition detach) {
                detach(detach);
            }
            else if (operation instanceof DropPartition drop) {
                drop(drop);
            }
        }

        /** The key of a partitioned table of the tree as the snapshot shows it; {@code null} for one this run makes. */
        private PartitionKey parentKey(QualifiedName parent) {
            return tree.root().nodes().stream().filter(node -> node.table().equals(parent)).map(PartitionNode::key).findFirst().orElse(null);
        }

        /** How the hooks read the bounds of a partition of a table with this key: its last column's type, or the epoch the config says it counts. */
        private PartitionKeyType keyType(PartitionKey parentKey) {
            if (parentKey == null || parentKey.columns().isEmpty() || parentKey.last().name() == null) {
                return null;
            }
            String column = parentKey.last().name();
            return config.levels().stream().filter(level -> level instanceof TimeLevel time && time.epoch() != null && time.column().equals(column))
                    .map(level -> ((TimeLevel) level).epoch().keyType()).findFirst().orElse(parentKey.last().rangeType());
        }

        private PartitionContext context(PartitionInfo partition, PartitionKey parentKey, long movedRows) {
            return new PartitionContext(config, keyType(parentKey), partition, movedRows);
        }

        /**
         * Creates a partition and attaches it, with the create hooks around; a partition with levels
         * below it gets its own partitions first. Returns whether it was attached.
         */
        private boolean create(CreatePartition create, PartitionKey parentKey) {
            QualifiedName partition = create.partition();
            if (!hooks(HookPoint.BEFORE_CREATE, context(PartitionInfo.planned(partition, create.bounds()), parentKey, 0))) {
                return false;
            }
            Instant now = clock.instant();
            if (!step(MaintenanceIssueStep.CREATE, partition, () -> repository.createPartition(config, create.parent(), partition, create.bounds(),
                    create.partitionBy(), create.storageFrom(), now))) {
                return false;
            }
            for (CreatePartition child : create.children()) {
                if (!create(child, create.partitionBy())) {
                    issues.add(MaintenanceIssue.error(MaintenanceIssueStep.CREATE, partition.toString(), partition + " is kept unattached until its"
                            + " partitions are all there; the next run completes it"));
                    return false;
                }
            }
            return attach(create.parent(), partition, create.bounds(), parentKey);
        }

        /** Attaches a table partsmith made earlier, with the create hooks around. */
        private void attachExisting(QualifiedName parent, QualifiedName partition, PartitionBounds bounds, PartitionKey parentKey) {
            if (hooks(HookPoint.BEFORE_CREATE, context(PartitionInfo.planned(partition, bounds), parentKey, 0))) {
                attach(parent, partition, bounds, parentKey);
            }
        }

        /** Attaches a table, then calls the after-create hooks; returns whether it was attached. */
        private boolean attach(QualifiedName parent, QualifiedName partition, PartitionBounds bounds, PartitionKey parentKey) {
            long[] rows = new long[1];
            if (!step(MaintenanceIssueStep.ATTACH, partition, () -> rows[0] = repository.attachPartition(config, parent, partition, bounds))) {
                return false;
            }
            created++;
            moved += rows[0];
            log.info("Created partition {} {}{}", partition, bounds.describe(), rows[0] > 0 ? ", moved " + Count.of(rows[0], "row") + " from DEFAULT" : "");
            PartitionInfo attached = PartitionInfo.planned(partition, bounds).withAttached(true, rows[0]);
            hooks(HookPoint.AFTER_CREATE, context(attached, parentKey, rows[0]));
            checkAlignment(parent, partition);
            return true;
        }

        /**
         * Reads the alignment of a partition just attached, as its attach and the after-create hooks left it: a
         * missing or invalid index, or a missing CHECK constraint, is a warning (the partition is attached and
         * takes rows; the status keeps reporting it).
         */
        private void checkAlignment(QualifiedName parent, QualifiedName partition) {
            try {
                IndexAlignment.problem(parent, partition, metadata.readAlignment(partition)).ifPresent(problem -> {
                    log.warn("{}", problem);
                    issues.add(MaintenanceIssue.warning(MaintenanceIssueStep.ATTACH, partition.toString(), problem));
                });
            }
            catch (RuntimeException ex) {
                issues.add(MaintenanceIssue.warning(MaintenanceIssueStep.ATTACH, partition.toString(),
                        "could not check its indexes and CHECK constraints against " + parent + ": " + ex.getMessage()));
            }
        }

        private void clearMarker(ClearOrphanMarker operation) {
            QualifiedName partition = operation.partition();
            if (step(MaintenanceIssueStep.DETACH, partition, () -> repository.clearOrphanMarker(config, operation.parent(), partition))) {
                log.info("Cleared the stale orphan marker of attached partition {}", partition);
            }
        }

        private void finalizeDetach(FinalizeDetach operation) {
            QualifiedName partition = operation.partition();
            if (step(MaintenanceIssueStep.FINALIZE_DETACH, partition, () -> repository.finalizeDetach(config, operation.parent(), partition))) {
                detached++;
                log.info("Finalized the pending detach of {}", partition);
            }
        }

        private void detach(DetachPartition operation) {
            QualifiedName partition = operation.partition();
            PartitionContext context = context(operation.info(), parentKey(operation.parent()), 0);
            notDetached.add(partition);
            if (!hooks(HookPoint.BEFORE_DETACH, context)) {
                return;
            }
            Instant now = clock.instant();
            if (!step(MaintenanceIssueStep.DETACH, partition, () -> {
                repository.markOrphan(config, operation.parent(), operation.info(), now);
                repository.detachPartition(config, operation.parent(), partition, operation.concurrently(), operation.onlyIfEmpty());
            })) {
                return;
            }
            notDetached.remove(partition);
            detached++;
            log.info("Detached partition {} {}", partition, operation.info().boundExpression());
            hooks(HookPoint.AFTER_DETACH, context);
        }

        private void drop(DropPartition operation) {
            QualifiedName partition = operation.partition();
            if (notDetached.contains(partition)) {
                return; // its detach failed and is reported; nothing to drop
            }
            PartitionContext context = context(operation.info(), parentKey(operation.parent()), 0);
            if (!hooks(HookPoint.BEFORE_DROP, context)) {
                return;
            }
            Instant now = clock.instant();
            if (!step(MaintenanceIssueStep.DROP, partition, () -> repository.dropPartition(config, operation.parent(), partition, now,
                    operation.requireEmpty()))) {
                return;
            }
            dropped++;
            log.info("Dropped {} ({})", partition, operation.describe());
            hooks(HookPoint.AFTER_DROP, context);
        }

        /**
         * Runs one DDL step; a lost lock throws {@link LockAcquisitionException} out of it, which stops
         * the run. A failure is recorded ({@link #failed}).
         */
        private boolean step(MaintenanceIssueStep step, QualifiedName partition, Runnable action) {
            // Confirmed again here, after the before-hooks, which may have run for a long time.
            lock.verifyHeld();
            try {
                action.run();
                return true;
            }
            catch (RuntimeException ex) {
                failed(step, partition, ex);
                return false;
            }
        }

        /** Records a failed DDL step: a partition kept because it holds rows is a warning, any other failure an error. */
        private void failed(MaintenanceIssueStep step, QualifiedName partition, RuntimeException ex) {
            if (ex instanceof PartitionNotEmptyException) {
                log.info("{} of {} not done: {}", step, partition, ex.getMessage());
                issues.add(MaintenanceIssue.warning(step, partition.toString(), ex.getMessage()));
                return;
            }
            log.warn("{} of {} failed: {}", step, partition, ex.getMessage());
            log.debug("{} of {} failed", step, partition, ex);
            issues.add(MaintenanceIssue.error(step, partition.toString(), ex.getMessage()));
        }

        /**
         * Calls every hook at {@code point}. A hook that throws at a before point stops the operation
         * (an error; the method returns false); at an after point it is a warning and the others still run.
         */
        private boolean hooks(HookPoint point, PartitionContext context) {
            String partition = context.partition().table().toString();
            for (PartitionLifecycleHooks hook : hooks) {
                try {
                    hook.on(point, context);
                }
                catch (RuntimeException ex) {
                    if (point.before()) {
                        log.warn("{} {} of {} stopped the operation: {}", hook.getClass().getName(), point.step(), partition, ex.toString());
                        issues.add(MaintenanceIssue.error(point.step(), partition, "hook " + hook.getClass().getName() + " refused: " + ex));
                        return false;
                    }
                    log.warn("{} {} of {} failed; the operation stands", hook.getClass().getName(), point.step(), partition, ex);
                    issues.add(MaintenanceIssue.warning(point.step(), partition, "hook " + hook.getClass().getName() + " failed: " + ex));
                }
            }
            return true;
        }

        MaintenanceResult result(Instant startedAt, Duration duration, MaintenancePlan plan, PartitionTree after) {
            List<MaintenanceIssue> errors = issues.stream().filter(MaintenanceIssue::isError).toList();
            String error = errors.isEmpty() ? null
                    : errors.stream().map(issue -> (issue.partition() == null ? "" : issue.partition() + ": ") + issue.message())
                            .collect(Collectors.joining("; "));
            return new MaintenanceResult(tree.parent(), startedAt, duration, created, detached, dropped, moved, error, issues,
                    pausedBeforeAny == null ? null : pausedBeforeAny.message(), plan, after, holds);
        }
    }
}
