package dev.partsmith.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.partsmith.InvalidPartitionConfigException;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.config.TableStore;
import dev.partsmith.postgres.PostgresTableStore;

/**
 * Tables added at run time kept in the application's database ({@code partsmith.runtime-tables.store=database}):
 * each one's properties ({@link TableDefinitions#write}) in partsmith's own table, created on first use. A
 * stored definition that no longer reads back as a table (edited by hand, or refused by a newer partsmith) is
 * left out with a warning naming its key and why; it stays stored until it is replaced or removed.
 */
public class DatabaseTableStore implements TableStore {

    private static final Logger log = LoggerFactory.getLogger(DatabaseTableStore.class);

    private final PostgresTableStore store;
    private final TableDefinitions definitions;

    public DatabaseTableStore(PostgresTableStore store, TableDefinitions definitions) {
        this.store = store;
        this.definitions = definitions;
    }

    @Override
    public Map<String, TablePartitionConfig> load() {
        Map<String, TablePartitionConfig> tables = new LinkedHashMap<>();
        store.load().forEach((key, definition) -> {
            try {
                tables.put(key, definitions.read(key, definition));
            }
            catch (InvalidPartitionConfigException ex) {
                log.warn("The stored run-time table '{}' is left out: {}", key, ex.getMessage());
            }
        });
        return tables;
    }

    @Override
    public void save(String key, TablePartitionConfig config) {
        store.save(key, TableDefinitions.write(config));
    }

    @Override
    public void delete(String key) {
        store.delete(key);
    }
}
