package dev.partsmith.postgres;

import java.sql.Array;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.JdbcTemplate;

import dev.partsmith.TableMigrationException;
import dev.partsmith.catalog.PartitionKeyType;
import dev.partsmith.catalog.QualifiedName;
import dev.partsmith.migration.MigrationDirection;
import dev.partsmith.migration.MigrationRequest;

/**
 * The table an online migration starts from, as the catalog describes it: its columns, the key its rows
 * are copied and matched by, its indexes and foreign keys, and everything that would stop a migration
 * (each named in one refusal). Read in the twin's creating transaction, and again for the swap.
 *
 * @param table the table
 * @param partitioned whether it is a partitioned table (unpartitioning) or a plain one (partitioning)
 * @param columns its columns in order
 * @param key the columns of the key rows are copied and matched by (the primary key, else a unique index on NOT NULL columns)
 * @param keyIndex the index of that key
 * @param keyIsPrimary whether the key is the primary key
 * @param indexes its other indexes
 * @param foreignKeys its own foreign keys, as {@code ADD CONSTRAINT} clauses
 */
record MigrationSource(QualifiedName table, boolean partitioned, List<Column> columns, List<String> key, String keyIndex, boolean keyIsPrimary,
        List<Index> indexes, List<String> foreignKeys) {

    private static final String COLUMNS = """
            SELECT a.attname AS name, pg_catalog.format_type(a.atttypid, a.atttypmod) AS type,
                   pg_catalog.format_type(a.atttypid, NULL) AS base_type, a.attnotnull AS not_null,
                   a.attgenerated <> '' AS generated
            FROM pg_catalog.pg_attribute a
            WHERE a.attrelid = ?::pg_catalog.regclass AND a.attnum > 0 AND NOT a.attisdropped
            ORDER BY a.attnum
            """;

    /** Every index, key columns first in order, with the text pg_get_indexdef prints and the prefix that text must start with. */
    private static final String INDEXES = """
            SELECT ic.relname AS name, i.indisprimary AS is_primary, i.indisunique AS is_unique, con.contype::text AS constraint_type,
                   i.indpred IS NULL AND NOT (0 = ANY (i.indkey::int2[])) AND i.indimmediate AND i.indisvalid AS plain,
                   ARRAY(SELECT a.attname::text FROM pg_catalog.unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, ord)
                         JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                         WHERE k.ord <= i.indnkeyatts ORDER BY k.ord) AS columns,
                   pg_catalog.pg_get_indexdef(i.indexrelid) AS definition,
                   'CREATE ' || CASE WHEN i.indisunique THEN 'UNIQUE ' ELSE '' END || 'INDEX ' || pg_catalog.quote_ident(ic.relname) || ' ON '
                       || CASE WHEN c.relkind = 'p' THEN 'ONLY ' ELSE '' END || pg_catalog.quote_ident(n.nspname) || '.'
                       || pg_catalog.quote_ident(c.relname) || ' USING ' AS prefix,
                   CASE WHEN con.contype = 'u' THEN pg_catalog.pg_get_constraintdef(con.oid) END AS constraint_definition
            FROM pg_catalog.pg_index i
            JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
            JOIN pg_catalog.pg_class c ON c.oid = i.indrelid
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_catalog.pg_constraint con ON con.conindid = i.indexrelid AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u', 'x')
            WHERE i.indrelid = ?::pg_catalog.regclass
            ORDER BY i.indisprimary DESC, ic.relname
            """;

    private static final String FOREIGN_KEYS = """
            SELECT pg_catalog.quote_ident(con.conname) || ' ' || pg_catalog.pg_get_constraintdef(con.oid) AS clause
            FROM pg_catalog.pg_constraint con
            WHERE con.conrelid = ?::pg_catalog.regclass AND con.contype = 'f' AND con.conparentid = 0
            ORDER BY con.conname
            """;

    /**
     * What would break, silently, when the table is renamed and another takes its name: each line one reason.
     * Objects that refer to a table hold its OID, so after the swap they would go on with the old table.
     */
    private static final String BLOCKERS = """
            WITH t AS (SELECT c.oid, c.relkind, c.relpersistence, c.relispartition, c.relrowsecurity
                       FROM pg_catalog.pg_class c WHERE c.oid = ?::pg_catalog.regclass)
            SELECT 'foreign key ' || pg_catalog.quote_ident(con.conname) || ' of ' || con.conrelid::pg_catalog.regclass::text
                   || ' references it (it would go on referencing the old table); drop it, and add it again once the table is swapped'
            FROM t JOIN pg_catalog.pg_constraint con ON con.confrelid = t.oid AND con.contype = 'f' AND con.conparentid = 0
            UNION ALL
            SELECT DISTINCT CASE v.relkind WHEN 'm' THEN 'materialized view ' ELSE 'view ' END || v.oid::pg_catalog.regclass::text
                   || ' reads it (it would go on reading the old table); drop it, and create it again once the table is swapped'
            FROM t JOIN pg_catalog.pg_depend d ON d.refobjid = t.oid AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass
                                               AND d.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass
            JOIN pg_catalog.pg_rewrite r ON r.oid = d.objid
            JOIN pg_catalog.pg_class v ON v.oid = r.ev_class AND v.oid <> t.oid
            UNION ALL
            SELECT 'rule ' || pg_catalog.quote_ident(r.rulename) || ' is on it; partsmith does not carry rules over'
            FROM t JOIN pg_catalog.pg_rewrite r ON r.ev_class = t.oid
            UNION ALL
            SELECT 'trigger ' || pg_catalog.quote_ident(tg.tgname) || ' is on it; partsmith does not carry triggers over: drop it, and create'
                   || ' it on the new table once it is swapped'
            FROM t JOIN pg_catalog.pg_trigger tg ON tg.tgrelid = t.oid AND NOT tg.tgisinternal AND tg.tgparentid = 0
                   AND tg.tgname NOT IN ('partsmith_sync', 'partsmith_sync_truncate')
            UNION ALL
            SELECT 'row-level security is enabled on it; partsmith does not carry policies over'
            FROM t WHERE t.relrowsecurity OR EXISTS (SELECT FROM pg_catalog.pg_policy p WHERE p.polrelid = t.oid)
            UNION ALL
            SELECT 'publication ' || pg_catalog.quote_ident(p.pubname) || ' publishes it (it would go on publishing the old table); remove'
                   || ' it from the publication, and add the new table once it is swapped'
            FROM t JOIN pg_catalog.pg_publication_rel pr ON pr.prrelid = t.oid JOIN pg_catalog.pg_publication p ON p.oid = pr.prpubid
            UNION ALL
            SELECT 'it is a partition of ' || i.inhparent::pg_catalog.regclass::text
            FROM t JOIN pg_catalog.pg_inherits i ON i.inhrelid = t.oid
            UNION ALL
            SELECT 'it has inheritance children (' || i.inhrelid::pg_catalog.regclass::text || ')'
            FROM t JOIN pg_catalog.pg_inherits i ON i.inhparent = t.oid WHERE t.relkind = 'r'
            UNION ALL
            SELECT 'it is ' || CASE t.relpersistence WHEN 'u' THEN 'unlogged' ELSE 'temporary' END
            FROM t WHERE t.relpersistence <> 'p'
            """;

    /**
     * Reads the table and checks that it can be migrated.
     *
     * @throws TableMigrationException naming every reason it cannot
     */
    static MigrationSource read(JdbcTemplate jdbc, MigrationRequest request) {
        QualifiedName table = request.table();
        String regclass = table.quoted();
        List<String> problems = new ArrayList<>(jdbc.queryForList(BLOCKERS, String.class, regclass));
        List<Column> columns = jdbc.query(COLUMNS, (rs, row) -> new Column(rs.getString("name"), rs.getString("type"), rs.getString("base_type"),
                rs.getBoolean("not_null"), rs.getBoolean("generated")), regclass);
        List<Map<String, Object>> indexRows = jdbc.queryForList(INDEXES, regclass);
        String partitionColumn = request.direction() == MigrationDirection.PARTITION ? request.config().partitionColumn() : null;
        if (partitionColumn != null) {
            Column column = columns.stream().filter(candidate -> candidate.name().equals(partitionColumn)).findFirst().orElse(null);
            if (column == null) {
                problems.add("it has no column \"" + partitionColumn + "\" to partition by");
            }
            else if (PartitionKeyType.fromSqlName(column.baseType()) == null) {
                problems.add("its column \"" + partitionColumn + "\" is of type " + column.baseType()
                        + "; partsmith partitions on timestamp with time zone, timestamp without time zone and date");
            }
            else if (!column.notNull()) {
                problems.add("its column \"" + partitionColumn + "\" allows NULL, and a partition key that is part of the primary key"
                        + " cannot: make it NOT NULL first");
            }
        }
        Map<String, Object> keyRow = indexRows.stream().filter(row -> (Boolean) row.get("is_primary")).findFirst()
                .or(() -> indexRows.stream().filter(row -> (Boolean) row.get("is_unique") && (Boolean) row.get("plain")
                        && allNotNull(columns, names(row))).findFirst())
                .orElse(null);
        if (keyRow == null) {
            problems.add("it has no primary key (nor a unique index on NOT NULL columns), by which partsmith copies its rows in order"
                    + " and matches them; add one");
        }
        List<Index> indexes = new ArrayList<>();
        for (Map<String, Object> row : indexRows) {
            if (row == keyRow) {
                continue;
            }
            String name = (String) row.get("name");
            String definition = (String) row.get("definition");
            String prefix = (String) row.get("prefix");
            if ("x".equals(row.get("constraint_type"))) {
                problems.add("exclusion constraint " + QualifiedName.quote(name) + " is on it; partsmith does not carry exclusion constraints over");
            }
            else if (!definition.startsWith(prefix)) {
                problems.add("index " + QualifiedName.quote(name) + " cannot be read back (" + definition + ")");
            }
            else if (partitionColumn != null && (Boolean) row.get("is_unique") && !names(row).contains(partitionColumn)) {
                problems.add("unique index " + QualifiedName.quote(name) + " does not include \"" + partitionColumn + "\", which PostgreSQL"
                        + " requires of a unique index on a partitioned table; add the column to it, or drop it");
            }
            else {
                indexes.add(new Index(name, (Boolean) row.get("is_unique"), definition.substring(prefix.length()),
                        (String) row.get("constraint_definition")));
            }
        }
        if (!problems.isEmpty()) {
            throw new TableMigrationException("cannot " + request.verb() + " " + table + ": " + String.join("; ", problems));
        }
        List<String> key = names(keyRow);
        return new MigrationSource(table, request.direction() == MigrationDirection.UNPARTITION, columns, key, (String) keyRow.get("name"),
                (Boolean) keyRow.get("is_primary"), indexes, jdbc.queryForList(FOREIGN_KEYS, String.class, regclass));
    }

    /** The reasons the table cannot be swapped now, from the same checks as {@link #read}; empty when it can. */
    static List<String> swapBlockers(JdbcTemplate jdbc, QualifiedName table) {
        return jdbc.queryForList(BLOCKERS, String.class, table.quoted());
    }

    private static boolean allNotNull(List<Column> columns, List<String> names) {
        return names.stream().allMatch(name -> columns.stream().anyMatch(column -> column.name().equals(name) && column.notNull()));
    }

    private static List<String> names(Map<String, Object> row) {
        try {
            return List.of((String[]) ((Array) row.get("columns")).getArray());
        }
        catch (SQLException ex) {
            throw new IllegalStateException("cannot read an index's columns", ex);
        }
    }

    /** The twin's key: the table's key, with the partition column added when partitioning and the key lacks it. */
    List<String> twinKey(MigrationRequest request) {
        Set<String> twinKey = new LinkedHashSet<>(key);
        if (request.direction() == MigrationDirection.PARTITION) {
            twinKey.add(request.config().partitionColumn());
        }
        return List.copyOf(twinKey);
    }

    /** The columns rows are copied with: every column but the generated ones, which the twin computes itself. */
    List<Column> copiedColumns() {
        return columns.stream().filter(column -> !column.generated()).toList();
    }

    /** {@code "a", "b"} of the given columns. */
    static String list(List<String> names) {
        return names.stream().map(QualifiedName::quote).collect(Collectors.joining(", "));
    }

    /** The type of a column, as {@code format_type} prints it with its modifier. */
    String type(String column) {
        return columns.stream().filter(candidate -> candidate.name().equals(column)).findFirst().map(Column::type)
                .orElseThrow(() -> new IllegalStateException("no column " + column + " in " + table));
    }

    /**
     * One column.
     *
     * @param type its type with modifier ({@code character varying(20)})
     * @param baseType its type without modifier, as partition key types are named
     */
    record Column(String name, String type, String baseType, boolean notNull, boolean generated) {
    }

    /**
     * An index besides the key.
     *
     * @param tail its definition after {@code ON <table> USING }: method, columns, INCLUDE, WITH, WHERE
     * @param constraint the {@code UNIQUE (...)} clause when the index backs a unique constraint; {@code null} otherwise
     */
    record Index(String name, boolean unique, String tail, String constraint) {
    }
}
