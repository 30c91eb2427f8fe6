package dev.partsmith.postgres;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;

import dev.partsmith.InvalidParentTableException;
import dev.partsmith.catalog.Alignment;
import dev.partsmith.catalog.ByteLayout;
import dev.partsmith.catalog.PartitionBounds;
import dev.partsmith.catalog.PartitionInfo;
import dev.partsmith.catalog.PartitionKey;
import dev.partsmith.catalog.PartitionMarker;
import dev.partsmith.catalog.PartitionMetadataProvider;
import dev.partsmith.catalog.PartitionNode;
import dev.partsmith.catalog.PartitionTree;
import dev.partsmith.catalog.QualifiedName;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.plan.NodeShape;

/**
 * Reads partition trees from PostgreSQL's catalog: four queries in one read-only transaction (the
 * parents, partsmith's marked tables in their schemas, every partition below the parents and below the
 * marked tables at any depth, the integer keys' sequences), whatever the number of tables; one table
 * is read as a batch of one. Catalog tables only, so no lock is taken on a parent or its partitions
 * (not even {@code pg_partition_tree}, which locks each partition); every name is matched as stored,
 * never through {@code search_path}. Bounds are printed in a UTC session and parsed. The parent's key
 * is checked against the config's first levels; keys further down are the planner's to judge.
 *
 * <p>Row estimates come from the statistics system ({@code n_live_tup}, or {@code reltuples} where
 * the statistics know nothing); size estimates from {@code relpages}, which VACUUM and ANALYZE set.
 * Neither scans or locks a table: {@code pg_relation_size} would take ACCESS SHARE on each partition,
 * and queue behind any DDL waiting on it. The highest key of an integer level without a used sequence
 * is the one read that touches a table ({@link HighestKeys}).
 */
public class PostgresMetadataProvider implements PartitionMetadataProvider {

    private static final String ROW_ESTIMATE = """
            CASE WHEN pg_catalog.pg_stat_get_tuples_inserted(c.oid) + pg_catalog.pg_stat_get_tuples_deleted(c.oid) = 0
                      AND c.reltuples > 0 THEN c.reltuples::bigint
                 ELSE pg_catalog.pg_stat_get_live_tuples(c.oid) END""";

    private static final String SIZE_ESTIMATE = "c.relpages::bigint * pg_catalog.current_setting('block_size')::bigint";

    /**
     * The partition key of {@code c} when it is partitioned ({@code pt} joined on it): its strategy, and
     * per column its name, type, collation (whether it is deterministic) and whether its operator class is
     * the type's default. Null for a table that is not partitioned, without running the subqueries: most rows
     * of a tree are partitions of rows.
     */
    private static final String KEY = """
            pt.partstrat::text AS partstrat,
            CASE WHEN pt.partrelid IS NOT NULL THEN (SELECT pg_catalog.array_agg(ka.attname ORDER BY k.n)
               FROM pg_catalog.unnest(pt.partattrs::pg_catalog.int2[]) WITH ORDINALITY AS k(attnum, n)
               LEFT JOIN pg_catalog.pg_attribute ka ON ka.attrelid = pt.partrelid AND ka.attnum = k.attnum) END AS key_columns,
            CASE WHEN pt.partrelid IS NOT NULL THEN (SELECT pg_catalog.array_agg(pg_catalog.format_type(ka.atttypid, NULL) ORDER BY k.n)
               FROM pg_catalog.unnest(pt.partattrs::pg_catalog.int2[]) WITH ORDINALITY AS k(attnum, n)
               LEFT JOIN pg_catalog.pg_attribute ka ON ka.attrelid = pt.partrelid AND ka.attnum = k.attnum) END AS key_types,
            CASE WHEN pt.partrelid IS NOT NULL THEN (SELECT pg_catalog.array_agg(co.collname::text ORDER BY k.n)
               FROM pg_catalog.unnest(pt.partcollation::pg_catalog.oid[]) WITH ORDINALITY AS k(oid, n)
               LEFT JOIN pg_catalog.pg_collation co ON co.oid = k.oid) END AS key_collations,
            CASE WHEN pt.partrelid IS NOT NULL THEN (SELECT pg_catalog.array_agg(coalesce(co.collisdeterministic, true) ORDER BY k.n)
               FROM pg_catalog.unnest(pt.partcollation::pg_catalog.oid[]) WITH ORDINALITY AS k(oid, n)
               LEFT JOIN pg_catalog.pg_collation co ON co.oid = k.oid) END AS key_deterministic,
            CASE WHEN pt.partrelid IS NOT NULL THEN (SELECT pg_catalog.array_agg(coalesce(opc.opcdefault, false) ORDER BY k.n)
               FROM pg_catalog.unnest(pt.partclass::pg_catalog.oid[]) WITH ORDINALITY AS k(oid, n)
               LEFT JOIN pg_catalog.pg_opclass opc ON opc.oid = k.oid) END AS key_default_classes""";

