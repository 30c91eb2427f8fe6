package dev.partsmith.safety;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;

import dev.partsmith.catalog.PartitionTree;
import dev.partsmith.catalog.QualifiedName;
import dev.partsmith.plan.MaintenanceIssue;
import dev.partsmith.plan.MaintenanceIssueStep;
import dev.partsmith.plan.MaintenancePlan;

/**
 * What holds maintenance back, consulted by the maintainer before it changes anything:
 * <ul>
 * <li>the kill switches ({@link MaintenancePauses}): a paused table is not touched, asked before each
 * table and before each operation of a table;</li>
 * <li>the replication-lag breaker ({@link SafetyLimits#maxReplicationLag()}): before the DDL of each table,
 * the standbys' replay lag is read ({@link ReplicationLag}); when one is further behind than the limit, or
 * its lag cannot be read, no DDL runs for the rest of the pass, on any table;</li>
 * <li>the storage quota ({@link SafetyLimits#maxDatabaseSize()}, {@link TableLimits#maxPartitions()}): a
 * table whose run would break a limit gets no new partition in that run; its detaches and drops still run
 * (the rule: {@link StorageQuota}).</li>
 * </ul>
 * The server is read through a {@link ServerProbe} only when a table has something to do, and only for
 * the limits that are set. The last readings are kept for meters.
 *
 * <p>Thread-safe; a {@link Pass} belongs to one pass over the tables.
 */
public final class Safeguards {

    private final ServerProbe probe;
    private final SafetyLimits limits;
    private final Map<QualifiedName, TableLimits> tableLimits;
    private final MaintenancePauses pauses;
    private final AtomicReference<ReplicationLag> lastReplicationLag = new AtomicReference<>();
    private final AtomicReference<Long> lastDatabaseSize = new AtomicReference<>();

    /**
     * @param probe reads the server; may be {@code null} when {@code limits} sets neither the breaker nor the size limit
     * @param limits the limits of the server
     * @param tableLimits each table's limits; a table not in the map has none
     * @param pauses the kill switches
     * @throws IllegalArgumentException when a limit needs the server read and no probe is given
     */
    public Safeguards(ServerProbe probe, SafetyLimits limits, Map<QualifiedName, TableLimits> tableLimits, MaintenancePauses pauses) {
        if (probe == null && limits.readsServer()) {
            throw new IllegalArgumentException("the replication-lag breaker and max-database-size read the server: give a ServerProbe"
                    + " (PostgresServerProbe), or SafetyLimits.NONE");
        }
        this.probe = probe;
        this.limits = Objects.requireNonNull(limits, "limits");
        this.tableLimits = Map.copyOf(tableLimits);
        this.pauses = Objects.requireNonNull(pauses, "pauses");
    }

    /** Kill switches alone, dated by {@code clock}: no breaker, no storage limit. */
    public static Safeguards pausesOnly(Clock clock) {
        return new Safeguards(null, SafetyLimits.NONE, Map.of(), new MaintenancePauses(clock));
    }

    public MaintenancePauses pauses() {
        return pauses;
    }

    public SafetyLimits limits() {
        return limits;
    }

    /** The limits of {@code table}; {@link TableLimits#NONE} when it has none. */
    public TableLimits limits(QualifiedName table) {
        return tableLimits.getOrDefault(table, TableLimits.NONE);
    }

    /** The standbys' lag as last read; empty before the first reading (or with the breaker off). */
    public Optional<ReplicationLag> lastReplicationLag() {
        return Optional.ofNullable(lastReplicationLag.get());
    }

    /** The database's size as last read, in bytes; empty before the first reading (or without a size limit). */
    public OptionalLong lastDatabaseSize() {
        Long size = lastDatabaseSize.get();
        return size == null ? OptionalLong.empty() : OptionalLong.of(size);
    }

    /** A new pass over the tables: the server's readings of one pass are shared by its tables. */
    public Pass newPass() {
        return new Pass();
    }

    /**
     * {@code plan} as a run would apply it now, for a dry run: a pause or the breaker adds a warning saying
     * that the run would change nothing (its operations are kept, to show what waits), and the storage
     * quota takes out what it would hold back, with its error. Reads the server like a run would.
     */
    public MaintenancePlan preview(PartitionTree tree, MaintenancePlan plan) {
        Optional<Pause> pause = pauses.pauseOf(plan.table());
        String stop = pause.map(Pause::message).orElse(null);
        Review review = null;
        if (stop == null) {
            review = newPass().review(tree, plan);
            stop = review.skippedReason();
        }
        if (stop == null) {
            return review.plan();
        }
        List<MaintenanceIssue> issues = new ArrayList<>(plan.issues());
        issues.add(MaintenanceIssue.warning(MaintenanceIssueStep.PLAN, null, stop + "; a run now would change nothing"));
        return Review.plan(plan, plan.operations(), issues);
    }

    /**
     * One pass over the tables: reads the replication lag before each table with DDL to do, until the
     * breaker trips, after which it holds back every table for the rest of the pass; reads the database's
     * size at most once.
     */
    public final class Pass {

        private SafetyHold tripped;
        private Long databaseSize;

        private Pass() {
        }

        /** The pause holding {@code table} now, if any. */
        public Optional<Pause> pauseOf(QualifiedName table) {
            return pauses.pauseOf(table);
        }

        /**
         * The plan for a table as the breaker and the storage quota let it run. A plan without operations
         * is returned as it is, and reads nothing.
         *
         * @param tree the table as the plan was made from
         */
        public Review review(PartitionTree tree, MaintenancePlan plan) {
            if (plan.operations().isEmpty()) {
                return Review.unchanged(plan);
            }
            Optional<SafetyHold> breaker = replicationLag();
            if (breaker.isPresent()) {
                return new Review(plan, List.of(breaker.get()), breaker.get().message());
            }
            return StorageQuota.review(plan, tree, limits(plan.table()), limits.maxDatabaseSize(), this::databaseSize);
        }

        private synchronized Optional<SafetyHold> replicationLag() {
            if (tripped != null || limits.maxReplicationLag() == null) {
                return Optional.ofNullable(tripped);
            }
            ReplicationLag reading = probe.replicationLag();
            lastReplicationLag.set(reading);
            tripped = reading.hold(limits.maxReplicationLag()).orElse(null);
            return Optional.ofNullable(tripped);
        }

        private synchronized long databaseSize() {
            if (databaseSize == null) {
                databaseSize = probe.databaseSize();
                lastDatabaseSize.set(databaseSize);
            }
            return databaseSize;
        }
    }
}
