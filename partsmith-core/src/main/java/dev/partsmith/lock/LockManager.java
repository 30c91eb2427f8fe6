package dev.partsmith.lock;

import java.util.Optional;

import dev.partsmith.LockAcquisitionException;
import dev.partsmith.catalog.QualifiedName;

/**
 * Makes sure one maintainer at a time works on a table, across threads, processes and hosts.
 * Keys are per table, from the schema-qualified name.
 */
public interface LockManager {

    /**
     * Takes the table's lock without waiting.
     *
     * @return the held lock, or empty when another maintainer holds it (the run is then skipped)
     * @throws LockAcquisitionException when the lock service cannot be asked
     */
    Optional<LockHandle> tryLock(QualifiedName table);

    /** The key this manager uses for a table: {@code <prefix>:<"schema"."table">}. */
    static String key(String prefix, QualifiedName table) {
        return prefix + ":" + table.quoted();
    }
}
