package dev.partsmith.postgres;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.partsmith.Count;
import dev.partsmith.DdlLockTimeoutException;
import dev.partsmith.PartitionAlreadyExistsException;
import dev.partsmith.PartitionException;
import dev.partsmith.PartitionNotEmptyException;
import dev.partsmith.catalog.PartitionBounds;
import dev.partsmith.catalog.PartitionInfo;
import dev.partsmith.catalog.PartitionKey;
import dev.partsmith.catalog.PartitionMarker;
import dev.partsmith.catalog.QualifiedName;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.lifecycle.PartitionRepository;
import dev.partsmith.plan.CreatePartition;

/**
 * Applies partsmith's DDL to PostgreSQL 14+ by the rules that keep a busy database moving:
 * <ul>
 * <li>new partitions are created standalone ({@code CREATE TABLE ... (LIKE parent ...)}), with what
 * the parent gives them ({@link NewPartitionProperties}), several in one transaction when they come
 * together ({@link #createPartitions}), and then attached each in a transaction of its own, which takes
 * SHARE UPDATE EXCLUSIVE on the parent instead of ACCESS EXCLUSIVE (EXCLUSIVE when the parent has a
 * DEFAULT partition, so that writes through the parent wait for the attach rather than fail or go
 * astray; readers are never blocked by it);</li>
 * <li>every transaction sets {@code lock_timeout} and {@code TIME ZONE 'UTC'}, is retried on lock
 * timeouts only, within the table's retry budget, and holds one DDL step on a table anyone else uses
 * (the creates of new standalone tables, which nobody else uses yet, go together);</li>
 * <li>locks are taken parent first, then DEFAULT, then the partition;</li>
 * <li>rows of a new range found in DEFAULT are moved in the attach's own transaction
 * ({@link DefaultPartitionMove}); a DEFAULT holding many rows, all of the new range, becomes the
 * new partition itself instead, and an empty table the DEFAULT, so that no row moves and the parent
 * is locked only for catalog changes ({@link DefaultPartitionSwap}, steps {@link #addDrainCheck},
 * {@link #validateDrainCheck} and {@link #swapDefaultPartition});</li>
 * <li>a DEFAULT partition held by someone else is waited for without holding the parent;</li>
 * <li>detaching uses {@code CONCURRENTLY} where possible, and {@code FINALIZE} after an interruption;
 * a detach that fails and leaves the partition attached takes partsmith's marker off it again;</li>
 * <li>drops happen only after re-checking partsmith's marker under an exclusive lock ({@link DropGuard}),
 * never with CASCADE.</li>
 * </ul>
 * Subclass it to add behaviour around a step (call {@code super}).
 */
public class PostgresPartitionRepository implements PartitionRepository {

    private static final Logger log = LoggerFactory.getLogger(PostgresPartitionRepository.class);

    private final PostgresSession session;
    private final DropGuard dropGuard;

    /** A repository that refuses to drop any table without partsmith's marker. */
    public PostgresPartitionRepository(DataSource dataSource) {
        this(dataSource, false);
    }

    /**
     * @param dropAllowUnmanaged whether {@link #dropPartition} may drop a detached table without
     *        partsmith's marker (attached tables are refused regardless)
     */
    public PostgresPartitionRepository(DataSource dataSource, boolean dropAllowUnmanaged) {
        this.session = new PostgresSession(dataSource);
        this.dropGuard = new DropGuard(dropAllowUnmanaged);
    }

    @Override
    public void createPartition(TablePartitionConfig config, QualifiedName parent, QualifiedName partition, PartitionBounds bounds,
            PartitionKey partitionBy, QualifiedName storageFrom, Instant now) {
        String marker = PartitionMarker.of(config.markerPrefix(), PartitionMarker.State.PENDING_ATTACH, now, parent, partition,
                bounds.forValues()).format();
        try {
            retry(config, "CREATE TABLE " + partition, () -> session.inTransaction(config.lockTimeout(), jdbc -> {
                NewPartitionProperties properties = NewPartitionProperties.read(jdbc, config.qualifiedName(), storageFrom, marker);
                // One transaction, sent in one round trip.
                jdbc.execute(String.join("; ", properties.statements(config.qualifiedName(), partition, partitionBy)));
                return null;
            }));
        }
        catch (RuntimeException ex) {
            if (SqlStates.is(ex, SqlStates.DUPLICATE_TABLE)) {
                throw new PartitionAlreadyExistsException("a relation named " + partition + " already exists and is not a table"
                        + " partsmith created for " + parent + "; partsmith leaves it alone", ex);
            }
            throw failure("create " + partition, ex);
        }
    }

