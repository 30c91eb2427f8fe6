package dev.partsmith.postgres;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.partsmith.catalog.HighestKey;
import dev.partsmith.catalog.PartitionTree;
import dev.partsmith.catalog.QualifiedName;
import dev.partsmith.config.IntegerLevel;
import dev.partsmith.config.TablePartitionConfig;

/**
 * The highest key in use of each integer level's column, read without scanning a table: the last
 * value of the column's sequence (a {@code serial} or identity column) when there is one the current
 * role may read, else {@code max(column)} of the parent when an index leads with the column (PostgreSQL
 * then reads one end of each partition's index). A column with neither is left out: its highest key is
 * unknown, and the planner says so.
 */
final class HighestKeys {

    private static final Logger log = LoggerFactory.getLogger(HighestKeys.class);

    /** For each (table, integer column): its sequence and last value, and whether an index leads with it. */
    private static final String PROBE_SQL = """
            SELECT w.schema AS schema, w.name AS name, w.col AS col, s.seq::text AS sequence,
                   CASE WHEN s.seq IS NOT NULL AND pg_catalog.has_sequence_privilege(s.seq, 'SELECT,USAGE')
                        THEN true ELSE false END AS readable,
                   (SELECT ps.last_value FROM pg_catalog.pg_sequences ps
                     WHERE ps.schemaname = sn.nspname AND ps.sequencename = sc.relname) AS last_value,
                   (SELECT ic.relname FROM pg_catalog.pg_index x JOIN pg_catalog.pg_class ic ON ic.oid = x.indexrelid
                     WHERE x.indrelid = c.oid AND x.indkey[0] = a.attnum ORDER BY ic.relname LIMIT 1) AS index
            FROM ROWS FROM (pg_catalog.unnest(?::text[]), pg_catalog.unnest(?::text[]), pg_catalog.unnest(?::text[])) AS w(schema, name, col)
            JOIN pg_catalog.pg_namespace n ON n.nspname = w.schema
            JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relname = w.name
            JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attname = w.col AND a.attnum > 0 AND NOT a.attisdropped
            LEFT JOIN LATERAL (SELECT pg_catalog.pg_get_serial_sequence(pg_catalog.quote_ident(w.schema) || '.'
                                      || pg_catalog.quote_ident(w.name), w.col)::pg_catalog.regclass AS seq) s ON true
            LEFT JOIN pg_catalog.pg_class sc ON sc.oid = s.seq
            LEFT JOIN pg_catalog.pg_namespace sn ON sn.oid = sc.relnamespace
            """;

    private HighestKeys() {
    }

    /** What the catalog says of each integer column of the configs' tables, in the catalog read's transaction. */
    static Map<QualifiedName, Map<String, Probe>> probe(JdbcTemplate jdbc, List<TablePartitionConfig> configs) {
        List<String> schemas = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<String> columns = new ArrayList<>();
        for (TablePartitionConfig config : configs) {
            config.levels().stream().filter(IntegerLevel.class::isInstance).map(level -> level.column()).distinct().forEach(column -> {
                schemas.add(config.schema());
                names.add(config.tableName());
                columns.add(column);
            });
        }
        Map<QualifiedName, Map<String, Probe>> probes = new HashMap<>();
        if (columns.isEmpty()) {
            return probes;
        }
        jdbc.query(PROBE_SQL, rs -> {
            Number last = (Number) rs.getObject("last_value");
            probes.computeIfAbsent(new QualifiedName(rs.getString("schema"), rs.getString("name")), table -> new HashMap<>())
                    .put(rs.getString("col"), new Probe(rs.getBoolean("readable") ? rs.getString("sequence") : null,
                            last == null ? null : last.longValue(), rs.getString("index")));
        }, schemas.toArray(String[]::new), names.toArray(String[]::new), columns.toArray(String[]::new));
        return probes;
    }

    /**
     * The highest key of each integer column of the tree's table: from the sequence when one was
     * readable, else through {@code max()} in a read of its own under the table's {@code lock_timeout}
     * (which then takes ACCESS SHARE on the partitions, and gives up rather than queue behind DDL).
     */
    static Map<String, HighestKey> read(PostgresSession session, TablePartitionConfig config, PartitionTree tree, Map<String, Probe> probes) {
        Map<String, HighestKey> keys = new HashMap<>();
        probes.forEach((column, probe) -> {
            if (probe.sequence() != null) {
                keys.put(column, new HighestKey(probe.lastValue(), "sequence " + probe.sequence()));
            }
            else if (probe.index() != null) {
                try {
                    Long max = session.reading(jdbc -> {
                        jdbc.execute("SET LOCAL lock_timeout = " + config.lockTimeout().toMillis());
                        return jdbc.queryForObject(query(tree.parent(), column), Long.class);
                    });
                    keys.put(column, new HighestKey(max, "max(" + column + ") through index " + probe.index()));
                }
                catch (RuntimeException ex) {
                    log.warn("Could not read the highest key of {}.{}: {}", tree.parent(), column, SqlStates.message(ex));
                }
            }
        });
        return keys;
    }

    /** The query for the highest key of a column that an index leads with. */
    static String query(QualifiedName table, String column) {
        return "SELECT max(" + QualifiedName.quote(column) + ") FROM " + table.quoted();
    }

    /**
     * What the catalog says of one integer column.
     *
     * @param sequence the column's sequence, when the current role may read it
     * @param lastValue the sequence's last value; {@code null} when it was never used
     * @param index an index leading with the column, if any
     */
    record Probe(String sequence, Long lastValue, String index) {
    }
}
