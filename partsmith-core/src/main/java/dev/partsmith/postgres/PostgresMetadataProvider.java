package dev.partsmith.postgres;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

import dev.partsmith.InvalidParentTableException;
import dev.partsmith.catalog.PartitionBound;
import dev.partsmith.catalog.PartitionInfo;
import dev.partsmith.catalog.PartitionKeyType;
import dev.partsmith.catalog.PartitionMarker;
import dev.partsmith.catalog.PartitionMetadataProvider;
import dev.partsmith.catalog.PartitionTree;
import dev.partsmith.catalog.QualifiedName;
import dev.partsmith.config.TablePartitionConfig;

/**
 * Reads partition trees from PostgreSQL's catalog: three queries in one read-only transaction (the
 * parent, all its children, partsmith's marked tables in its schema), and for
 * {@link #readTrees(Collection)} the same three queries for any number of tables. Catalog tables only, so no
 * lock is taken on the parent or its partitions; every name is matched as stored, never through
 * {@code search_path}. Bounds are printed in a UTC session and parsed.
 *
 * <p>Row estimates come from the statistics system ({@code n_live_tup}, or {@code reltuples} where
 * the statistics know nothing); size estimates from {@code relpages}, which VACUUM and ANALYZE set.
 * Neither scans or locks a table: {@code pg_relation_size} would take ACCESS SHARE on each partition,
 * and queue behind any DDL waiting on it.
 */
public class PostgresMetadataProvider implements PartitionMetadataProvider {

    private static final String PARENT_SQL = """
            SELECT c.oid AS oid, c.relkind::text AS relkind, pt.partstrat::text AS partstrat, pt.partnatts AS partnatts,
                   pt.partattrs[0] AS keyattnum, a.attname AS keycolumn,
                   pg_catalog.format_type(a.atttypid, NULL) AS keytype,
                   pg_catalog.pg_get_userbyid(c.relowner) AS owner,
                   CASE WHEN c.oid IS NULL THEN false ELSE pg_catalog.pg_has_role(c.relowner, 'USAGE') END AS may_manage,
                   pg_catalog.pg_is_in_recovery() AS in_recovery
            FROM pg_catalog.pg_namespace n
            LEFT JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relname = ?
            LEFT JOIN pg_catalog.pg_partitioned_table pt ON pt.partrelid = c.oid
            LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = pt.partattrs[0]
            WHERE n.nspname = ?
            """;

    static final String ROW_ESTIMATE = """
            CASE WHEN pg_catalog.pg_stat_get_tuples_inserted(c.oid) + pg_catalog.pg_stat_get_tuples_deleted(c.oid) = 0
                      AND c.reltuples > 0 THEN c.reltuples::bigint
                 ELSE pg_catalog.pg_stat_get_live_tuples(c.oid) END""";

    static final String SIZE_ESTIMATE = "c.relpages::bigint * pg_catalog.current_setting('block_size')::bigint";

    private static final String CHILDREN_SQL = """
            SELECT n.nspname AS schema, c.relname AS name, pg_catalog.pg_get_expr(c.relpartbound, 0) AS bound,
                   i.inhdetachpending AS detach_pending, %s AS row_estimate, %s AS size_estimate_bytes,
                   pg_catalog.obj_description(c.oid, 'pg_class') AS comment
            FROM pg_catalog.pg_inherits i
            JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE i.inhparent = ? AND c.relkind IN ('r', 'p', 'f')
            """.formatted(ROW_ESTIMATE, SIZE_ESTIMATE);

    private static final String MARKED_SQL = """
            SELECT n.nspname AS schema, c.relname AS name, %s AS row_estimate, %s AS size_estimate_bytes, d.description AS comment
            FROM pg_catalog.pg_class c
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_catalog.pg_description d ON d.objoid = c.oid AND d.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass
                                             AND d.objsubid = 0
            WHERE n.nspname = ? AND c.relkind IN ('r', 'p') AND NOT c.relispartition
              AND pg_catalog.starts_with(d.description, ?)
            """.formatted(ROW_ESTIMATE, SIZE_ESTIMATE);