    /**
     * How each partition {@code child} of the CTE {@code tree(parent, child)} matches its parent, as two
     * CTEs to join on {@code child}, each with rows only for the partitions that lack something:
     * {@code index_gaps.gaps}, a triple per partitioned index of the parent that no valid index of the
     * partition is attached to (the parent's index; the partition's index attached to it, invalid, or NULL;
     * that one's relkind), and {@code missing_checks.names}, the parent's CHECK constraints that the
     * partition has no constraint of that name for. Names are enough for an attached partition:
     * PostgreSQL attaches a partition only when each same-named CHECK constraint has the parent's
     * expression, and keeps them tied after (comparing expressions would cost a deparse per partition).
     * Set-based, so thousands of partitions cost a few joins, not a subquery each. Foreign tables take
     * no indexes; contype 'c' leaves out the NOT NULL constraints PostgreSQL 18 lists.
     */
    private static final String ALIGNMENT_CTES = """
            index_gaps AS (
                SELECT t.child, pg_catalog.array_agg(ARRAY[pic.relname::text, cic.relname::text, cic.relkind::text] ORDER BY pic.relname) AS gaps
                FROM tree t
                JOIN pg_catalog.pg_class k ON k.oid = t.child AND k.relkind <> 'f'
                JOIN pg_catalog.pg_index pi ON pi.indrelid = t.parent
                JOIN pg_catalog.pg_class pic ON pic.oid = pi.indexrelid
                LEFT JOIN (pg_catalog.pg_inherits ii
                           JOIN pg_catalog.pg_index ci ON ci.indexrelid = ii.inhrelid
                           JOIN pg_catalog.pg_class cic ON cic.oid = ci.indexrelid) ON ii.inhparent = pi.indexrelid AND ci.indrelid = t.child
                WHERE ci.indisvalid IS NOT TRUE
                GROUP BY t.child
            ),
            missing_checks AS (
                SELECT t.child, pg_catalog.array_agg(pk.conname::text ORDER BY pk.conname) AS names
                FROM tree t
                JOIN pg_catalog.pg_constraint pk ON pk.conrelid = t.parent AND pk.contype = 'c'
                WHERE NOT EXISTS (SELECT FROM pg_catalog.pg_constraint ck
                                  WHERE ck.conrelid = t.child AND ck.contype = 'c' AND ck.conname = pk.conname)
                GROUP BY t.child
            )""";

    /** The columns the {@link #ALIGNMENT_CTES} give a row of {@code tree t}, joined by {@link #ALIGNMENT_JOINS}. */
    private static final String ALIGNMENT_COLUMNS = "coalesce(ag.gaps, '{}') AS index_gaps, coalesce(am.names, '{}') AS missing_checks";

    private static final String ALIGNMENT_JOINS = """
            LEFT JOIN index_gaps ag ON ag.child = t.child
            LEFT JOIN missing_checks am ON am.child = t.child""";

    /** The alignment of one partition with the parent it is attached to; no row when it is not a partition. */
    private static final String ALIGNMENT_SQL = """
            WITH tree(parent, child) AS (
                SELECT i.inhparent, i.inhrelid
                FROM pg_catalog.pg_inherits i
                JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid
                JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = ? AND c.relname = ? AND c.relispartition
            ),
            %s
            SELECT %s
            FROM tree t
            %s
            """.formatted(ALIGNMENT_CTES, ALIGNMENT_COLUMNS, ALIGNMENT_JOINS);

