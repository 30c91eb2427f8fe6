package dev.partsmith.postgres;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;

import dev.partsmith.PartitionAttachedException;
import dev.partsmith.PartitionNotFoundException;
import dev.partsmith.UnmanagedPartitionDropException;
import dev.partsmith.catalog.PartitionMarker;
import dev.partsmith.catalog.QualifiedName;
import dev.partsmith.config.TablePartitionConfig;

/**
 * The last check before partsmith drops a table, or one of the partitions of a detached partitioned
 * table, made in the drop's own transaction under an {@code ACCESS EXCLUSIVE} lock on the (top) table,
 * so nothing can change between the check and the drop: the table is detached, and carries its
 * parent's marker written for its own name; an orphan's grace has elapsed; a table that was never
 * attached, or that must be empty, is empty.
 */
final class DropGuard {

    private final boolean allowUnmanaged;

    /** @param allowUnmanaged whether a detached table without partsmith's marker may be dropped too */
    DropGuard(boolean allowUnmanaged) {
        this.allowUnmanaged = allowUnmanaged;
    }

    /**
     * Locks the table and checks it may be dropped.
     *
     * @throws PartitionNotFoundException when it does not exist
     * @throws PartitionAttachedException when it is attached
     * @throws UnmanagedPartitionDropException when it is not partsmith's to drop now
     */
    void lockAndVerify(JdbcTemplate jdbc, TablePartitionConfig config, QualifiedName parent, QualifiedName table, Instant now, boolean requireEmpty) {
        try {
            jdbc.execute(PartitionStatements.lock(table, "ACCESS EXCLUSIVE", false));
        }
        catch (RuntimeException ex) {
            if (SqlStates.is(ex, SqlStates.UNDEFINED_TABLE)) {
                throw new PartitionNotFoundException("table " + table + " does not exist", ex);
            }
            throw ex;
        }
        Map<String, Object> row = jdbc.queryForMap("""
                SELECT c.relispartition AS attached, pg_catalog.obj_description(c.oid, 'pg_class') AS comment
                FROM pg_catalog.pg_class c WHERE c.oid = ?::pg_catalog.regclass
                """, table.quoted());
        if ((Boolean) row.get("attached")) {
            throw new PartitionAttachedException(table + " is attached to its parent; partsmith drops only detached tables");
        }
        if (allowUnmanaged) {
            return;
        }
        Optional<PartitionMarker> marker = PartitionMarker.parse((String) row.get("comment"))
                .filter(found -> found.belongsTo(config.markerPrefix(), parent));
        if (marker.isEmpty()) {
            throw new UnmanagedPartitionDropException(table + " does not carry partsmith's marker for " + parent
                    + " (prefix '" + config.markerPrefix() + "'); partsmith never drops a table it did not detach");
        }
        if (!marker.get().boundTo(table)) {
            throw new UnmanagedPartitionDropException(table + " carries a marker written for "
                    + (marker.get().table() == null ? "a table it does not name" : marker.get().table().toString())
                    + "; a renamed table is kept, partsmith never drops it");
        }
        if (marker.get().state() == PartitionMarker.State.ORPHAN && !marker.get().graceElapsed(config.dropGrace(), now)) {
            throw new UnmanagedPartitionDropException(table + " was detached at " + marker.get().at() + "; its drop grace of "
                    + config.dropGrace() + " ends at " + marker.get().graceEnd(config.dropGrace()));
        }
        if (marker.get().state() == PartitionMarker.State.PENDING_ATTACH || requireEmpty) {
            Boolean empty = jdbc.queryForObject("SELECT NOT EXISTS (SELECT FROM " + table.quoted() + ")", Boolean.class);
            if (!Boolean.TRUE.equals(empty)) {
                throw new UnmanagedPartitionDropException(table + (marker.get().state() == PartitionMarker.State.PENDING_ATTACH
                        ? " was created but never attached, and it holds rows; partsmith does not drop it"
                        : " holds rows of a value its level no longer lists, and keeps them; partsmith does not drop it"));
            }
        }
    }

    /** Every partition below {@code table}, at any depth, the deepest first: the order they can be dropped in. */
    static List<QualifiedName> descendants(JdbcTemplate jdbc, QualifiedName table) {
        return jdbc.query("""
                WITH RECURSIVE below(relid, depth) AS (
                    SELECT i.inhrelid, 1 FROM pg_catalog.pg_inherits i WHERE i.inhparent = pg_catalog.to_regclass(?)
                    UNION ALL
                    SELECT i.inhrelid, b.depth + 1 FROM below b JOIN pg_catalog.pg_inherits i ON i.inhparent = b.relid
                )
                SELECT n.nspname AS schema, c.relname AS name FROM below b
                JOIN pg_catalog.pg_class c ON c.oid = b.relid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                ORDER BY b.depth DESC, n.nspname, c.relname
                """, (rs, rowNum) -> new QualifiedName(rs.getString("schema"), rs.getString("name")), table.quoted());
    }
}