    /**
     * Creates the tables in one transaction: the parent's properties are read once for all of them (once
     * per table whose storage parameters they take), and every statement is sent in one round trip. New
     * standalone tables lock nothing that anyone else uses but the parent, which {@code LIKE} reads under
     * ACCESS SHARE: that conflicts with nothing but ACCESS EXCLUSIVE. When that transaction fails on its
     * locks within the retry budget, every table failed so; when it fails otherwise (one name taken by a
     * table partsmith leaves alone, say), the tables are created one at a time, each with its own outcome.
     */
    @Override
    public Map<QualifiedName, RuntimeException> createPartitions(TablePartitionConfig config, List<CreatePartition> partitions, Instant now) {
        if (partitions.size() < 2) {
            return PartitionRepository.super.createPartitions(config, partitions, now);
        }
        String names = partitions.stream().map(create -> create.partition().toString()).collect(Collectors.joining(", "));
        Map<QualifiedName, List<CreatePartition>> byStorage = new LinkedHashMap<>();
        partitions.forEach(create -> byStorage.computeIfAbsent(create.storageFrom(), from -> new ArrayList<>()).add(create));
        try {
            retry(config, "CREATE TABLE " + names, () -> session.inTransaction(config.lockTimeout(), jdbc -> {
                List<String> statements = new ArrayList<>();
                byStorage.forEach((storageFrom, creates) -> {
                    List<String> markers = creates.stream().map(create -> PartitionMarker.of(config.markerPrefix(),
                            PartitionMarker.State.PENDING_ATTACH, now, create.parent(), create.partition(), create.bounds().forValues()).format()).toList();
                    List<NewPartitionProperties> properties = NewPartitionProperties.read(jdbc, config.qualifiedName(), storageFrom, markers);
                    for (int i = 0; i < creates.size(); i++) {
                        CreatePartition create = creates.get(i);
                        statements.addAll(properties.get(i).statements(config.qualifiedName(), create.partition(), create.partitionBy()));
                    }
                });
                jdbc.execute(String.join("; ", statements));
                return null;
            }));
            return Map.of();
        }
        catch (DdlLockTimeoutException ex) {
            Map<QualifiedName, RuntimeException> failures = new LinkedHashMap<>();
            partitions.forEach(create -> failures.put(create.partition(), ex));
            return failures;
        }
        catch (RuntimeException ex) {
            log.debug("Creating {} in one transaction failed; one at a time", names, ex);
            return PartitionRepository.super.createPartitions(config, partitions, now);
        }
    }

    @Override
    public long attachPartition(TablePartitionConfig config, QualifiedName parent, QualifiedName partition, PartitionBounds bounds) {
        try {
            Optional<DefaultPartitionSwap.Drain> drain = session.reading(jdbc -> DefaultPartitionSwap.inspect(jdbc, config.qualifiedName(), parent,
                    partition, bounds));
            if (drain.isPresent() && drain.get().leftoverCheck()) {
                removeDrainCheck(config, drain.get().defaultPartition());
            }
            if (drain.isPresent() && drain.get().strategy() == DefaultDrain.Strategy.SWAP) {
                OptionalLong swapped = swapDefault(config, parent, drain.get().defaultPartition(), partition, bounds);
                if (swapped.isPresent()) {
                    return swapped.getAsLong();
                }
            }
        }
        catch (RuntimeException ex) {
            throw failure("attach " + partition + " " + bounds.describe(), ex);
        }
        return moveAndAttach(config, parent, partition, bounds);
    }