    /**
     * The bytes {@code abcd} read as one 32-bit word by a little-endian machine: PostgreSQL hashes the
     * text {@code 'abcd'} as it hashes this integer exactly when it reads bytes little-endian.
     */
    private static final int LITTLE_ENDIAN_ABCD = 'a' | 'b' << 8 | 'c' << 16 | 'd' << 24;

    /** One row per wanted table whose schema exists; the table's own columns are null when it does not. */
    private static final String PARENTS_SQL = """
            SELECT w.schema AS wanted_schema, w.name AS wanted_name,
                   c.oid::bigint AS oid, c.relkind::text AS relkind, %s,
                   (SELECT pg_catalog.array_agg(a.attname ORDER BY a.attnum) FROM pg_catalog.pg_attribute a
                     WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) AS column_names,
                   (SELECT pg_catalog.array_agg(pg_catalog.format_type(a.atttypid, NULL) ORDER BY a.attnum) FROM pg_catalog.pg_attribute a
                     WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) AS column_types,
                   pg_catalog.pg_get_userbyid(c.relowner) AS owner,
                   CASE WHEN c.oid IS NULL THEN false ELSE pg_catalog.pg_has_role(c.relowner, 'USAGE') END AS may_manage,
                   pg_catalog.pg_is_in_recovery() AS in_recovery, pg_catalog.clock_timestamp() AS database_time,
                   pg_catalog.getdatabaseencoding() AS encoding,
                   pg_catalog.hashtextextended('abcd' COLLATE "C", 0) = pg_catalog.hashint4extended(%d, 0) AS little_endian
            FROM ROWS FROM (pg_catalog.unnest(?::text[]), pg_catalog.unnest(?::text[])) AS w(schema, name)
            JOIN pg_catalog.pg_namespace n ON n.nspname = w.schema
            LEFT JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relname = w.name
            LEFT JOIN pg_catalog.pg_partitioned_table pt ON pt.partrelid = c.oid
            """.formatted(KEY, LITTLE_ENDIAN_ABCD);

    /** Tables of the given schemas that are not partitions and whose COMMENT starts with one of the given prefixes. */
    private static final String MARKED_SQL = """
            SELECT c.oid::bigint AS oid, n.nspname AS schema, c.relname AS name, %s AS row_estimate, %s AS size_estimate_bytes,
                   d.description AS comment, %s
            FROM pg_catalog.pg_class c
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_catalog.pg_description d ON d.objoid = c.oid AND d.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass
                                             AND d.objsubid = 0
            LEFT JOIN pg_catalog.pg_partitioned_table pt ON pt.partrelid = c.oid
            WHERE n.nspname = ANY (?::text[]) AND c.relkind IN ('r', 'p') AND NOT c.relispartition
              AND EXISTS (SELECT FROM pg_catalog.unnest(?::text[]) AS prefix WHERE pg_catalog.starts_with(d.description, prefix))
            """.formatted(ROW_ESTIMATE, SIZE_ESTIMATE, KEY);

    /** Every partition below the given tables, at any depth, each row naming its parent. */
    private static final String DESCENDANTS_SQL = """
            WITH RECURSIVE tree(parent, child) AS (
                SELECT i.inhparent, i.inhrelid FROM pg_catalog.pg_inherits i WHERE i.inhparent = ANY ((?::text[])::pg_catalog.oid[])
                UNION ALL
                SELECT i.inhparent, i.inhrelid FROM tree t JOIN pg_catalog.pg_inherits i ON i.inhparent = t.child
            ),
            %s
            SELECT t.parent::bigint AS parent_oid, c.oid::bigint AS oid, n.nspname AS schema, c.relname AS name,
                   pg_catalog.pg_get_expr(c.relpartbound, 0) AS bound, i.inhdetachpending AS detach_pending,
                   %s AS row_estimate, %s AS size_estimate_bytes, d.description AS comment, %s,
                   %s
            FROM tree t
            JOIN pg_catalog.pg_inherits i ON i.inhparent = t.parent AND i.inhrelid = t.child
            JOIN pg_catalog.pg_class c ON c.oid = t.child
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_catalog.pg_partitioned_table pt ON pt.partrelid = c.oid
            -- Joined rather than obj_description() per row, which runs a query of its own for each partition.
            LEFT JOIN pg_catalog.pg_description d ON d.objoid = c.oid AND d.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass
                                                  AND d.objsubid = 0
            %s
            WHERE c.relkind IN ('r', 'p', 'f')
            """.formatted(ALIGNMENT_CTES, ROW_ESTIMATE, SIZE_ESTIMATE, KEY, ALIGNMENT_COLUMNS, ALIGNMENT_JOINS);

