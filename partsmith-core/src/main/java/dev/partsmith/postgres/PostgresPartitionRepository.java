package dev.partsmith.postgres;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.partsmith.DdlLockTimeoutException;
import dev.partsmith.PartitionAlreadyExistsException;
import dev.partsmith.PartitionAttachedException;
import dev.partsmith.PartitionException;
import dev.partsmith.PartitionNotFoundException;
import dev.partsmith.UnmanagedPartitionDropException;
import dev.partsmith.catalog.PartitionMarker;
import dev.partsmith.catalog.QualifiedName;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.lifecycle.PartitionRepository;
import dev.partsmith.plan.PartitionWindow;

/**
 * Applies partsmith's DDL to PostgreSQL 14+ by the rules that keep a busy database moving:
 * <ul>
 * <li>new partitions are created standalone ({@code CREATE TABLE ... (LIKE parent ...)}) and then
 * attached, which takes SHARE UPDATE EXCLUSIVE on the parent instead of ACCESS EXCLUSIVE (EXCLUSIVE
 * when the parent has a DEFAULT partition, so that writers are re-routed rather than failed);</li>
 * <li>every transaction sets {@code lock_timeout} and {@code TIME ZONE 'UTC'}, is retried on lock
 * timeouts only, within the table's retry budget, and holds one DDL statement;</li>
 * <li>locks are taken parent first, then DEFAULT, then the partition;</li>
 * <li>rows of a new range found in DEFAULT are moved (explicit column list,
 * {@code DELETE ... RETURNING} into {@code INSERT}) in the attach's own transaction;</li>
 * <li>detaching uses {@code CONCURRENTLY} where possible, and {@code FINALIZE} after an interruption;</li>
 * <li>drops happen only after re-checking partsmith's marker under an exclusive lock, never with CASCADE.</li>
 * </ul>
 * Subclass it to add behaviour around a step (call {@code super}).
 */
public class PostgresPartitionRepository implements PartitionRepository {

    private static final Logger log = LoggerFactory.getLogger(PostgresPartitionRepository.class);

    private static final String LIKE_OPTIONS = "INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE INCLUDING COMMENTS"
            + " INCLUDING GENERATED INCLUDING STATISTICS";

