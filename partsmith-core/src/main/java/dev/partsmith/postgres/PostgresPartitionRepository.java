package dev.partsmith.postgres;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.partsmith.Count;
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
 * when the parent has a DEFAULT partition, so that writes through the parent wait for the attach
 * rather than fail or go astray; readers are never blocked by it);</li>
 * <li>every transaction sets {@code lock_timeout} and {@code TIME ZONE 'UTC'}, is retried on lock
 * timeouts only, within the table's retry budget, and holds one DDL statement;</li>
 * <li>locks are taken parent first, then DEFAULT, then the partition;</li>
 * <li>rows of a new range found in DEFAULT are moved (explicit column list,
 * {@code DELETE ... RETURNING} into {@code INSERT}) in the attach's own transaction;</li>
 * <li>a DEFAULT partition held by someone else is waited for without holding the parent;</li>
 * <li>detaching uses {@code CONCURRENTLY} where possible, and {@code FINALIZE} after an interruption;</li>
 * <li>drops happen only after re-checking partsmith's marker under an exclusive lock, never with CASCADE.</li>
 * </ul>
 * Subclass it to add behaviour around a step (call {@code super}).
 */
public class PostgresPartitionRepository implements PartitionRepository {

    private static final Logger log = LoggerFactory.getLogger(PostgresPartitionRepository.class);

    /**
     * Not INCLUDING ALL: an identity column on the child cannot be attached on PG 17+. Not INCLUDING
     * INDEXES: ATTACH builds the parent's indexes on the child, in bulk after rows moved out of
     * DEFAULT, which is faster than keeping them up to date row by row during the move.
     */
    private static final String LIKE_OPTIONS = "INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE INCLUDING COMMENTS"
            + " INCLUDING GENERATED INCLUDING STATISTICS";

