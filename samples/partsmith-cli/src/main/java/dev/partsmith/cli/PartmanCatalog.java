package dev.partsmith.cli;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.partsmith.catalog.QualifiedName;

/**
 * What pg_partman knows of its partition sets, read from the database: its configuration tables, wherever the
 * extension was installed ({@code part_config} and {@code part_config_sub} with the columns of whatever version it is,
 * 4.x or 5.x), and for each set the parent's columns, the levels below it and its template table. Reads the catalog and
 * pg_partman's tables only; takes no lock on a partition set.
 */
final class PartmanCatalog {

    private static final String EXTENSION_SQL = """
            SELECT n.nspname AS schema, e.extversion AS version FROM pg_catalog.pg_extension e
            JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_partman'""";

    private static final String RELATION_SQL = """
            SELECT c.oid::bigint AS oid, c.relkind::text AS relkind, c.relpersistence::text AS persistence,
                   EXISTS (SELECT FROM pg_catalog.pg_inherits i WHERE i.inhrelid = c.oid) AS is_child,
                   ARRAY(SELECT a.attname::text FROM pg_catalog.pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                         ORDER BY a.attnum) AS column_names,
                   ARRAY(SELECT pg_catalog.format_type(a.atttypid, NULL) FROM pg_catalog.pg_attribute a
                         WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum) AS column_types,
                   ARRAY(SELECT pg_catalog.pg_get_indexdef(i.indexrelid) FROM pg_catalog.pg_index i WHERE i.indrelid = c.oid
                         ORDER BY i.indexrelid) AS indexes
            FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = ? AND c.relname = ?""";

    /** The direct partitions (or inheritance children) of a table, newest first. */
    private static final String CHILDREN_SQL = """
            SELECT n.nspname AS schema, c.relname AS name, c.oid::bigint AS oid FROM pg_catalog.pg_inherits i
            JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE i.inhparent = ? ORDER BY c.oid DESC""";

    /** The time zones the database's sessions and pg_partman's background worker may have run in. */
    private static final String ZONES_SQL = """
            SELECT x.setting FROM pg_catalog.pg_db_role_setting s, pg_catalog.unnest(s.setconfig) AS x(setting)
            WHERE s.setdatabase IN (0, (SELECT oid FROM pg_catalog.pg_database WHERE datname = pg_catalog.current_database()))
              AND s.setrole IN (0, (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = current_user))
              AND pg_catalog.lower(x.setting) LIKE 'timezone=%'
            UNION ALL SELECT pg_catalog.current_setting('log_timezone')
            UNION ALL SELECT pg_catalog.current_setting('TimeZone')""";

    /** Levels below levels pg_partman has at most; a deeper chain is not followed. */
    private static final int MAX_DEPTH = 16;

    private final JdbcTemplate jdbc;