    private final PostgresSession session;
    private final boolean dropAllowUnmanaged;

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
        this.dropAllowUnmanaged = dropAllowUnmanaged;
    }

    @Override
    public void createPartition(TablePartitionConfig config, QualifiedName partition, Instant now) {
        String parent = config.qualifiedName().quoted();
        String child = partition.quoted();
        String marker = new PartitionMarker(config.markerPrefix(), PartitionMarker.State.PENDING_ATTACH, now, config.qualifiedName()).format();
        try {
            retry(config, "CREATE TABLE " + partition, () -> session.inTransaction(config.lockTimeout(), jdbc -> {
                Map<String, Object> parentInfo = jdbc.queryForMap("""
                        SELECT pg_catalog.pg_get_userbyid(c.relowner) AS owner, current_user AS me, t.spcname AS tablespace
                        FROM pg_catalog.pg_class c LEFT JOIN pg_catalog.pg_tablespace t ON t.oid = c.reltablespace
                        WHERE c.oid = ?::pg_catalog.regclass
                        """, parent);
                String tablespace = (String) parentInfo.get("tablespace");
                jdbc.execute("CREATE TABLE " + child + " (LIKE " + parent + " " + LIKE_OPTIONS + ")"
                        + (tablespace == null ? "" : " TABLESPACE " + QualifiedName.quote(tablespace)));
                String owner = (String) parentInfo.get("owner");
                if (!owner.equals(parentInfo.get("me"))) {
                    jdbc.execute("ALTER TABLE " + child + " OWNER TO " + QualifiedName.quote(owner));
                }
                comment(jdbc, child, marker);
                return null;
            }));
        }
        catch (RuntimeException ex) {
            if (SqlStates.is(ex, SqlStates.DUPLICATE_TABLE)) {
                throw new PartitionAlreadyExistsException("a relation named " + partition + " already exists and is not a table"
                        + " partsmith created for " + config.qualifiedName() + "; partsmith leaves it alone", ex);
            }
            throw failure("create " + partition, ex);
        }
    }

    @Override
    public long attachPartition(TablePartitionConfig config, QualifiedName partition, PartitionWindow window) {
        String attach = "ALTER TABLE " + config.qualifiedName().quoted() + " ATTACH PARTITION " + partition.quoted() + " FOR VALUES FROM ('"
                + window.fromLiteral() + "') TO ('" + window.toLiteral() + "')";
        try {
            return retry(config, "ATTACH PARTITION " + partition, () -> {
                try {
                    return session.inTransaction(config.lockTimeout(), jdbc -> attach(jdbc, config, partition, window, attach, false));
                }
                catch (RuntimeException ex) {
                    if (!SqlStates.is(ex, SqlStates.CHECK_VIOLATION)) {
                        throw ex;
                    }
                    return session.inTransaction(config.lockTimeout(), jdbc -> attach(jdbc, config, partition, window, attach, true));
                }
            });
        }
        catch (RuntimeException ex) {
            throw failure("attach " + partition + " " + window, ex);
        }
    }

    /**
     * One attach transaction. Without a DEFAULT partition, ATTACH alone takes SHARE UPDATE EXCLUSIVE on
     * the parent. With one, the parent is first locked in EXCLUSIVE mode: an insert that PostgreSQL
     * routed to DEFAULT before the attach committed would otherwise fail the DEFAULT's new partition
     * constraint once it got its lock; this way writers wait a moment at the parent and are routed
     * afresh, while readers carry on. Then DEFAULT (ACCESS EXCLUSIVE), then the partition.
     */
    private long attach(JdbcTemplate jdbc, TablePartitionConfig config, QualifiedName partition, PartitionWindow window, String attach,
            boolean moveRows) {
        String parent = config.qualifiedName().quoted();
        List<Map<String, Object>> defaults = jdbc.queryForList("""
                SELECT n.nspname AS schema, c.relname AS name
                FROM pg_catalog.pg_partitioned_table pt
                JOIN pg_catalog.pg_class c ON c.oid = pt.partdefid
                JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                WHERE pt.partrelid = ?::pg_catalog.regclass
                """, parent);
        long moved = 0;
        if (!defaults.isEmpty()) {
            QualifiedName defaultPartition = new QualifiedName((String) defaults.get(0).get("schema"), (String) defaults.get(0).get("name"));
            jdbc.execute("LOCK TABLE " + parent + " IN EXCLUSIVE MODE");
            jdbc.execute("LOCK TABLE " + defaultPartition.quoted() + " IN ACCESS EXCLUSIVE MODE");
            if (moveRows) {
                moved = moveRows(jdbc, config, defaultPartition, partition, window);
            }
        }
        else if (moveRows) {
            // No DEFAULT: the rows outside the range are in the new table itself.
            throw new PartitionException("table " + partition + " holds rows outside " + window + "; it is left unattached");
        }
        jdbc.execute(attach);
        jdbc.execute("COMMENT ON TABLE " + partition.quoted() + " IS NULL");
        return moved;
    }

    private long moveRows(JdbcTemplate jdbc, TablePartitionConfig config, QualifiedName defaultPartition, QualifiedName partition,
            PartitionWindow window) {
        // Moving is a DELETE then an INSERT: a foreign key that cascades deletes would take rows elsewhere with it.
        List<String> cascading = jdbc.queryForList("""
                SELECT pg_catalog.format('%s on %s (ON DELETE %s)', con.conname, con.conrelid::pg_catalog.regclass,
                       CASE con.confdeltype WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' ELSE 'SET DEFAULT' END)
                FROM pg_catalog.pg_constraint con
                WHERE con.contype = 'f' AND con.confrelid = ?::pg_catalog.regclass AND con.conparentid = 0
                  AND con.confdeltype IN ('c', 'n', 'd')
                ORDER BY 1
                """, String.class, config.qualifiedName().quoted());
        if (!cascading.isEmpty()) {
            throw new PartitionException("DEFAULT partition " + defaultPartition + " holds rows of " + window + ", and moving them into "
                    + partition + " would delete and re-insert them, which foreign key " + String.join(", ", cascading)
                    + " would carry over to the referencing rows; move those rows yourself, or change the foreign key to NO ACTION");
        }
        String columns = jdbc.queryForObject("""
                SELECT pg_catalog.string_agg(pg_catalog.quote_ident(attname), ', ' ORDER BY attnum)
                FROM pg_catalog.pg_attribute
                WHERE attrelid = ?::pg_catalog.regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = ''
                """, String.class, config.qualifiedName().quoted());
        String key = QualifiedName.quote(config.partitionColumn());
        long moved = jdbc.update("WITH moved AS (DELETE FROM " + defaultPartition.quoted() + " WHERE " + key + " >= '" + window.fromLiteral()
                + "' AND " + key + " < '" + window.toLiteral() + "' RETURNING " + columns + ") INSERT INTO " + partition.quoted()
                + " (" + columns + ") SELECT " + columns + " FROM moved");
        log.info("Moving {} rows of {} from DEFAULT partition {} into {}", moved, window, defaultPartition, partition);
        return moved;
    }

    @Override
    public void markOrphan(TablePartitionConfig config, QualifiedName partition, Instant now) {
        String marker = new PartitionMarker(config.markerPrefix(), PartitionMarker.State.ORPHAN, now, config.qualifiedName()).format();
        try {
            retry(config, "COMMENT ON TABLE " + partition, () -> session.inTransaction(config.lockTimeout(), jdbc -> {
                comment(jdbc, partition.quoted(), marker);
                return null;
            }));
        }
        catch (RuntimeException ex) {
            throw failure("mark " + partition + " for detach", ex);
        }
    }

    @Override
    public void detachPartition(TablePartitionConfig config, QualifiedName partition, boolean concurrently) {
        String detach = "ALTER TABLE " + config.qualifiedName().quoted() + " DETACH PARTITION " + partition.quoted();
        try {
            retry(config, "DETACH PARTITION " + partition + (concurrently ? " CONCURRENTLY" : ""), () -> {
                AttachState state = attachState(config, partition);
                if (state == AttachState.DETACHED) {
                    return null;
                }
                if (state == AttachState.PENDING) {
                    // A timeout interrupted our own concurrent detach: a second DETACH would fail, FINALIZE completes it.
                    session.inTransaction(config.lockTimeout(), jdbc -> {
                        jdbc.execute(detach + " FINALIZE");
                        return null;
                    });
                }
                else if (concurrently) {
                    session.outsideTransaction(config.lockTimeout(), detach + " CONCURRENTLY");
                }
                else {
                    session.inTransaction(config.lockTimeout(), jdbc -> {
                        jdbc.execute(detach);
                        return null;
                    });
                }
                return null;
            });
        }
        catch (DdlLockTimeoutException ex) {
            if (attachStateQuietly(config, partition) == AttachState.PENDING) {
                throw new DdlLockTimeoutException(ex.getMessage() + "; the detach of " + partition
                        + " is pending and the next run finalizes it", ex.getCause());
            }
            throw ex;
        }
        catch (RuntimeException ex) {
            throw failure("detach " + partition, ex);
        }
    }

    @Override
    public void finalizeDetach(TablePartitionConfig config, QualifiedName partition) {
        String finalize = "ALTER TABLE " + config.qualifiedName().quoted() + " DETACH PARTITION " + partition.quoted() + " FINALIZE";
        try {
            retry(config, "DETACH PARTITION " + partition + " FINALIZE", () -> {
                if (attachState(config, partition) == AttachState.PENDING) {
                    session.inTransaction(config.lockTimeout(), jdbc -> {
                        jdbc.execute(finalize);
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
    public void dropPartition(TablePartitionConfig config, QualifiedName partition, Instant now) {
        String table = partition.quoted();
        try {
            List<String> foreignKeys = session.reading(jdbc -> jdbc.queryForList("""
                    SELECT con.conname FROM pg_catalog.pg_constraint con
                    JOIN pg_catalog.pg_class c ON c.oid = con.conrelid
                    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = ? AND c.relname = ? AND con.contype = 'f'
                    ORDER BY con.conname
                    """, String.class, partition.schema(), partition.name()));
            for (String foreignKey : foreignKeys) {
                retry(config, "ALTER TABLE " + partition + " DROP CONSTRAINT " + foreignKey, () -> session.inTransaction(config.lockTimeout(), jdbc -> {
                    lockAndVerifyDroppable(jdbc, config, partition, now);
                    jdbc.execute("ALTER TABLE " + table + " DROP CONSTRAINT IF EXISTS " + QualifiedName.quote(foreignKey));
                    return null;
                }));
            }
            retry(config, "DROP TABLE " + partition, () -> session.inTransaction(config.lockTimeout(), jdbc -> {
                lockAndVerifyDroppable(jdbc, config, partition, now);
                jdbc.execute("DROP TABLE " + table);
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

    /** Takes ACCESS EXCLUSIVE on the table, then checks it is still one partsmith may drop. */
    private void lockAndVerifyDroppable(JdbcTemplate jdbc, TablePartitionConfig config, QualifiedName partition, Instant now) {
        try {
            jdbc.execute("LOCK TABLE " + partition.quoted() + " IN ACCESS EXCLUSIVE MODE");
        }
        catch (RuntimeException ex) {
            if (SqlStates.is(ex, SqlStates.UNDEFINED_TABLE)) {
                throw new PartitionNotFoundException("table " + partition + " does not exist", ex);
            }
            throw ex;
        }
        Map<String, Object> row = jdbc.queryForMap("""
                SELECT c.relispartition AS attached, pg_catalog.obj_description(c.oid, 'pg_class') AS comment
                FROM pg_catalog.pg_class c WHERE c.oid = ?::pg_catalog.regclass
                """, partition.quoted());
        if ((Boolean) row.get("attached")) {
            throw new PartitionAttachedException(partition + " is attached to its parent; partsmith drops only detached tables");
        }
        if (dropAllowUnmanaged) {
            return;
        }
        Optional<PartitionMarker> marker = PartitionMarker.parse((String) row.get("comment"))
                .filter(found -> found.belongsTo(config.markerPrefix(), config.qualifiedName()));
        if (marker.isEmpty()) {
            throw new UnmanagedPartitionDropException(partition + " does not carry partsmith's marker for " + config.qualifiedName()
                    + " (prefix '" + config.markerPrefix() + "'); partsmith never drops a table it did not detach");
        }
        if (marker.get().state() == PartitionMarker.State.ORPHAN) {
            Instant due = marker.get().at().plus(config.dropGrace());
            if (now.isBefore(due)) {
                throw new UnmanagedPartitionDropException(partition + " was detached at " + marker.get().at() + "; its drop grace of "
                        + config.dropGrace() + " ends at " + due);
            }
        }
        else {
            Boolean empty = jdbc.queryForObject("SELECT NOT EXISTS (SELECT FROM " + partition.quoted() + ")", Boolean.class);
            if (!Boolean.TRUE.equals(empty)) {
                throw new UnmanagedPartitionDropException(partition + " was created but never attached, and it holds rows;"
                        + " partsmith does not drop it");
            }
        }
    }

    private AttachState attachState(TablePartitionConfig config, QualifiedName partition) {
        List<Boolean> pending = session.reading(jdbc -> jdbc.queryForList("""
                SELECT i.inhdetachpending FROM pg_catalog.pg_inherits i
                JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid
                JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = ? AND c.relname = ? AND i.inhparent = ?::pg_catalog.regclass
                """, Boolean.class, partition.schema(), partition.name(), config.qualifiedName().quoted()));
        if (pending.isEmpty()) {
            return AttachState.DETACHED;
        }
        return pending.get(0) ? AttachState.PENDING : AttachState.ATTACHED;
    }

    private AttachState attachStateQuietly(TablePartitionConfig config, QualifiedName partition) {
        try {
            return attachState(config, partition);
        }
        catch (RuntimeException ex) {
            return AttachState.ATTACHED;
        }
    }

    private static void comment(JdbcTemplate jdbc, String table, String text) {
        // quote_literal on the server: correct whatever standard_conforming_strings says.
        String literal = jdbc.queryForObject("SELECT pg_catalog.quote_literal(?)", String.class, text);
        jdbc.execute("COMMENT ON TABLE " + table + " IS " + literal);
    }

    private static <T> T retry(TablePartitionConfig config, String what, java.util.function.Supplier<T> attempt) {
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
        DETACHED
    }
}