    /** Foreign keys referencing the parent or its DEFAULT partition, with their columns on both sides in key order. */
    private static final String REFERENCING_KEYS_SQL = """
            SELECT con.conname AS name, n.nspname AS schema, c.relname AS table, con.confdeltype::text AS on_delete,
                   ARRAY(SELECT a.attname::text FROM pg_catalog.unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
                         JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord) AS columns,
                   ARRAY(SELECT a.attname::text FROM pg_catalog.unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
                         JOIN pg_catalog.pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.ord) AS referenced
            FROM pg_catalog.pg_constraint con
            JOIN pg_catalog.pg_class c ON c.oid = con.conrelid
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE con.contype = 'f' AND con.conparentid = 0 AND con.confrelid IN (?::pg_catalog.regclass, ?::pg_catalog.regclass)
            ORDER BY n.nspname, c.relname, con.conname
            """;

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
                // quote_literal on the server: correct whatever standard_conforming_strings says.
                Map<String, Object> parentInfo = jdbc.queryForMap("""
                        SELECT pg_catalog.pg_get_userbyid(c.relowner) AS owner, current_user AS me, t.spcname AS tablespace,
                               pg_catalog.quote_literal(?) AS marker
                        FROM pg_catalog.pg_class c LEFT JOIN pg_catalog.pg_tablespace t ON t.oid = c.reltablespace
                        WHERE c.oid = ?::pg_catalog.regclass
                        """, marker, parent);
                String tablespace = (String) parentInfo.get("tablespace");
                String owner = (String) parentInfo.get("owner");
                // One transaction as before, sent in one round trip.
                jdbc.execute("CREATE TABLE " + child + " (LIKE " + parent + " " + LIKE_OPTIONS + ")"
                        + (tablespace == null ? "" : " TABLESPACE " + QualifiedName.quote(tablespace))
                        + (owner.equals(parentInfo.get("me")) ? "" : "; ALTER TABLE " + child + " OWNER TO " + QualifiedName.quote(owner))
                        + "; COMMENT ON TABLE " + child + " IS " + parentInfo.get("marker"));
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
        // Set once an attempt timed out on its locks: from then on each attempt first waits for the DEFAULT on its own.
        boolean[] defaultWasBusy = { false };
        try {
            return retry(config, "ATTACH PARTITION " + partition, () -> {
                boolean waitForDefault = defaultWasBusy[0];
                if (waitForDefault) {
                    awaitDefaultPartition(config);
                }
                try {
                    return session.inTransaction(config.lockTimeout(), jdbc -> attach(jdbc, config, partition, window, attach, !waitForDefault));
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
            throw failure("attach " + partition + " " + window, ex);
        }
    }

    /**
     * Waits, within {@code lock_timeout}, until the DEFAULT partition (if any) can be locked, in a
     * transaction that locks nothing else and ends at once. Whoever holds the DEFAULT (a report
     * reading the parent, a query on the DEFAULT) then makes this wait time out, not the attach
     * transaction, which would hold EXCLUSIVE on the parent, and so stall every writer, while it
     * waited. Inserts into other partitions are never behind this wait.
     */
    private void awaitDefaultPartition(TablePartitionConfig config) {
        session.inTransaction(config.lockTimeout(), jdbc -> {
            defaultPartition(jdbc, config).ifPresent(table -> jdbc.execute("LOCK TABLE " + table.quoted() + " IN ACCESS EXCLUSIVE MODE"));
            return null;
        });
    }

    private static Optional<QualifiedName> defaultPartition(JdbcTemplate jdbc, TablePartitionConfig config) {
        List<Map<String, Object>> defaults = jdbc.queryForList("""
                SELECT n.nspname AS schema, c.relname AS name
                FROM pg_catalog.pg_partitioned_table pt
                JOIN pg_catalog.pg_class c ON c.oid = pt.partdefid
                JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                WHERE pt.partrelid = ?::pg_catalog.regclass
                """, config.qualifiedName().quoted());
        return defaults.stream().findFirst().map(row -> new QualifiedName((String) row.get("schema"), (String) row.get("name")));
    }

    /**
     * One attach transaction. Without a DEFAULT partition, ATTACH alone takes SHARE UPDATE EXCLUSIVE
     * on the parent. With one, the parent is first locked in EXCLUSIVE mode, then the DEFAULT in
     * ACCESS EXCLUSIVE mode; rows of the window found in the DEFAULT are moved into the partition, and
     * the partition is attached. EXCLUSIVE on the parent makes every statement that writes through the
     * parent wait for the commit before PostgreSQL routes its rows or plans its scan: an insert routed
     * to DEFAULT would otherwise fail the DEFAULT's new partition constraint, and an update or delete
     * of a row being moved would find it gone and silently change nothing. Readers carry on. With
     * {@code defaultNoWait} the DEFAULT is locked with NOWAIT: if anyone holds it, the attempt ends at
     * once instead of stalling writers behind the parent's lock, and the retry first waits for the
     * DEFAULT on its own ({@link #awaitDefaultPartition}).
     */
    private long attach(JdbcTemplate jdbc, TablePartitionConfig config, QualifiedName partition, PartitionWindow window, String attach,
            boolean defaultNoWait) {
        Optional<QualifiedName> defaultPartition = defaultPartition(jdbc, config);
        long moved = 0;
        if (defaultPartition.isPresent()) {
            QualifiedName table = defaultPartition.get();
            jdbc.execute("LOCK TABLE " + config.qualifiedName().quoted() + " IN EXCLUSIVE MODE; LOCK TABLE " + table.quoted()
                    + " IN ACCESS EXCLUSIVE MODE" + (defaultNoWait ? " NOWAIT" : ""));
            if (Boolean.TRUE.equals(jdbc.queryForObject("SELECT EXISTS (SELECT FROM " + table.quoted() + " WHERE " + inWindow(config, window)
                    + ")", Boolean.class))) {
                moved = moveRows(jdbc, config, table, partition, window);
                log.info("Moving {} of {} from DEFAULT partition {} into {}", Count.of(moved, "row"), window, table, partition);
            }
        }
        jdbc.execute(attachAndUnmark(attach, partition));
        return moved;
    }

    /** The SQL condition on the partition key for rows of the window. */
    private static String inWindow(TablePartitionConfig config, PartitionWindow window) {
        String key = QualifiedName.quote(config.partitionColumn());
        return key + " >= '" + window.fromLiteral() + "' AND " + key + " < '" + window.toLiteral() + "'";
    }

    private static String attachAndUnmark(String attach, QualifiedName partition) {
        return attach + "; COMMENT ON TABLE " + partition.quoted() + " IS NULL";
    }

    private long moveRows(JdbcTemplate jdbc, TablePartitionConfig config, QualifiedName defaultPartition, QualifiedName partition,
            PartitionWindow window) {
        String columns = jdbc.queryForObject("""
                SELECT pg_catalog.string_agg(pg_catalog.quote_ident(attname), ', ' ORDER BY attnum)
                FROM pg_catalog.pg_attribute
                WHERE attrelid = ?::pg_catalog.regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = ''
                """, String.class, config.qualifiedName().quoted());
        refuseReferencedRows(jdbc, config, defaultPartition, partition, window);
        return jdbc.update("WITH moved AS (DELETE FROM " + defaultPartition.quoted() + " WHERE " + inWindow(config, window) + " RETURNING "
                + columns + ") INSERT INTO " + partition.quoted() + " (" + columns + ") SELECT " + columns + " FROM moved");
    }

    /**
     * Moving a row out of DEFAULT deletes it there. A foreign key referencing it would carry that
     * delete over to the referencing rows (CASCADE, SET NULL, SET DEFAULT) or fail it with an error
     * about the wrong table (NO ACTION, RESTRICT). So when any row to move is referenced, through a key
     * on the parent or on the DEFAULT partition itself, nothing is moved and the attach is refused,
     * naming the key. Rows nobody references move whatever the keys say. The DEFAULT partition is
     * locked by now, so no new reference can appear before the move.
     */
    private static void refuseReferencedRows(JdbcTemplate jdbc, TablePartitionConfig config, QualifiedName defaultPartition,
            QualifiedName partition, PartitionWindow window) {
        List<ForeignKey> foreignKeys = jdbc.query(REFERENCING_KEYS_SQL, (rs, rowNum) -> new ForeignKey(rs.getString("name"),
                new QualifiedName(rs.getString("schema"), rs.getString("table")), rs.getString("on_delete"),
                (String[]) rs.getArray("columns").getArray(), (String[]) rs.getArray("referenced").getArray()),
                config.qualifiedName().quoted(), defaultPartition.quoted());
        String key = "d." + QualifiedName.quote(config.partitionColumn());
        for (ForeignKey foreignKey : foreignKeys) {
            Long referenced = jdbc.queryForObject("SELECT count(*) FROM " + defaultPartition.quoted() + " d WHERE " + key + " >= '"
                    + window.fromLiteral() + "' AND " + key + " < '" + window.toLiteral() + "' AND EXISTS (SELECT FROM "
                    + foreignKey.table().quoted() + " r WHERE " + foreignKey.matches("r", "d") + ")", Long.class);
            if (referenced != null && referenced > 0) {
                throw new PartitionException("cannot move the rows of " + window + " out of DEFAULT partition " + defaultPartition
                        + " into " + partition + ": " + referenced + (referenced == 1 ? " of them is" : " of them are")
                        + " referenced by rows of " + foreignKey.table() + " through foreign key " + foreignKey.name() + " ("
                        + foreignKey.onDelete() + "), and moving a row deletes it from DEFAULT, which " + foreignKey.consequence()
                        + "; nothing was moved. Delete or re-point the referencing rows; until then " + partition
                        + " stays created and unattached, and each run tries again");
            }
        }
    }

    /** A foreign key referencing the parent or its DEFAULT partition. */
    private record ForeignKey(String name, QualifiedName table, String deleteAction, String[] columns, String[] referenced) {

        /** {@code (r."a", r."b") = (d."x", d."y")}. */
        String matches(String referencingAlias, String referencedAlias) {
            return "(" + qualified(referencingAlias, columns) + ") = (" + qualified(referencedAlias, referenced) + ")";
        }

        private static String qualified(String alias, String[] names) {
            return Arrays.stream(names).map(name -> alias + "." + QualifiedName.quote(name))
                    .collect(Collectors.joining(", "));
        }

        String onDelete() {
            return switch (deleteAction) {
                case "c" -> "ON DELETE CASCADE";
                case "n" -> "ON DELETE SET NULL";
                case "d" -> "ON DELETE SET DEFAULT";
                case "r" -> "ON DELETE RESTRICT";
                default -> "ON DELETE NO ACTION";
            };
        }

        String consequence() {
            return switch (deleteAction) {
                case "c" -> "would delete those rows";
                case "n" -> "would set their reference to NULL";
                case "d" -> "would set their reference to its default";
                default -> "PostgreSQL refuses";
            };
        }
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
                throw new DdlLockTimeoutException(ex.getMessage() + pendingNote(partition), ex.getCause());
            }
            throw ex;
        }
        catch (RuntimeException ex) {
            PartitionException failure = failure("detach " + partition, ex);
            if (attachStateQuietly(config, partition) == AttachState.PENDING) {
                throw new PartitionException(failure.getMessage() + pendingNote(partition), ex);
            }
            throw failure;
        }
    }

    private static String pendingNote(QualifiedName partition) {
        return "; the detach of " + partition + " is pending and the next run finalizes it";
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