    /**
     * Turns the DEFAULT partition, which holds only rows of {@code bounds}, into {@code partition}
     * ({@link DefaultPartitionSwap}). Empty when a row outside the bounds reached the DEFAULT before its
     * CHECK was added, so that the rows are to be moved instead; the CHECK is removed again then, and
     * whenever the swap fails.
     *
     * @return the rows that left the DEFAULT, counted when its CHECK was validated
     */
    private OptionalLong swapDefault(TablePartitionConfig config, QualifiedName parent, QualifiedName defaultPartition, QualifiedName partition,
            PartitionBounds bounds) {
        long rows;
        try {
            addDrainCheck(config, parent, defaultPartition, partition, bounds);
            try {
                rows = validateDrainCheck(config, defaultPartition, partition);
            }
            catch (RuntimeException ex) {
                if (!SqlStates.is(ex, SqlStates.CHECK_VIOLATION)) {
                    throw ex;
                }
                removeDrainCheck(config, defaultPartition);
                return OptionalLong.empty();
            }
            swapDefaultPartition(config, parent, defaultPartition, partition, bounds);
        }
        catch (RuntimeException ex) {
            try {
                removeDrainCheck(config, defaultPartition);
            }
            catch (RuntimeException removal) {
                ex.addSuppressed(removal);
            }
            throw ex;
        }
        log.info("DEFAULT partition {} became {} {} with its {}; {} is the new, empty DEFAULT", defaultPartition, partition,
                bounds.describe(), Count.of(rows, "row"), defaultPartition);
        return OptionalLong.of(rows);
    }

    /**
     * The first step of turning the DEFAULT partition into {@code partition}: a CHECK of {@code bounds}
     * on the DEFAULT, not validated, in a transaction of its own (ACCESS EXCLUSIVE on the DEFAULT, for
     * a catalog change). From its commit until the swap's, a row outside the bounds routed to DEFAULT
     * is refused with a check violation.
     */
    protected void addDrainCheck(TablePartitionConfig config, QualifiedName parent, QualifiedName defaultPartition, QualifiedName partition,
            PartitionBounds bounds) {
        retry(config, "ADD CONSTRAINT " + DefaultPartitionSwap.CHECK + " on " + defaultPartition, () -> session.inTransaction(config.lockTimeout(),
                jdbc -> {
                    DefaultPartitionSwap.addCheck(jdbc, parent, defaultPartition, bounds);
                    return null;
                }));
    }

    /**
     * The second step: the CHECK validated, a scan of the DEFAULT under SHARE UPDATE EXCLUSIVE that its
     * writers do not wait for, in a transaction of its own.
     *
     * @return the rows of the DEFAULT
     */
    protected long validateDrainCheck(TablePartitionConfig config, QualifiedName defaultPartition, QualifiedName partition) {
        return retry(config, "VALIDATE CONSTRAINT " + DefaultPartitionSwap.CHECK + " on " + defaultPartition,
                () -> session.inTransaction(config.lockTimeout(), jdbc -> DefaultPartitionSwap.validate(jdbc, defaultPartition)));
    }

    /**
     * The last step, one transaction: ACCESS EXCLUSIVE on the parent and then the DEFAULT, for catalog
     * changes only; the DEFAULT becomes {@code partition} and partsmith's empty table the DEFAULT. The
     * DEFAULT is locked with NOWAIT: when someone holds it (a query on it alone, autovacuum), the
     * attempt ends at once, and the retries wait for it in a transaction that holds nothing on the parent.
     */
    protected void swapDefaultPartition(TablePartitionConfig config, QualifiedName parent, QualifiedName defaultPartition, QualifiedName partition,
            PartitionBounds bounds) {
        // As for a move: once the DEFAULT was found held, each attempt first waits for it alone, never while holding the parent.
        boolean[] defaultWasBusy = { false };
        retry(config, "swap DEFAULT partition " + defaultPartition + " for " + partition, () -> {
            boolean waitForDefault = defaultWasBusy[0];
            if (waitForDefault) {
                DefaultPartitionMove.awaitDefaultPartition(session, config, parent);
            }
            try {
                return session.inTransaction(config.lockTimeout(), jdbc -> {
                    verifyAttachable(jdbc, config, parent, partition);
                    DefaultPartitionSwap.swap(jdbc, parent, defaultPartition, partition, bounds, !waitForDefault);
                    return null;
                });
            }
            catch (RuntimeException ex) {
                if (SqlStates.is(ex, SqlStates.LOCK_NOT_AVAILABLE)) {
                    defaultWasBusy[0] = true;
                }
                throw ex;
            }
        });
    }

    private void removeDrainCheck(TablePartitionConfig config, QualifiedName defaultPartition) {
        retry(config, "DROP CONSTRAINT " + DefaultPartitionSwap.CHECK + " on " + defaultPartition, () -> session.inTransaction(config.lockTimeout(),
                jdbc -> {
                    DefaultPartitionSwap.removeCheck(jdbc, defaultPartition);
                    return null;
                }));
    }