    /** {@link #PARENT_SQL} for many tables: one row per wanted table whose schema exists. */
    private static final String PARENTS_SQL = """
            SELECT w.schema AS wanted_schema, w.name AS wanted_name,
                   c.oid AS oid, c.relkind::text AS relkind, pt.partstrat::text AS partstrat, pt.partnatts AS partnatts,
                   pt.partattrs[0] AS keyattnum, a.attname AS keycolumn,
                   pg_catalog.format_type(a.atttypid, NULL) AS keytype,
                   pg_catalog.pg_get_userbyid(c.relowner) AS owner,
                   CASE WHEN c.oid IS NULL THEN false ELSE pg_catalog.pg_has_role(c.relowner, 'USAGE') END AS may_manage,
                   pg_catalog.pg_is_in_recovery() AS in_recovery
            FROM ROWS FROM (pg_catalog.unnest(?::text[]), pg_catalog.unnest(?::text[])) AS w(schema, name)
            JOIN pg_catalog.pg_namespace n ON n.nspname = w.schema
            LEFT JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relname = w.name
            LEFT JOIN pg_catalog.pg_partitioned_table pt ON pt.partrelid = c.oid
            LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = pt.partattrs[0]
            """;

    /** {@link #CHILDREN_SQL} for many parents, each row naming its parent. */
    private static final String ALL_CHILDREN_SQL = """
            SELECT w.schema AS parent_schema, w.name AS parent_name,
                   n.nspname AS schema, c.relname AS name, pg_catalog.pg_get_expr(c.relpartbound, 0) AS bound,
                   i.inhdetachpending AS detach_pending, %s AS row_estimate, %s AS size_estimate_bytes,
                   pg_catalog.obj_description(c.oid, 'pg_class') AS comment
            FROM ROWS FROM (pg_catalog.unnest(?::text[]), pg_catalog.unnest(?::text[])) AS w(schema, name)
            JOIN pg_catalog.pg_namespace pn ON pn.nspname = w.schema
            JOIN pg_catalog.pg_class p ON p.relnamespace = pn.oid AND p.relname = w.name
            JOIN pg_catalog.pg_inherits i ON i.inhparent = p.oid
            JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p', 'f')
            """.formatted(ROW_ESTIMATE, SIZE_ESTIMATE);

    /** {@link #MARKED_SQL} for several schemas and marker prefixes. */
    private static final String ALL_MARKED_SQL = """
            SELECT n.nspname AS schema, c.relname AS name, %s AS row_estimate, %s AS size_estimate_bytes, d.description AS comment
            FROM pg_catalog.pg_class c
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_catalog.pg_description d ON d.objoid = c.oid AND d.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass
                                             AND d.objsubid = 0
            WHERE n.nspname = ANY (?::text[]) AND c.relkind IN ('r', 'p') AND NOT c.relispartition
              AND EXISTS (SELECT FROM pg_catalog.unnest(?::text[]) AS prefix WHERE pg_catalog.starts_with(d.description, prefix))
            """.formatted(ROW_ESTIMATE, SIZE_ESTIMATE);

    private final PostgresSession session;

    public PostgresMetadataProvider(DataSource dataSource) {
        this.session = new PostgresSession(dataSource);
    }

    @Override
    public PartitionTree readTree(TablePartitionConfig config) {
        return session.reading(jdbc -> read(jdbc, config));
    }

    /**
     * Reads every table's tree in one read-only transaction of three queries, whatever the number of
     * tables. Tables that {@link #readTree} would refuse are left out of the map.
     */
    @Override
    public Map<TablePartitionConfig, PartitionTree> readTrees(Collection<TablePartitionConfig> configs) {
        if (configs.isEmpty()) {
            return Map.of();
        }
        return session.reading(jdbc -> readAll(jdbc, List.copyOf(configs)));
    }

