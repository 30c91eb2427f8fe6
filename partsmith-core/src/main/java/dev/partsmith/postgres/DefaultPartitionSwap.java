package dev.partsmith.postgres;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;

import dev.partsmith.PartitionException;
import dev.partsmith.catalog.PartitionBounds;
import dev.partsmith.catalog.QualifiedName;

/**
 * Turning a parent's DEFAULT partition, when it holds only rows of a new partition's range, into that
 * partition: the rows never move. Three transactions, each under {@code lock_timeout}:
 * <ol>
 * <li>{@link #addCheck}: a CHECK of the range on the DEFAULT, {@code NOT VALID} (ACCESS EXCLUSIVE on
 * the DEFAULT for a catalog change, no scan). From here on a row outside the range routed to DEFAULT
 * is refused with a check violation, until the swap commits or the CHECK is removed.</li>
 * <li>{@link #validate}: the CHECK validated, which scans the DEFAULT under SHARE UPDATE EXCLUSIVE:
 * inserts, updates and deletes of its rows go on.</li>
 * <li>{@link #swap}: ACCESS EXCLUSIVE on the parent, then on the DEFAULT; the DEFAULT is detached,
 * the new partition's empty table (made by partsmith for these bounds) takes the DEFAULT's name and
 * is attached as the DEFAULT, the old DEFAULT takes the partition's name and is attached for the
 * bounds (the validated CHECK lets the attach skip its scan) and the CHECK is dropped. Only catalog
 * changes and the scan of an empty table happen under the parent's lock.</li>
 * </ol>
 * A statement that waits for the parent during the swap then runs against the new layout: an insert
 * of the range lands in the partition, an update or a delete finds its row where it always was.
 * A run cut short leaves at most the CHECK on the DEFAULT, which the next attach of the parent removes
 * ({@link #removeCheck}) before it starts again.
 */
final class DefaultPartitionSwap {

    /** The name of the CHECK partsmith puts on a DEFAULT partition while it turns it into a partition. */
    static final String CHECK = "partsmith_default_drain";

    /** The name the old DEFAULT carries for a moment inside the swap's transaction; no swap while a relation has it. */
    private static final String SWAP_NAME = "partsmith_default_swap";

    /**
     * What the parent's DEFAULT holds for a new partition.
     *
     * @param defaultPartition the parent's DEFAULT partition
     * @param strategy how its rows of the range leave it
     * @param leftoverCheck whether it carries partsmith's CHECK from a run cut short
     */
    record Drain(QualifiedName defaultPartition, DefaultDrain.Strategy strategy, boolean leftoverCheck) {
    }

    private DefaultPartitionSwap() {
    }

    /**
     * Reads the parent's DEFAULT partition and, when a swap is possible at all (no foreign key references
     * {@code root}, the managed table, or the DEFAULT), its rows (a scan that
     * stops at {@link DefaultDrain#SWAP_FROM_ROWS} rows of the range, and at the first row outside it).
     * Empty when the parent has no DEFAULT partition.
     */
    static Optional<Drain> inspect(JdbcTemplate jdbc, QualifiedName root, QualifiedName parent, QualifiedName partition, PartitionBounds bounds) {
        Optional<QualifiedName> found = DefaultPartitionMove.defaultPartition(jdbc, parent);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        QualifiedName defaultPartition = found.get();
        List<Map<String, Object>> shape = jdbc.queryForList("""
                SELECT d.relkind = 'r' AND p.relkind = 'r' AND d.relnamespace = p.relnamespace
                       AND pt.partstrat = 'r' AND pt.partnatts = 1
                       AND NOT EXISTS (SELECT FROM pg_catalog.pg_class s WHERE s.relnamespace = d.relnamespace AND s.relname = ?) AS swappable,
                       EXISTS (SELECT FROM pg_catalog.pg_constraint con WHERE con.conrelid = d.oid AND con.conname = ?) AS leftover
                FROM pg_catalog.pg_partitioned_table pt, pg_catalog.pg_class d, pg_catalog.pg_class p
                WHERE pt.partrelid = ?::pg_catalog.regclass AND d.oid = ?::pg_catalog.regclass AND p.oid = pg_catalog.to_regclass(?)
                """, SWAP_NAME, CHECK, parent.quoted(), defaultPartition.quoted(), partition.quoted());
        // A foreign key referencing the table would make the DEFAULT's detach check, under the parent's lock, for rows referencing
        // it; the move refuses referenced rows by name instead.
        boolean swappable = !shape.isEmpty() && Boolean.TRUE.equals(shape.get(0).get("swappable"))
                && ReferencingForeignKeys.of(jdbc, root, defaultPartition).isEmpty();
        boolean leftover = !shape.isEmpty() && Boolean.TRUE.equals(shape.get(0).get("leftover"));
        DefaultDrain.Found drain = new DefaultDrain.Found(false, 0, true);
        if (swappable) {
            String rows = rowsOf(jdbc, parent, bounds);
            Long rowsOfRange = jdbc.queryForObject("SELECT count(*) FROM (SELECT FROM ONLY " + defaultPartition.quoted() + " WHERE " + rows
                    + " LIMIT " + DefaultDrain.SWAP_FROM_ROWS + ") r", Long.class);
            boolean otherRows = Boolean.TRUE.equals(jdbc.queryForObject("SELECT EXISTS (SELECT FROM ONLY " + defaultPartition.quoted()
                    + " WHERE (" + rows + ") IS NOT TRUE)", Boolean.class));
            drain = new DefaultDrain.Found(true, rowsOfRange == null ? 0 : rowsOfRange, otherRows);
        }
        return Optional.of(new Drain(defaultPartition, DefaultDrain.choose(drain), leftover));
    }