    PartmanCatalog(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * pg_partman's configuration, from {@code schema} when given, else from the schema the extension is installed in.
     *
     * @throws CliUsageException when pg_partman is not installed (and no schema was given), or there is no
     *         {@code part_config} in the schema, or it lists no partition set
     */
    Source read(String schema) {
        List<Map<String, Object>> extension = jdbc.queryForList(EXTENSION_SQL);
        String database = jdbc.queryForObject("SELECT pg_catalog.current_database()", String.class);
        if (schema == null && extension.isEmpty()) {
            throw new CliUsageException("pg_partman is not installed in database \"" + database + "\" (pg_extension has no pg_partman); give"
                    + " --partman-schema when its part_config lives in a schema of its own");
        }
        String where = schema != null ? schema : (String) extension.get(0).get("schema");
        Map<String, Object> config = relation(where, "part_config");
        if (config == null) {
            throw new CliUsageException("there is no table part_config in schema \"" + where + "\" of database \"" + database + "\"");
        }
        String label = extension.stream().filter(row -> where.equals(row.get("schema"))).findFirst()
                .map(row -> "pg_partman " + row.get("version") + " (" + where + ".part_config)").orElse(where + ".part_config");
        List<PartmanRow> configs = jdbc.query("SELECT * FROM " + QualifiedName.quote(where) + ".part_config ORDER BY parent_table COLLATE \"C\"",
                (rs, rowNum) -> new PartmanRow(columns(rs)));
        if (configs.isEmpty()) {
            throw new CliUsageException(where + ".part_config lists no partition set: there is nothing to import");
        }
        Map<String, PartmanRow> subs = new HashMap<>();
        if (relation(where, "part_config_sub") != null) {
            jdbc.query("SELECT * FROM " + QualifiedName.quote(where) + ".part_config_sub", rs -> {
                Map<String, Object> row = columns(rs);
                subs.put((String) row.get("sub_parent"), PartmanRow.ofSub(row));
            });
        }
        List<PartmanSet> sets = new ArrayList<>();
        for (PartmanRow row : configs) {
            PartmanSet set = set(row, subs);
            if (set != null) {
                sets.add(set);
            }
        }
        return new Source(label, sets, zones());
    }

    /**
     * A set as the catalog shows it; {@code null} for the set of a partition of another set (pg_partman keeps one for
     * each subpartitioned child, which the top set's levels describe).
     */
    private PartmanSet set(PartmanRow row, Map<String, PartmanRow> subs) {
        String parentTable = row.text("parent_table");
        QualifiedName parent = name(parentTable);
        Map<String, Object> relation = parent == null ? null : relation(parent.schema(), parent.name());
        if (relation != null && (Boolean) relation.get("is_child")) {
            return null;
        }
        Map<String, String> columnTypes = new LinkedHashMap<>();
        String relkind = null;
        List<PartmanRow> below = List.of();
        if (relation != null) {
            relkind = (String) relation.get("relkind");
            String[] names = (String[]) relation.get("column_names");
            String[] types = (String[]) relation.get("column_types");
            for (int i = 0; i < names.length; i++) {
                columnTypes.put(names[i], types[i]);
            }
            below = levelsBelow(parentTable, ((Number) relation.get("oid")).longValue(), subs);
        }
        return new PartmanSet(parentTable, parent, row, below, columnTypes, relkind, template(row.text("template_table")));
    }

    /**
     * The subpartition levels of a set: {@code part_config_sub} of the parent describes the level below it; the level
     * below that is described by the row of one of the parent's partitions (the newest that has one), and so on.
     */
    private List<PartmanRow> levelsBelow(String parentTable, long parentOid, Map<String, PartmanRow> subs) {
        List<PartmanRow> levels = new ArrayList<>();
        PartmanRow level = subs.get(parentTable);
        List<Long> tables = List.of(parentOid);
        while (level != null && levels.size() < MAX_DEPTH) {
            levels.add(level);
            List<Map<String, Object>> children = new ArrayList<>();
            for (long table : tables) {
                children.addAll(jdbc.queryForList(CHILDREN_SQL, table));
            }
            level = null;
            List<Long> next = new ArrayList<>();
            for (Map<String, Object> child : children) {
                next.add(((Number) child.get("oid")).longValue());
                if (level == null) {
                    level = subs.get(child.get("schema") + "." + child.get("name"));
                }
            }
            tables = next;
        }
        return levels;
    }

    /** The template table named in a set's config, with what it gives new partitions; {@code null} when none is named or it is gone. */
    private Template template(String templateTable) {
        QualifiedName name = templateTable == null ? null : name(templateTable);
        Map<String, Object> relation = name == null ? null : relation(name.schema(), name.name());
        if (relation == null) {
            return null;
        }
        return new Template(templateTable, List.of((String[]) relation.get("indexes")), "u".equals(relation.get("persistence")));
    }

    /** The time zones worth trying first: UTC, then the database's and role's setting, the server's log zone, this session's. */
    private List<ZoneId> zones() {
        Set<ZoneId> zones = new LinkedHashSet<>();
        zones.add(ZoneId.of("UTC"));
        for (String setting : jdbc.queryForList(ZONES_SQL, String.class)) {
            String zone = setting.contains("=") ? setting.substring(setting.indexOf('=') + 1) : setting;
            try {
                zones.add(ZoneId.of(zone.trim()));
            }
            catch (DateTimeException ex) {
                // A zone PostgreSQL knows but Java does not (a POSIX offset spec): the search over every zone covers it.
            }
        }
        return List.copyOf(zones);
    }

    /**
     * The lengths of a PostgreSQL interval, as PostgreSQL reads {@code text} (pg_partman 4's keywords spelled out).
     *
     * @throws IllegalArgumentException when PostgreSQL does not read it as an interval
     */
    PartmanInterval interval(String text) {
        try {
            return jdbc.queryForObject("""
                    SELECT (pg_catalog.date_part('year', i) * 12 + pg_catalog.date_part('month', i))::int AS months,
                           pg_catalog.date_part('day', i)::int AS days,
                           ((pg_catalog.date_part('hour', i) * 60 + pg_catalog.date_part('minute', i)) * 60000000
                             + pg_catalog.date_part('microseconds', i))::bigint AS micros
                    FROM (SELECT ?::interval AS i) AS x""", (rs, rowNum) -> new PartmanInterval(rs.getInt("months"), rs.getInt("days"),
                    rs.getLong("micros")), PartmanInterval.sql(text));
        }
        catch (DataAccessException ex) {
            throw new IllegalArgumentException("'" + text + "' is not an interval PostgreSQL reads", ex);
        }
    }

    private Map<String, Object> relation(String schema, String name) {
        List<Map<String, Object>> rows = jdbc.query(RELATION_SQL, (rs, rowNum) -> columns(rs), schema, name);
        return rows.isEmpty() ? null : rows.get(0);
    }

    /** A row by column name, arrays read into Java arrays while the connection is open. */
    private static Map<String, Object> columns(ResultSet rs) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        Map<String, Object> row = new HashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            Object value = rs.getObject(i);
            row.put(meta.getColumnLabel(i), value instanceof Array array ? array.getArray() : value);
        }
        return row;
    }

    /** {@code schema.table} as pg_partman stores it (split at the first dot, as pg_partman splits it); {@code null} without a dot. */
    static QualifiedName name(String qualified) {
        int dot = qualified.indexOf('.');
        return dot <= 0 || dot == qualified.length() - 1 ? null : new QualifiedName(qualified.substring(0, dot), qualified.substring(dot + 1));
    }

    /**
     * pg_partman's configuration in one database.
     *
     * @param label where it was read, for the YAML's header: {@code pg_partman 4.7.2 (partman.part_config)}
     * @param sets the partition sets, subpartitioned children's own sets left out
     * @param zones the time zones to try first when a time level's zone is told from its partitions' bounds
     */
    record Source(String label, List<PartmanSet> sets, List<ZoneId> zones) {
    }

    /**
     * One partition set.
     *
     * @param parentTable {@code parent_table} as pg_partman stores it
     * @param parent the parent; {@code null} when {@code parentTable} is not schema-qualified
     * @param config the set's row of {@code part_config}
     * @param levelsBelow its subpartition levels, in order ({@code part_config_sub} rows)
     * @param columnTypes the parent's columns and their types; empty when the parent does not exist
     * @param relkind the parent's {@code relkind} ({@code p} for a partitioned table); {@code null} when it does not exist
     * @param template its template table; {@code null} when it has none
     */
    record PartmanSet(String parentTable, QualifiedName parent, PartmanRow config, List<PartmanRow> levelsBelow, Map<String, String> columnTypes,
            String relkind, Template template) {
    }

    /**
     * A template table: what pg_partman gives each new partition of a set beyond what the parent gives.
     *
     * @param name the table, as {@code part_config} names it
     * @param indexes its indexes' definitions
     * @param unlogged whether it is UNLOGGED, as pg_partman then makes new partitions
     */
    record Template(String name, List<String> indexes, boolean unlogged) {
    }
}