    private PartitionTree read(JdbcTemplate jdbc, TablePartitionConfig config) {
        List<Map<String, Object>> rows = jdbc.queryForList(PARENT_SQL, config.tableName(), config.schema());
        if (rows.isEmpty()) {
            throw new InvalidParentTableException("schema \"" + config.schema() + "\" of table " + config.qualifiedName() + " does not exist");
        }
        Parent parent = parent(config, rows.get(0));
        List<PartitionInfo> children = jdbc.query(CHILDREN_SQL, child(parent.keyType()), rows.get(0).get("oid"));
        List<PartitionInfo> marked = jdbc.query(MARKED_SQL, markedTable(), config.schema(), config.markerPrefix() + ":");
        return parent.tree(children, marked);
    }

    private Map<TablePartitionConfig, PartitionTree> readAll(JdbcTemplate jdbc, List<TablePartitionConfig> configs) {
        List<QualifiedName> tables = configs.stream().map(TablePartitionConfig::qualifiedName).distinct().toList();
        String[] schemas = tables.stream().map(QualifiedName::schema).toArray(String[]::new);
        String[] names = tables.stream().map(QualifiedName::name).toArray(String[]::new);

        Map<QualifiedName, Map<String, Object>> parents = new HashMap<>();
        for (Map<String, Object> row : jdbc.queryForList(PARENTS_SQL, schemas, names)) {
            parents.put(new QualifiedName((String) row.get("wanted_schema"), (String) row.get("wanted_name")), row);
        }
        Map<QualifiedName, List<ChildRow>> children = new HashMap<>();
        jdbc.query(ALL_CHILDREN_SQL, rs -> {
            children.computeIfAbsent(new QualifiedName(rs.getString("parent_schema"), rs.getString("parent_name")), key -> new ArrayList<>())
                    .add(new ChildRow(new QualifiedName(rs.getString("schema"), rs.getString("name")), rs.getString("bound"),
                            rs.getBoolean("detach_pending"), rs.getLong("row_estimate"), rs.getLong("size_estimate_bytes"), rs.getString("comment")));
        }, schemas, names);
        String[] markedSchemas = configs.stream().map(TablePartitionConfig::schema).distinct().toArray(String[]::new);
        String[] prefixes = configs.stream().map(config -> config.markerPrefix() + ":").distinct().toArray(String[]::new);
        List<PartitionInfo> marked = jdbc.query(ALL_MARKED_SQL, markedTable(), markedSchemas, prefixes);

        Map<TablePartitionConfig, PartitionTree> trees = new LinkedHashMap<>();
        for (TablePartitionConfig config : configs) {
            Map<String, Object> row = parents.get(config.qualifiedName());
            if (row == null) {
                continue;
            }
            try {
                Parent parent = parent(config, row);
                List<PartitionInfo> infos = new ArrayList<>();
                for (ChildRow childRow : children.getOrDefault(config.qualifiedName(), List.of())) {
                    infos.add(childRow.info(parent.keyType()));
                }
                List<PartitionInfo> ownMarked = marked.stream().filter(info -> info.schema().equals(config.schema())).toList();
                trees.put(config, parent.tree(infos, ownMarked));
            }
            catch (InvalidParentTableException ex) {
                // left out, as the contract says: readTree(config) reports the reason
            }
        }
        return trees;
    }

