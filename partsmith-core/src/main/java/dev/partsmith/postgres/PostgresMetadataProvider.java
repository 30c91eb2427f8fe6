package dev.partsmith.postgres;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;

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
 * parents, all their children, partsmith's marked tables in their schemas), whatever the number of
 * tables; one table is read as a batch of one. Catalog tables only, so no lock is taken on a parent
 * or its partitions; every name is matched as stored, never through {@code search_path}. Bounds are
 * printed in a UTC session and parsed.
 *
 * <p>Row estimates come from the statistics system ({@code n_live_tup}, or {@code reltuples} where
 * the statistics know nothing); size estimates from {@code relpages}, which VACUUM and ANALYZE set.
 * Neither scans or locks a table: {@code pg_relation_size} would take ACCESS SHARE on each partition,
 * and queue behind any DDL waiting on it.
 */
public class PostgresMetadataProvider implements PartitionMetadataProvider {

    private static final String ROW_ESTIMATE = """
            CASE WHEN pg_catalog.pg_stat_get_tuples_inserted(c.oid) + pg_catalog.pg_stat_get_tuples_deleted(c.oid) = 0
                      AND c.reltuples > 0 THEN c.reltuples::bigint
                 ELSE pg_catalog.pg_stat_get_live_tuples(c.oid) END""";

    private static final String SIZE_ESTIMATE = "c.relpages::bigint * pg_catalog.current_setting('block_size')::bigint";

    /** One row per wanted table whose schema exists; the table's own columns are null when it does not. */
    private static final String PARENTS_SQL = """
            SELECT w.schema AS wanted_schema, w.name AS wanted_name,
                   c.oid AS oid, c.relkind::text AS relkind, pt.partstrat::text AS partstrat, pt.partnatts AS partnatts,
                   pt.partattrs[0] AS keyattnum, a.attname AS keycolumn,
                   pg_catalog.format_type(a.atttypid, NULL) AS keytype,
                   pg_catalog.pg_get_userbyid(c.relowner) AS owner,
                   CASE WHEN c.oid IS NULL THEN false ELSE pg_catalog.pg_has_role(c.relowner, 'USAGE') END AS may_manage,
                   pg_catalog.pg_is_in_recovery() AS in_recovery, pg_catalog.clock_timestamp() AS database_time
            FROM ROWS FROM (pg_catalog.unnest(?::text[]), pg_catalog.unnest(?::text[])) AS w(schema, name)
            JOIN pg_catalog.pg_namespace n ON n.nspname = w.schema
            LEFT JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relname = w.name
            LEFT JOIN pg_catalog.pg_partitioned_table pt ON pt.partrelid = c.oid
            LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = pt.partattrs[0]
            """;

