package dev.partsmith.postgres;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.partsmith.Count;
import dev.partsmith.PartitionException;
import dev.partsmith.catalog.QualifiedName;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.catalog.PartitionBounds;
import dev.partsmith.postgres.ReferencingForeignKeys.ForeignKey;

/**
 * Moving the rows of a new partition's bounds out of its parent's DEFAULT partition, inside the attach's
 * transaction: the parent locked {@code EXCLUSIVE} (every statement writing through it waits for the
 * commit, so an insert routed to DEFAULT cannot fail the DEFAULT's new constraint and an update or
 * delete of a row being moved cannot find it gone), then the DEFAULT locked {@code ACCESS EXCLUSIVE},
 * then {@code DELETE ... RETURNING} into {@code INSERT} with an explicit column list. Readers carry on.
 */
final class DefaultPartitionMove {

    private static final Logger log = LoggerFactory.getLogger(DefaultPartitionMove.class);

    private DefaultPartitionMove() {
    }

    /** The parent's DEFAULT partition, if it has one. */
    static Optional<QualifiedName> defaultPartition(JdbcTemplate jdbc, QualifiedName parent) {
        List<Map<String, Object>> defaults = jdbc.queryForList("""
                SELECT n.nspname AS schema, c.relname AS name
                FROM pg_catalog.pg_partitioned_table pt
                JOIN pg_catalog.pg_class c ON c.oid = pt.partdefid
                JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                WHERE pt.partrelid = ?::pg_catalog.regclass
                """, parent.quoted());
        return defaults.stream().findFirst().map(row -> new QualifiedName((String) row.get("schema"), (String) row.get("name")));
    }

    /**
     * Locks the parent and its DEFAULT partition, if any, and moves the rows of {@code bounds} out of
     * the DEFAULT into {@code partition} (which routes them on when it is partitioned in turn). With
     * {@code noWait} the DEFAULT is locked with NOWAIT: if anyone holds it, the attempt ends at once
     * instead of stalling writers behind the parent's lock.
     *
     * @param root the managed parent, whose referencing foreign keys are checked too
     * @return the rows moved
     */
    static long lockAndMove(JdbcTemplate jdbc, QualifiedName root, QualifiedName parent, QualifiedName partition, PartitionBounds bounds,
            boolean noWait) {
        Optional<QualifiedName> found = defaultPartition(jdbc, parent);
        if (found.isEmpty()) {
            return 0;
        }
        QualifiedName defaultPartition = found.get();
        jdbc.execute(PartitionStatements.lock(parent, "EXCLUSIVE", false) + "; "
                + PartitionStatements.lock(defaultPartition, "ACCESS EXCLUSIVE", noWait));
        List<String> keyColumns = keyColumns(jdbc, parent);
        String rows = PartitionStatements.rowsOf("", parent, keyColumns, bounds);
        if (!Boolean.TRUE.equals(jdbc.queryForObject("SELECT EXISTS (SELECT FROM " + defaultPartition.quoted() + " WHERE " + rows + ")",
                Boolean.class))) {
            return 0;
        }
        String columns = jdbc.queryForObject("""
                SELECT pg_catalog.string_agg(pg_catalog.quote_ident(attname), ', ' ORDER BY attnum)
                FROM pg_catalog.pg_attribute
                WHERE attrelid = ?::pg_catalog.regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = ''
                """, String.class, parent.quoted());
        refuseReferencedRows(jdbc, root, defaultPartition, partition, PartitionStatements.rowsOf("d", parent, keyColumns, bounds), bounds);
        long moved = jdbc.update("WITH moved AS (DELETE FROM " + defaultPartition.quoted() + " WHERE " + rows + " RETURNING " + columns
                + ") INSERT INTO " + partition.quoted() + " (" + columns + ") SELECT " + columns + " FROM moved");
        log.info("Moving {} of {} from DEFAULT partition {} into {}", Count.of(moved, "row"), bounds.describe(), defaultPartition, partition);
        return moved;
    }

    /** The names of the parent's partition key columns, in key order. */
    static List<String> keyColumns(JdbcTemplate jdbc, QualifiedName parent) {
        return jdbc.queryForList("""
                SELECT a.attname FROM pg_catalog.pg_partitioned_table pt,
                     pg_catalog.unnest(pt.partattrs::pg_catalog.int2[]) WITH ORDINALITY AS k(attnum, n)
                JOIN pg_catalog.pg_attribute a ON a.attnum = k.attnum
                WHERE pt.partrelid = ?::pg_catalog.regclass AND a.attrelid = pt.partrelid
                ORDER BY k.n
                """, String.class, parent.quoted());
    }

    /**
     * Waits, within {@code lock_timeout}, until the DEFAULT partition (if any) can be locked, in a
     * transaction that locks nothing else and ends at once. Whoever holds the DEFAULT (a report
     * reading the parent, a query on the DEFAULT) then makes this wait time out, not the attach
     * transaction, which would hold EXCLUSIVE on the parent, and so stall every writer, while it
     * waited. Inserts into other partitions are never behind this wait.
     */
    static void awaitDefaultPartition(PostgresSession session, TablePartitionConfig config, QualifiedName parent) {
        session.inTransaction(config.lockTimeout(), jdbc -> {
            defaultPartition(jdbc, parent)
                    .ifPresent(table -> jdbc.execute(PartitionStatements.lock(table, "ACCESS EXCLUSIVE", false)));
            return null;
        });
    }

    /**
     * Moving a row out of DEFAULT deletes it there. A foreign key referencing it would carry that
     * delete over to the referencing rows (CASCADE, SET NULL, SET DEFAULT) or fail it with an error
     * about the wrong table (NO ACTION, RESTRICT). So when any row to move is referenced, through a key
     * on the parent or on the DEFAULT partition itself, nothing is moved and the attach is refused,
     * naming the key. Rows nobody references move whatever the keys say. The DEFAULT partition is
     * locked by now, so no new reference can appear before the move.
     */
    private static void refuseReferencedRows(JdbcTemplate jdbc, QualifiedName root, QualifiedName defaultPartition, QualifiedName partition,
            String rowsOfD, PartitionBounds bounds) {
        for (ForeignKey foreignKey : ReferencingForeignKeys.of(jdbc, root, defaultPartition)) {
            Long referenced = jdbc.queryForObject("SELECT count(*) FROM " + defaultPartition.quoted() + " d WHERE " + rowsOfD
                    + " AND EXISTS (SELECT FROM " + foreignKey.table().quoted() + " r WHERE " + foreignKey.matches("r", "d") + ")", Long.class);
            if (referenced != null && referenced > 0) {
                throw new PartitionException("cannot move the rows of " + bounds.describe() + " out of DEFAULT partition " + defaultPartition
                        + " into " + partition + ": " + referenced + (referenced == 1 ? " of them is" : " of them are")
                        + " referenced by rows of " + foreignKey.table() + " through foreign key " + foreignKey.name() + " ("
                        + foreignKey.onDelete() + "), and moving a row deletes it from DEFAULT, which " + foreignKey.consequence()
                        + "; nothing was moved. Delete or re-point the referencing rows; until then " + partition
                        + " stays created and unattached, and each run tries again");
            }
        }
    }
}