    /** Checks the parent's catalog row against the config; the part of a tree every query shares. */
    private static Parent parent(TablePartitionConfig config, Map<String, Object> row) {
        QualifiedName parent = config.qualifiedName();
        Object oid = row.get("oid");
        if (oid == null) {
            throw new InvalidParentTableException("table " + parent + " does not exist");
        }
        if (!"p".equals(row.get("relkind"))) {
            throw new InvalidParentTableException(parent + " is not a partitioned table (relkind '" + row.get("relkind")
                    + "'); create it with PARTITION BY RANGE (" + config.partitionColumn() + ")");
        }
        if (!"r".equals(row.get("partstrat"))) {
            throw new InvalidParentTableException(parent + " is partitioned by " + ("l".equals(row.get("partstrat")) ? "LIST" : "HASH")
                    + "; partsmith manages RANGE partitioning");
        }
        if (((Number) row.get("partnatts")).intValue() != 1) {
            throw new InvalidParentTableException(parent + " is partitioned on " + row.get("partnatts")
                    + " columns; partsmith manages a range key of one column");
        }
        if (row.get("keycolumn") == null) {
            throw new InvalidParentTableException(parent + " is partitioned on an expression; partsmith manages a range key of one column");
        }
        String keyColumn = (String) row.get("keycolumn");
        if (!keyColumn.equals(config.partitionColumn())) {
            throw new InvalidParentTableException(parent + " is partitioned on column \"" + keyColumn + "\", not on \""
                    + config.partitionColumn() + "\" as configured (partitionColumn)");
        }
        PartitionKeyType keyType = PartitionKeyType.fromSqlName((String) row.get("keytype"));
        if (keyType == null) {
            throw new InvalidParentTableException(parent + " is partitioned on \"" + keyColumn + "\" of type " + row.get("keytype")
                    + "; partsmith manages timestamp with time zone, timestamp without time zone and date keys");
        }
        return new Parent(config, keyColumn, keyType, (String) row.get("owner"), (Boolean) row.get("may_manage"),
                (Boolean) row.get("in_recovery"));
    }

    private record Parent(TablePartitionConfig config, String keyColumn, PartitionKeyType keyType, String owner, boolean mayManage,
            boolean inRecovery) {

        /** The tree, keeping only the marked tables that carry this parent's marker under the config's prefix. */
        PartitionTree tree(List<PartitionInfo> children, List<PartitionInfo> marked) {
            List<PartitionInfo> own = marked.stream()
                    .filter(info -> info.marker() != null && info.marker().belongsTo(config.markerPrefix(), config.qualifiedName()))
                    .toList();
            return new PartitionTree(config.qualifiedName(), keyColumn, keyType, owner, mayManage, inRecovery, children, own);
        }
    }

    /** A child as the batch query returns it, before its parent's key type is known. */
    private record ChildRow(QualifiedName table, String bound, boolean detachPending, long rowEstimate, long sizeEstimateBytes, String comment) {

        PartitionInfo info(PartitionKeyType keyType) {
            return partitionInfo(table, bound, keyType, detachPending, rowEstimate, sizeEstimateBytes, comment);
        }
    }

    private static RowMapper<PartitionInfo> child(PartitionKeyType keyType) {
        return (rs, rowNum) -> partitionInfo(new QualifiedName(rs.getString("schema"), rs.getString("name")), rs.getString("bound"), keyType,
                rs.getBoolean("detach_pending"), rs.getLong("row_estimate"), rs.getLong("size_estimate_bytes"), rs.getString("comment"));
    }

    private static PartitionInfo partitionInfo(QualifiedName table, String bound, PartitionKeyType keyType, boolean detachPending,
            long rowEstimate, long sizeEstimateBytes, String comment) {
        boolean isDefault = PartitionBoundParser.isDefault(bound);
        PartitionBound lower = null;
        PartitionBound upper = null;
        if (!isDefault) {
            List<PartitionBound> bounds = parse(table, bound, keyType);
            lower = bounds.get(0);
            upper = bounds.get(1);
        }
        return new PartitionInfo(table, bound, lower, upper, true, detachPending, isDefault, rowEstimate, sizeEstimateBytes,
                PartitionMarker.parse(comment).orElse(null));
    }

    private static List<PartitionBound> parse(QualifiedName table, String bound, PartitionKeyType keyType) {
        try {
            return PartitionBoundParser.parseRange(bound, keyType);
        }
        catch (RuntimeException ex) {
            throw new InvalidParentTableException("cannot read the bounds of partition " + table + ": " + bound + " (" + ex.getMessage() + ")", ex);
        }
    }

    private static RowMapper<PartitionInfo> markedTable() {
        return (rs, rowNum) -> new PartitionInfo(new QualifiedName(rs.getString("schema"), rs.getString("name")), null, null, null,
                false, false, false, rs.getLong("row_estimate"), rs.getLong("size_estimate_bytes"),
                PartitionMarker.parse(rs.getString("comment")).orElse(null));
    }
}