    /** Attaches {@code partition}, moving the rows of its bounds out of the DEFAULT partition in the same transaction. */
    private long moveAndAttach(TablePartitionConfig config, QualifiedName parent, QualifiedName partition, PartitionBounds bounds) {
        // Set once an attempt timed out on its locks: from then on each attempt first waits for the DEFAULT on its own.
        boolean[] defaultWasBusy = { false };
        try {
            return retry(config, "ATTACH PARTITION " + partition, () -> {
                boolean waitForDefault = defaultWasBusy[0];
                if (waitForDefault) {
                    DefaultPartitionMove.awaitDefaultPartition(session, config, parent);
                }
                try {
                    return session.inTransaction(config.lockTimeout(), jdbc -> attach(jdbc, config, parent, partition, bounds, !waitForDefault));
                }
                catch (RuntimeException ex) {
                    if (SqlStates.is(ex, SqlStates.LOCK_NOT_AVAILABLE)) {
                        defaultWasBusy[0] = true;
                    }
                    throw ex;
                }
            });
        }
        catch (RuntimeException ex) {
            throw failure("attach " + partition + " " + bounds.describe(), ex);
        }
    }

    /**
     * One attach transaction: the table is checked to be partsmith's and detached; rows of the bounds
     * move out of the parent's DEFAULT partition, if there is one (which locks the parent first); the
     * table is attached, given the parent's replica identity index, and unmarked.
     */
    private long attach(JdbcTemplate jdbc, TablePartitionConfig config, QualifiedName parent, QualifiedName partition, PartitionBounds bounds,
            boolean defaultNoWait) {
        boolean identityIndex = verifyAttachable(jdbc, config, parent, partition);
        long moved = DefaultPartitionMove.lockAndMove(jdbc, config.qualifiedName(), parent, partition, bounds, defaultNoWait);
        jdbc.execute(PartitionStatements.attach(parent, partition, bounds) + "; " + PartitionStatements.comment(partition, "NULL"));
        if (identityIndex) {
            NewPartitionProperties.replicaIdentityIndex(jdbc, parent, partition)
                    .ifPresent(index -> jdbc.execute(PartitionStatements.replicaIdentity(partition, "USING INDEX " + QualifiedName.quote(index))));
        }
        return moved;
    }

    /**
     * A table partsmith attaches is detached and carries partsmith's marker for this parent, written for its own name.
     *
     * @return whether the parent's replica identity is an index (which the partition's copy of it must then be made)
     */
    private static boolean verifyAttachable(JdbcTemplate jdbc, TablePartitionConfig config, QualifiedName parent, QualifiedName partition) {
        List<Map<String, Object>> rows = jdbc.queryForList("""
                SELECT c.relispartition AS attached, pg_catalog.obj_description(c.oid, 'pg_class') AS comment,
                       (SELECT p.relreplident = 'i' FROM pg_catalog.pg_class p WHERE p.oid = ?::pg_catalog.regclass) AS identity_index
                FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = ? AND c.relname = ?
                """, parent.quoted(), partition.schema(), partition.name());
        if (rows.isEmpty()) {
            throw new PartitionException("table " + partition + " does not exist");
        }
        boolean ours = PartitionMarker.parse((String) rows.get(0).get("comment"))
                .filter(marker -> marker.belongsTo(config.markerPrefix(), parent) && marker.boundTo(partition)).isPresent();
        if ((Boolean) rows.get(0).get("attached") || !ours) {
            throw new PartitionException(partition + " is " + ((Boolean) rows.get(0).get("attached") ? "attached already" : "not marked as")
                    + " a table partsmith made for " + parent + "; partsmith leaves it alone");
        }
        return Boolean.TRUE.equals(rows.get(0).get("identity_index"));
    }

    @Override
    public void markOrphan(TablePartitionConfig config, QualifiedName parent, PartitionInfo partition, Instant now) {
        QualifiedName table = partition.table();
        String marker = PartitionMarker.of(config.markerPrefix(), PartitionMarker.State.ORPHAN, now, parent, table,
                partition.boundExpression()).format();
        try {
            retry(config, "COMMENT ON TABLE " + table, () -> session.inTransaction(config.lockTimeout(), jdbc -> {
                jdbc.execute(PartitionStatements.comment(table, literal(jdbc, marker)));
                return null;
            }));
        }
        catch (RuntimeException ex) {
            throw failure("mark " + table + " for detach", ex);
        }
    }