    /** The children of the wanted parents, each row naming its parent. */
    private static final String CHILDREN_SQL = """
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

    /** Tables of the given schemas that are not partitions and whose COMMENT starts with one of the given prefixes. */
    private static final String MARKED_SQL = """
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
        Read read = session.reading(jdbc -> readAll(jdbc, List.of(config))).get(config);
        if (read.failure() != null) {
            throw read.failure();
        }
        return read.tree();
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
        Map<TablePartitionConfig, PartitionTree> trees = new LinkedHashMap<>();
        session.reading(jdbc -> readAll(jdbc, List.copyOf(configs))).forEach((config, read) -> {
            if (read.tree() != null) {
                trees.put(config, read.tree());
            }
        });
        return trees;
    }

    private Map<TablePartitionConfig, Read> readAll(JdbcTemplate jdbc, List<TablePartitionConfig> configs) {
        List<QualifiedName> tables = configs.stream().map(TablePartitionConfig::qualifiedName).distinct().toList();
        String[] schemas = tables.stream().map(QualifiedName::schema).toArray(String[]::new);
        String[] names = tables.stream().map(QualifiedName::name).toArray(String[]::new);

        Map<QualifiedName, Map<String, Object>> parents = new HashMap<>();
        for (Map<String, Object> row : jdbc.queryForList(PARENTS_SQL, schemas, names)) {
            parents.put(new QualifiedName((String) row.get("wanted_schema"), (String) row.get("wanted_name")), row);
        }
        Map<QualifiedName, List<ChildRow>> children = new HashMap<>();
        jdbc.query(CHILDREN_SQL, rs -> {
            children.computeIfAbsent(new QualifiedName(rs.getString("parent_schema"), rs.getString("parent_name")), key -> new ArrayList<>())
                    .add(new ChildRow(new QualifiedName(rs.getString("schema"), rs.getString("name")), rs.getString("bound"),
                            rs.getBoolean("detach_pending"), rs.getLong("row_estimate"), rs.getLong("size_estimate_bytes"), rs.getString("comment")));
        }, schemas, names);
        String[] markedSchemas = configs.stream().map(TablePartitionConfig::schema).distinct().toArray(String[]::new);
        String[] prefixes = configs.stream().map(config -> config.markerPrefix() + ":").distinct().toArray(String[]::new);
        List<ChildRow> marked = jdbc.query(MARKED_SQL, (rs, rowNum) -> new ChildRow(new QualifiedName(rs.getString("schema"), rs.getString("name")),
                null, false, rs.getLong("row_estimate"), rs.getLong("size_estimate_bytes"), rs.getString("comment")), markedSchemas, prefixes);

        Map<TablePartitionConfig, Read> reads = new LinkedHashMap<>();
        for (TablePartitionConfig config : configs) {
            Map<String, Object> row = parents.get(config.qualifiedName());
            try {
                if (row == null) {
                    throw new InvalidParentTableException("schema \"" + config.schema() + "\" of table " + config.qualifiedName()
                            + " does not exist");
                }
                Parent parent = parent(config, row);
                List<PartitionInfo> infos = new ArrayList<>();
                for (ChildRow child : children.getOrDefault(config.qualifiedName(), List.of())) {
                    infos.add(child.attached(parent.keyType()));
                }
                List<PartitionInfo> own = new ArrayList<>();
                for (ChildRow table : marked) {
                    PartitionMarker marker = PartitionMarker.parse(table.comment()).orElse(null);
                    if (table.table().schema().equals(config.schema()) && marker != null
                            && marker.belongsTo(config.markerPrefix(), config.qualifiedName())) {
                        own.add(table.marked(marker, parent.keyType()));
                    }
                }
                reads.put(config, new Read(parent.tree(infos, own), null));
            }
            catch (InvalidParentTableException ex) {
                reads.put(config, new Read(null, ex));
            }
        }
        return reads;
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
        return new Parent(parent, keyColumn, keyType, (String) row.get("owner"), (Boolean) row.get("may_manage"),
                (Boolean) row.get("in_recovery"), ((Timestamp) row.get("database_time")).toInstant());
    }

    /** One config's read: its tree, or why it cannot be managed. */
    private record Read(PartitionTree tree, InvalidParentTableException failure) {
    }

    private record Parent(QualifiedName table, String keyColumn, PartitionKeyType keyType, String owner, boolean mayManage,
            boolean inRecovery, java.time.Instant databaseTime) {

        PartitionTree tree(List<PartitionInfo> children, List<PartitionInfo> marked) {
            return new PartitionTree(table, keyColumn, keyType, owner, mayManage, inRecovery, databaseTime, children, marked);
        }
    }

    /** A child or a marked table as the queries return it, before its parent's key type is known. */
    private record ChildRow(QualifiedName table, String bound, boolean detachPending, long rowEstimate, long sizeEstimateBytes, String comment) {

        /** An attached partition: its bounds are read from the catalog. */
        PartitionInfo attached(PartitionKeyType keyType) {
            boolean isDefault = PartitionBoundParser.isDefault(bound);
            List<PartitionBound> bounds = isDefault ? null : parse(bound, keyType);
            return new PartitionInfo(table, bound, isDefault ? null : bounds.get(0), isDefault ? null : bounds.get(1), true, detachPending,
                    isDefault, rowEstimate, sizeEstimateBytes, PartitionMarker.parse(comment).orElse(null));
        }

        /** A detached table: its bounds are those its marker records, when they can be read. */
        PartitionInfo marked(PartitionMarker marker, PartitionKeyType keyType) {
            List<PartitionBound> bounds = null;
            if (marker.bounds() != null) {
                try {
                    bounds = PartitionBoundParser.parseRange(marker.bounds(), keyType);
                }
                catch (RuntimeException ex) {
                    // An unreadable range is reported by the planner, which keeps the table.
                }
            }
            return new PartitionInfo(table, marker.bounds(), bounds == null ? null : bounds.get(0), bounds == null ? null : bounds.get(1),
                    false, false, false, rowEstimate, sizeEstimateBytes, marker);
        }

        private List<PartitionBound> parse(String expression, PartitionKeyType keyType) {
            try {
                return PartitionBoundParser.parseRange(expression, keyType);
            }
            catch (RuntimeException ex) {
                throw new InvalidParentTableException("cannot read the bounds of partition " + table + ": " + expression + " ("
                        + ex.getMessage() + ")", ex);
            }
        }
    }
}
