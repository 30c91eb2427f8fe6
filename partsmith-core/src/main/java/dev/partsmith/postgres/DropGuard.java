package dev.partsmith.postgres;

import java.time.Instant;
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
 * The last check before partsmith drops a table, made in the drop's own transaction under an
 * {@code ACCESS EXCLUSIVE} lock on the table, so nothing can change between the check and the drop:
 * the table is detached, and carries this parent's marker written for its own name; an orphan's grace
 * has elapsed; a table that was never attached is empty.
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
    void lockAndVerify(JdbcTemplate jdbc, TablePartitionConfig config, QualifiedName table, Instant now) {
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
                .filter(found -> found.belongsTo(config.markerPrefix(), config.qualifiedName()));
        if (marker.isEmpty()) {
            throw new UnmanagedPartitionDropException(table + " does not carry partsmith's marker for " + config.qualifiedName()
                    + " (prefix '" + config.markerPrefix() + "'); partsmith never drops a table it did not detach");
        }
        if (!marker.get().boundTo(table)) {
            throw new UnmanagedPartitionDropException(table + " carries a marker written for "
                    + (marker.get().table() == null ? "a table it does not name" : marker.get().table().toString())
                    + "; a renamed table is kept, partsmith never drops it");
        }
        if (marker.get().state() == PartitionMarker.State.ORPHAN) {
            if (!marker.get().graceElapsed(config.dropGrace(), now)) {
                throw new UnmanagedPartitionDropException(table + " was detached at " + marker.get().at() + "; its drop grace of "
                        + config.dropGrace() + " ends at " + marker.get().graceEnd(config.dropGrace()));
            }
        }
        else {
            Boolean empty = jdbc.queryForObject("SELECT NOT EXISTS (SELECT FROM " + table.quoted() + ")", Boolean.class);
            if (!Boolean.TRUE.equals(empty)) {
                throw new UnmanagedPartitionDropException(table + " was created but never attached, and it holds rows;"
                        + " partsmith does not drop it");
            }
        }
    }
}