    private final PostgresSession session;

    public PostgresMetadataProvider(DataSource dataSource) {
        this.session = new PostgresSession(dataSource);
    }

    @Override
    public PartitionTree readTree(TablePartitionConfig config) {
        Read read = readAll(List.of(config)).get(config);
        if (read.failure() != null) {
            throw read.failure();
        }
        return read.tree();
    }

    /**
     * Reads every table's tree in one read-only transaction of four queries, whatever the number of
     * tables. Tables that {@link #readTree} would refuse are left out of the map.
     */
    @Override
    public Map<TablePartitionConfig, PartitionTree> readTrees(Collection<TablePartitionConfig> configs) {
        if (configs.isEmpty()) {
            return Map.of();
        }
        Map<TablePartitionConfig, PartitionTree> trees = new LinkedHashMap<>();
        readAll(List.copyOf(configs)).forEach((config, read) -> {
            if (read.tree() != null) {
                trees.put(config, read.tree());
            }
        });
        return trees;
    }

    private Map<TablePartitionConfig, Read> readAll(List<TablePartitionConfig> configs) {
        Catalog catalog = session.reading(jdbc -> Catalog.read(jdbc, configs));
        Map<TablePartitionConfig, Read> reads = new LinkedHashMap<>();
        for (TablePartitionConfig config : configs) {
            try {
                PartitionTree tree = catalog.tree(config);
                reads.put(config, new Read(tree.withHighestKeys(HighestKeys.read(session, config, tree, catalog.probes(config))), null));
            }
            catch (InvalidParentTableException ex) {
                reads.put(config, new Read(null, ex));
            }
        }
        return reads;
    }

    /** One config's read: its tree, or why it cannot be managed. */
    private record Read(PartitionTree tree, InvalidParentTableException failure) {
    }

