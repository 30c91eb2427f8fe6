package dev.partsmith.postgres;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import javax.sql.DataSource;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.partsmith.catalog.QualifiedName;

/**
 * partsmith's own table of the tables added at run time ({@code public.partsmith_table} unless named
 * otherwise): one row per table key, its definition a JSON object of property names and their values as text
 * ({@code "partition-column": "created_at"}, {@code "tenants[0].id": "acme"}), the form the starter's
 * properties take. The table is created on first use ({@code CREATE TABLE IF NOT EXISTS}); partsmith never
 * drops it, and two processes creating it at once both go on. Each call is one statement in its own transaction.
 */
public final class PostgresTableStore {

    /** The table's name when none is given. */
    public static final QualifiedName DEFAULT_TABLE = new QualifiedName("public", "partsmith_table");

    private final JdbcTemplate jdbc;
    private final String table;
    private volatile boolean created;

    public PostgresTableStore(DataSource dataSource) {
        this(dataSource, DEFAULT_TABLE);
    }

    public PostgresTableStore(DataSource dataSource, QualifiedName table) {
        this.jdbc = new JdbcTemplate(Objects.requireNonNull(dataSource, "dataSource"));
        this.table = table.quoted();
    }

    /** Every stored definition by its key, in the order they were first stored. */
    public Map<String, Map<String, String>> load() {
        create();
        Map<String, Map<String, String>> definitions = new LinkedHashMap<>();
        jdbc.query("SELECT t.table_key, d.key, d.value FROM " + table + " t CROSS JOIN LATERAL jsonb_each_text(t.definition) d"
                + " ORDER BY t.added_at, t.table_key, d.key", row -> {
                    definitions.computeIfAbsent(row.getString(1), key -> new TreeMap<>()).put(row.getString(2), row.getString(3));
                });
        return definitions;
    }

    /** Stores {@code definition} under {@code key}, replacing what was stored under it (keeping when it was first added). */
    public void save(String key, Map<String, String> definition) {
        create();
        List<String> names = List.copyOf(definition.keySet());
        List<String> values = names.stream().map(definition::get).toList();
        jdbc.update(connection -> {
            var statement = connection.prepareStatement("INSERT INTO " + table + " (table_key, definition) VALUES (?, jsonb_object(?, ?))"
                    + " ON CONFLICT (table_key) DO UPDATE SET definition = EXCLUDED.definition, changed_at = now()");
            statement.setString(1, key);
            statement.setArray(2, connection.createArrayOf("text", names.toArray()));
            statement.setArray(3, connection.createArrayOf("text", values.toArray()));
            return statement;
        });
    }

    /** Deletes the definition stored under {@code key}; nothing when none is. */
    public void delete(String key) {
        create();
        jdbc.update("DELETE FROM " + table + " WHERE table_key = ?", key);
    }

    private void create() {
        if (!created) {
            try {
                jdbc.execute("CREATE TABLE IF NOT EXISTS " + table + " (table_key text PRIMARY KEY, definition jsonb NOT NULL,"
                        + " added_at timestamptz NOT NULL DEFAULT now(), changed_at timestamptz NOT NULL DEFAULT now())");
            }
            catch (DataIntegrityViolationException ex) {
                // Two processes creating it at once: IF NOT EXISTS does not keep the second from failing on the catalog's unique index.
                if (jdbc.queryForObject("SELECT to_regclass(?) IS NOT NULL", Boolean.class, table) != Boolean.TRUE) {
                    throw ex;
                }
            }
            created = true;
        }
    }
}
