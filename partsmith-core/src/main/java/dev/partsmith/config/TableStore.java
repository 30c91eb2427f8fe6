package dev.partsmith.config;

import java.util.Map;

/**
 * Where a {@link PartsmithTableRegistry} keeps the tables added at run time, so that they outlive the
 * process. Every method reads or writes the store now; an implementation throws a runtime exception when it
 * cannot (a database that cannot be reached), and the registry passes it on without changing its own set.
 */
public interface TableStore {

    /** A store that keeps nothing: tables added at run time last until the process ends. */
    TableStore NONE = new TableStore() {

        @Override
        public Map<String, TablePartitionConfig> load() {
            return Map.of();
        }

        @Override
        public void save(String key, TablePartitionConfig config) {
        }

        @Override
        public void delete(String key) {
        }

        @Override
        public boolean persistent() {
            return false;
        }
    };

    /**
     * Every stored table by its key, in the order they were first stored. A stored definition that cannot be
     * read back is left out (and said so by the implementation), never guessed.
     */
    Map<String, TablePartitionConfig> load();

    /** Stores the table under {@code key}, replacing what was stored under it. */
    void save(String key, TablePartitionConfig config);

    /** Forgets the table stored under {@code key}; nothing when none is. */
    void delete(String key);

    /** Whether what is saved outlives the process. */
    default boolean persistent() {
        return true;
    }
}