    /** What the four queries returned, for every table asked about. */
    private record Catalog(Map<QualifiedName, Map<String, Object>> parents, List<Relation> marked, Map<Long, List<Relation>> children,
            Map<QualifiedName, Map<String, HighestKeys.Probe>> integerKeys) {

        static Catalog read(JdbcTemplate jdbc, List<TablePartitionConfig> configs) {
            List<QualifiedName> tables = configs.stream().map(TablePartitionConfig::qualifiedName).distinct().toList();
            String[] schemas = tables.stream().map(QualifiedName::schema).toArray(String[]::new);
            String[] names = tables.stream().map(QualifiedName::name).toArray(String[]::new);
            Map<QualifiedName, Map<String, Object>> parents = new HashMap<>();
            for (Map<String, Object> row : jdbc.queryForList(PARENTS_SQL, schemas, names)) {
                parents.put(new QualifiedName((String) row.get("wanted_schema"), (String) row.get("wanted_name")), row);
            }
            String[] markedSchemas = configs.stream().map(TablePartitionConfig::schema).distinct().toArray(String[]::new);
            String[] prefixes = configs.stream().map(config -> config.markerPrefix() + ":").distinct().toArray(String[]::new);
            List<Relation> marked = jdbc.query(MARKED_SQL, (rs, rowNum) -> Relation.of(rs, false), markedSchemas, prefixes);
            List<String> starts = new ArrayList<>();
            parents.values().stream().filter(row -> "p".equals(row.get("relkind"))).forEach(row -> starts.add(row.get("oid").toString()));
            marked.stream().filter(relation -> relation.key() != null).forEach(relation -> starts.add(Long.toString(relation.oid())));
            Map<Long, List<Relation>> children = new HashMap<>();
            if (!starts.isEmpty()) {
                jdbc.query(DESCENDANTS_SQL, rs -> {
                    children.computeIfAbsent(rs.getLong("parent_oid"), parent -> new ArrayList<>()).add(Relation.of(rs, true));
                }, (Object) starts.toArray(String[]::new));
            }
            return new Catalog(parents, marked, children, HighestKeys.probe(jdbc, configs));
        }

        Map<String, HighestKeys.Probe> probes(TablePartitionConfig config) {
            return integerKeys.getOrDefault(config.qualifiedName(), Map.of());
        }

        /** The config's tree, its parent checked against the config's first levels. */
        PartitionTree tree(TablePartitionConfig config) {
            QualifiedName parent = config.qualifiedName();
            Map<String, Object> row = parents.get(parent);
            if (row == null) {
                throw new InvalidParentTableException("schema \"" + config.schema() + "\" of table " + parent + " does not exist");
            }
            if (row.get("oid") == null) {
                throw new InvalidParentTableException("table " + parent + " does not exist");
            }
            Map<String, String> columnTypes = columnTypes(row);
            if (!"p".equals(row.get("relkind"))) {
                PartitionKey wanted = NodeShape.keyFor(config, 0, null, columnTypes);
                throw new InvalidParentTableException(parent + " is not a partitioned table (relkind '" + row.get("relkind")
                        + "'); create it with PARTITION BY " + wanted.strategy() + " (" + String.join(", ", wanted.columnNames()) + ")");
            }
            PartitionKey key = key((String) row.get("partstrat"), (String[]) array(row.get("key_columns")), (String[]) array(row.get("key_types")),
                    (String[]) array(row.get("key_collations")), (Boolean[]) array(row.get("key_deterministic")),
                    (Boolean[]) array(row.get("key_default_classes")));
            try {
                NodeShape.of(config, 0, parent, key);
            }
            catch (IllegalArgumentException ex) {
                throw new InvalidParentTableException(ex.getMessage(), ex);
            }
            Map<QualifiedName, List<Relation>> markedByParent = new HashMap<>();
            for (Relation relation : marked) {
                PartitionMarker marker = PartitionMarker.parse(relation.comment()).orElse(null);
                if (marker != null && relation.table().schema().equals(config.schema()) && marker.prefix().equals(config.markerPrefix())) {
                    markedByParent.computeIfAbsent(marker.parent(), name -> new ArrayList<>()).add(relation);
                }
            }
            PartitionNode root = node(parent, ((Number) row.get("oid")).longValue(), key, markedByParent);
            return new PartitionTree(root, (String) row.get("owner"), (Boolean) row.get("may_manage"), (Boolean) row.get("in_recovery"),
                    ((Timestamp) row.get("database_time")).toInstant(), Map.of(), columnTypes,
                    new ByteLayout((String) row.get("encoding"), (Boolean) row.get("little_endian")));
        }

        /** A partitioned table with its partitions (and theirs) and the marked tables that name it their parent. */
        private PartitionNode node(QualifiedName table, long oid, PartitionKey key, Map<QualifiedName, List<Relation>> markedByParent) {
            List<PartitionInfo> partitions = new ArrayList<>();
            for (Relation child : children.getOrDefault(oid, List.of())) {
                PartitionNode below = child.key() == null ? null : node(child.table(), child.oid(), child.key(), markedByParent);
                partitions.add(child.attached(key, below));
            }
            List<PartitionInfo> own = new ArrayList<>();
            for (Relation relation : markedByParent.getOrDefault(table, List.of())) {
                PartitionNode below = relation.key() == null ? null : node(relation.table(), relation.oid(), relation.key(), markedByParent);
                own.add(relation.marked(key, below));
            }
            return new PartitionNode(table, key, partitions, own, oid);
        }

        private static Map<String, String> columnTypes(Map<String, Object> row) {
            String[] names = (String[]) array(row.get("column_names"));
            String[] types = (String[]) array(row.get("column_types"));
            Map<String, String> columns = new HashMap<>();
            for (int i = 0; names != null && i < names.length; i++) {
                columns.put(names[i], types[i]);
            }
            return columns;
        }
    }

    /**
     * Reads one partition's alignment with the parent it is attached to, in one catalog query.
     *
     * @return {@link Alignment#ALIGNED} also when the table is not a partition
     */
    @Override
    public Alignment readAlignment(QualifiedName partition) {
        List<Alignment> read = session.reading(jdbc -> jdbc.query(ALIGNMENT_SQL, (rs, rowNum) -> alignment(rs), partition.schema(),
                partition.name()));
        return read.isEmpty() ? Alignment.ALIGNED : read.get(0);
    }