    @Override
    public void detachPartition(TablePartitionConfig config, QualifiedName parent, QualifiedName partition, boolean concurrently,
            boolean onlyIfEmpty) {
        try {
            retry(config, "DETACH PARTITION " + partition + (concurrently ? " CONCURRENTLY" : ""), () -> {
                AttachState state = attachState(parent, partition);
                if (state == AttachState.DETACHED) {
                    return null;
                }
                if (onlyIfEmpty && state == AttachState.ATTACHED && !empty(partition)) {
                    throw new PartitionNotEmptyException(partition + " holds rows, so it stays attached: its value is no longer listed, and its"
                            + " level retires a value's partition only once it is empty (list retire-with-rows says otherwise)");
                }
                if (state == AttachState.PENDING) {
                    // A timeout interrupted our own concurrent detach: a second DETACH would fail, FINALIZE completes it.
                    session.inTransaction(config.lockTimeout(), jdbc -> {
                        jdbc.execute(PartitionStatements.detach(parent, partition, "FINALIZE"));
                        return null;
                    });
                }
                else if (concurrently) {
                    session.outsideTransaction(config.lockTimeout(), PartitionStatements.detach(parent, partition, "CONCURRENTLY"));
                }
                else {
                    session.inTransaction(config.lockTimeout(), jdbc -> {
                        jdbc.execute(PartitionStatements.detach(parent, partition, ""));
                        return null;
                    });
                }
                return null;
            });
        }
        catch (RuntimeException ex) {
            AttachState state = attachStateQuietly(parent, partition);
            if (state == AttachState.ATTACHED) {
                clearMarkerQuietly(config, parent, partition, ex);
            }
            PartitionException failure = failure("detach " + partition, ex);
            if (state != AttachState.PENDING) {
                throw failure;
            }
            String pending = "; the detach of " + partition + " is pending and the next run finalizes it";
            throw failure instanceof DdlLockTimeoutException ? new DdlLockTimeoutException(failure.getMessage() + pending, failure.getCause())
                    : new PartitionException(failure.getMessage() + pending, ex);
        }
    }

    /** After a failed detach left the partition attached: no orphan marker may stay on an attached partition. */
    private void clearMarkerQuietly(TablePartitionConfig config, QualifiedName parent, QualifiedName partition, RuntimeException failure) {
        try {
            clearOrphanMarker(config, parent, partition);
        }
        catch (RuntimeException ex) {
            failure.addSuppressed(ex);
        }
    }

    @Override
    public void finalizeDetach(TablePartitionConfig config, QualifiedName parent, QualifiedName partition) {
        try {
            retry(config, "DETACH PARTITION " + partition + " FINALIZE", () -> {
                if (attachState(parent, partition) == AttachState.PENDING) {
                    session.inTransaction(config.lockTimeout(), jdbc -> {
                        jdbc.execute(PartitionStatements.detach(parent, partition, "FINALIZE"));
                        return null;
                    });
                }
                return null;
            });
        }
        catch (RuntimeException ex) {
            throw failure("finalize the detach of " + partition, ex);
        }
    }

    @Override
    public void clearOrphanMarker(TablePartitionConfig config, QualifiedName parent, QualifiedName partition) {
        try {
            retry(config, "COMMENT ON TABLE " + partition, () -> session.inTransaction(config.lockTimeout(), jdbc -> {
                List<Map<String, Object>> rows = jdbc.queryForList("""
                        SELECT c.relispartition AS attached, pg_catalog.obj_description(c.oid, 'pg_class') AS comment
                        FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                        WHERE n.nspname = ? AND c.relname = ?
                        """, partition.schema(), partition.name());
                boolean ownOrphanMarker = !rows.isEmpty() && PartitionMarker.parse((String) rows.get(0).get("comment"))
                        .filter(marker -> marker.state() == PartitionMarker.State.ORPHAN
                                && marker.belongsTo(config.markerPrefix(), parent))
                        .isPresent();
                if (ownOrphanMarker && (Boolean) rows.get(0).get("attached")) {
                    jdbc.execute(PartitionStatements.comment(partition, "NULL"));
                }
                return null;
            }));
        }
        catch (RuntimeException ex) {
            throw failure("clear the orphan marker of " + partition, ex);
        }
    }

