package dev.partsmith.safety;

/**
 * Reads the state of the database server that {@link Safeguards} hold DDL against. Implementations
 * read the server's statistics only; they take no lock on any table.
 */
public interface ServerProbe {

    /** The replay lag of each standby streaming from the server now. */
    ReplicationLag replicationLag();

    /** The size of the database on disk now, in bytes ({@code pg_database_size(current_database())}). */
    long databaseSize();
}