    /** Adds partsmith's CHECK of the range to the DEFAULT, not validated: a catalog change under ACCESS EXCLUSIVE on the DEFAULT. */
    static void addCheck(JdbcTemplate jdbc, QualifiedName parent, QualifiedName defaultPartition, PartitionBounds bounds) {
        jdbc.execute(PartitionStatements.addCheckNotValid(defaultPartition, CHECK, rowsOf(jdbc, parent, bounds)));
    }

    /**
     * Validates partsmith's CHECK on the DEFAULT (a scan under SHARE UPDATE EXCLUSIVE, which writers do
     * not wait for) and counts its rows.
     *
     * @return the rows of the DEFAULT, all of the range
     */
    static long validate(JdbcTemplate jdbc, QualifiedName defaultPartition) {
        jdbc.execute(PartitionStatements.validateConstraint(defaultPartition, CHECK));
        Long rows = jdbc.queryForObject("SELECT count(*) FROM ONLY " + defaultPartition.quoted(), Long.class);
        return rows == null ? 0 : rows;
    }

    /** Drops partsmith's CHECK from a table, if it carries it. */
    static void removeCheck(JdbcTemplate jdbc, QualifiedName table) {
        jdbc.execute(PartitionStatements.dropConstraint(table, CHECK));
    }

    /**
     * The swap, in the caller's transaction: locks the parent and then the DEFAULT ACCESS EXCLUSIVE
     * (the DEFAULT with NOWAIT when asked: once the parent is held, only a statement on the DEFAULT
     * alone or autovacuum can hold it, and writers of the parent must not wait for those), checks that the DEFAULT is still the one validated, and exchanges the two tables' roles and
     * names. {@code partition} must be partsmith's empty table for the bounds, checked by the caller.
     */
    static void swap(JdbcTemplate jdbc, QualifiedName parent, QualifiedName defaultPartition, QualifiedName partition, PartitionBounds bounds,
            boolean noWait) {
        // The parent alone: a query on another partition, or on the DEFAULT, is no reason to hold the parent.
        jdbc.execute(PartitionStatements.lockOnly(parent, "ACCESS EXCLUSIVE") + "; "
                + PartitionStatements.lock(defaultPartition, "ACCESS EXCLUSIVE", noWait));
        // One round trip while the parent is held: whether the DEFAULT is still the one validated, and its comment.
        List<Map<String, Object>> found = jdbc.queryForList("""
                SELECT pg_catalog.quote_nullable(pg_catalog.obj_description(d.oid, 'pg_class')) AS comment
                FROM pg_catalog.pg_partitioned_table pt
                JOIN pg_catalog.pg_class d ON d.oid = pt.partdefid
                JOIN pg_catalog.pg_constraint con ON con.conrelid = d.oid AND con.conname = ? AND con.convalidated
                WHERE pt.partrelid = ?::pg_catalog.regclass AND d.oid = ?::pg_catalog.regclass
                """, CHECK, parent.quoted(), defaultPartition.quoted());
        if (found.isEmpty()) {
            throw new PartitionException(defaultPartition + " is no longer the DEFAULT partition of " + parent + " with partsmith's validated "
                    + CHECK + " constraint; nothing was changed, and the next run tries again");
        }
        String comment = (String) found.get(0).get("comment");
        QualifiedName swapping = new QualifiedName(defaultPartition.schema(), SWAP_NAME);
        jdbc.execute(String.join("; ",
                PartitionStatements.detach(parent, defaultPartition, ""),
                PartitionStatements.rename(defaultPartition, SWAP_NAME),
                PartitionStatements.rename(partition, defaultPartition.name()),
                PartitionStatements.rename(swapping, partition.name()),
                PartitionStatements.attach(parent, partition, bounds),
                PartitionStatements.attachDefault(parent, defaultPartition),
                PartitionStatements.dropConstraint(partition, CHECK),
                PartitionStatements.comment(partition, "NULL"),
                PartitionStatements.comment(defaultPartition, comment)));
        for (QualifiedName table : List.of(partition, defaultPartition)) {
            NewPartitionProperties.replicaIdentityIndex(jdbc, parent, table)
                    .ifPresent(index -> jdbc.execute(PartitionStatements.replicaIdentity(table, "USING INDEX " + QualifiedName.quote(index))));
        }
    }

    private static String rowsOf(JdbcTemplate jdbc, QualifiedName parent, PartitionBounds bounds) {
        return PartitionStatements.rowsOf("", parent, DefaultPartitionMove.keyColumns(jdbc, parent), bounds);
    }
}