    @Override
    public void dropPartition(TablePartitionConfig config, QualifiedName parent, QualifiedName partition, Instant now, boolean requireEmpty) {
        try {
            List<String> foreignKeys = session.reading(jdbc -> jdbc.queryForList("""
                    SELECT con.conname FROM pg_catalog.pg_constraint con
                    JOIN pg_catalog.pg_class c ON c.oid = con.conrelid
                    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = ? AND c.relname = ? AND con.contype = 'f' AND con.conparentid = 0
                    ORDER BY con.conname
                    """, String.class, partition.schema(), partition.name()));
            for (String foreignKey : foreignKeys) {
                retry(config, "ALTER TABLE " + partition + " DROP CONSTRAINT " + foreignKey, () -> session.inTransaction(config.lockTimeout(), jdbc -> {
                    dropGuard.lockAndVerify(jdbc, config, parent, partition, now, requireEmpty);
                    jdbc.execute(PartitionStatements.dropConstraint(partition, foreignKey));
                    return null;
                }));
            }
            for (QualifiedName below : session.reading(jdbc -> DropGuard.descendants(jdbc, partition))) {
                retry(config, "DROP TABLE " + below, () -> session.inTransaction(config.lockTimeout(), jdbc -> {
                    dropGuard.lockAndVerify(jdbc, config, parent, partition, now, requireEmpty);
                    if (DropGuard.descendants(jdbc, partition).contains(below)) {
                        jdbc.execute(PartitionStatements.drop(below));
                    }
                    return null;
                }));
            }
            retry(config, "DROP TABLE " + partition, () -> session.inTransaction(config.lockTimeout(), jdbc -> {
                dropGuard.lockAndVerify(jdbc, config, parent, partition, now, requireEmpty);
                jdbc.execute(PartitionStatements.drop(partition));
                return null;
            }));
        }
        catch (RuntimeException ex) {
            if (SqlStates.is(ex, SqlStates.DEPENDENT_OBJECTS_STILL_EXIST)) {
                throw new PartitionException("cannot drop " + partition + ": " + SqlStates.message(ex)
                        + "; partsmith never drops with CASCADE, remove the dependent objects first", ex);
            }
            throw failure("drop " + partition, ex);
        }
    }

    /** Whether a table (with its partitions, when it has any) holds no row. */
    private boolean empty(QualifiedName table) {
        return Boolean.TRUE.equals(session.reading(jdbc -> jdbc.queryForObject("SELECT NOT EXISTS (SELECT FROM " + table.quoted() + ")",
                Boolean.class)));
    }

    private AttachState attachState(QualifiedName parent, QualifiedName partition) {
        List<Boolean> pending = session.reading(jdbc -> jdbc.queryForList("""
                SELECT i.inhdetachpending FROM pg_catalog.pg_inherits i
                JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid
                JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = ? AND c.relname = ? AND i.inhparent = ?::pg_catalog.regclass
                """, Boolean.class, partition.schema(), partition.name(), parent.quoted()));
        if (pending.isEmpty()) {
            return AttachState.DETACHED;
        }
        return pending.get(0) ? AttachState.PENDING : AttachState.ATTACHED;
    }

    private AttachState attachStateQuietly(QualifiedName parent, QualifiedName partition) {
        try {
            return attachState(parent, partition);
        }
        catch (RuntimeException ex) {
            return AttachState.UNKNOWN;
        }
    }

    /** {@code text} as a string literal, quoted by the server: correct whatever standard_conforming_strings says. */
    private static String literal(JdbcTemplate jdbc, String text) {
        return jdbc.queryForObject("SELECT pg_catalog.quote_literal(?)", String.class, text);
    }

    private static <T> T retry(TablePartitionConfig config, String what, Supplier<T> attempt) {
        return LockTimeoutRetry.run(what, config.retryBudget(), attempt);
    }

    /** Keeps partsmith's own exceptions; wraps database errors with the step and PostgreSQL's message. */
    private static PartitionException failure(String step, RuntimeException ex) {
        if (ex instanceof PartitionException partitionException) {
            return partitionException;
        }
        String state = SqlStates.of(ex);
        String hint = "";
        if (SqlStates.FOREIGN_KEY_VIOLATION.equals(state)) {
            hint = "; rows elsewhere still reference this partition through a foreign key: delete or re-point them first";
        }
        else if (SqlStates.INSUFFICIENT_PRIVILEGE.equals(state)) {
            hint = "; run partsmith as the table's owner (or a member of its role)";
        }
        return new PartitionException("could not " + step + ": " + SqlStates.message(ex) + (state == null ? "" : " [SQLSTATE " + state + "]") + hint, ex);
    }

    private enum AttachState {
        ATTACHED,
        PENDING,
        DETACHED,
        UNKNOWN
    }
}