    /** The {@link #ALIGNMENT_COLUMNS} of a row. */
    private static Alignment alignment(ResultSet rs) throws SQLException {
        List<Alignment.IndexGap> gaps = new ArrayList<>();
        for (Object pair : (Object[]) rs.getArray("index_gaps").getArray()) {
            String[] names = (String[]) pair;
            gaps.add(new Alignment.IndexGap(names[0], names[1], "I".equals(names[2])));
        }
        return new Alignment(gaps, List.of((String[]) rs.getArray("missing_checks").getArray()));
    }

    /** A key from {@code pg_partitioned_table}; an expression has a column without a name. */
    static PartitionKey key(String partstrat, String[] columns, String[] types, String[] collations, Boolean[] deterministic,
            Boolean[] defaultClasses) {
        List<PartitionKey.Column> key = new ArrayList<>();
        for (int i = 0; i < columns.length; i++) {
            key.add(new PartitionKey.Column(columns[i], columns[i] == null ? "expression" : types[i], collations[i], deterministic[i],
                    defaultClasses[i]));
        }
        return new PartitionKey(PartitionKey.Strategy.of(partstrat), key);
    }

    private static Object array(Object value) {
        try {
            return value instanceof Array array ? array.getArray() : value;
        }
        catch (SQLException ex) {
            throw new IllegalStateException("cannot read an array of the catalog", ex);
        }
    }

    /** A partition or a marked table as the queries return it, before its parent's key is known. */
    private record Relation(long oid, QualifiedName table, String bound, boolean detachPending, long rowEstimate, long sizeEstimateBytes,
            String comment, PartitionKey key, Alignment alignment) {

        static Relation of(ResultSet rs, boolean partition) throws SQLException {
            String partstrat = rs.getString("partstrat");
            PartitionKey key = partstrat == null ? null
                    : PostgresMetadataProvider.key(partstrat, (String[]) rs.getArray("key_columns").getArray(),
                            (String[]) rs.getArray("key_types").getArray(), (String[]) rs.getArray("key_collations").getArray(),
                            (Boolean[]) rs.getArray("key_deterministic").getArray(), (Boolean[]) rs.getArray("key_default_classes").getArray());
            return new Relation(rs.getLong("oid"), new QualifiedName(rs.getString("schema"), rs.getString("name")),
                    partition ? rs.getString("bound") : null, partition && rs.getBoolean("detach_pending"), rs.getLong("row_estimate"),
                    rs.getLong("size_estimate_bytes"), rs.getString("comment"), key, partition ? PostgresMetadataProvider.alignment(rs) : Alignment.ALIGNED);
        }

        /** An attached partition: its bounds are read from the catalog. */
        PartitionInfo attached(PartitionKey parentKey, PartitionNode below) {
            PartitionBounds bounds;
            try {
                bounds = PartitionBoundParser.parse(bound, parentKey);
            }
            catch (RuntimeException ex) {
                throw new InvalidParentTableException("cannot read the bounds of partition " + table + ": " + bound + " (" + ex.getMessage() + ")", ex);
            }
            return new PartitionInfo(table, bound, bounds, true, detachPending, rows(below), sizeEstimateBytes,
                    PartitionMarker.parse(comment).orElse(null), below, oid, alignment);
        }

        /** A detached table: its bounds are those its marker records, when they can be read. */
        PartitionInfo marked(PartitionKey parentKey, PartitionNode below) {
            PartitionMarker marker = Objects.requireNonNull(PartitionMarker.parse(comment).orElse(null));
            PartitionBounds bounds = null;
            if (marker.bounds() != null) {
                try {
                    bounds = PartitionBoundParser.parse(marker.bounds(), parentKey);
                }
                catch (RuntimeException ex) {
                    // An unreadable range is reported by the planner, which keeps the table.
                }
            }
            return new PartitionInfo(table, marker.bounds(), bounds, false, false, rows(below), sizeEstimateBytes, marker, below, oid,
                    Alignment.ALIGNED);
        }

        /** A partitioned table's rows are its partitions'. */
        private long rows(PartitionNode below) {
            return below == null ? rowEstimate : below.partitions().stream().mapToLong(PartitionInfo::rowEstimate).sum();
        }
    }
}
