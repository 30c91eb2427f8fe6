package dev.partsmith.postgres;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.partsmith.Count;
import dev.partsmith.PartitionException;
import dev.partsmith.TableMigrationException;
import dev.partsmith.catalog.KeyPoint;
import dev.partsmith.catalog.PartitionKeyType;
import dev.partsmith.catalog.QualifiedName;
import dev.partsmith.config.MaintenanceSettings;
import dev.partsmith.config.RangeLevel;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.config.TimeLevel;
import dev.partsmith.migration.CopyBatch;
import dev.partsmith.migration.MigrationDirection;
import dev.partsmith.migration.MigrationOptions;
import dev.partsmith.migration.MigrationPlanner;
import dev.partsmith.migration.MigrationRepository;
import dev.partsmith.migration.MigrationRequest;
import dev.partsmith.migration.MigrationSnapshot;
import dev.partsmith.migration.MigrationSnapshot.Relation;
import dev.partsmith.migration.MigrationState;
import dev.partsmith.migration.MigrationStep;
import dev.partsmith.migration.TwinPartitions.TwinPartition;
import dev.partsmith.migration.Verification;
import dev.partsmith.postgres.MigrationSource.Column;

/**
 * The steps of an online migration on PostgreSQL 14+. Every transaction sets {@code lock_timeout} (and
 * {@code TIME ZONE 'UTC'}) and is retried on lock timeouts within the retry budget; each commits its work
 * together with the migration's row in {@code partsmith_migration}, a table partsmith creates in the table's
 * schema on first use. Every identifier is quoted.
 *
 * <ul>
 * <li>The twin is made with {@code CREATE TABLE ... (LIKE ... INCLUDING DEFAULTS, CONSTRAINTS, STORAGE,
 * COMPRESSION, COMMENTS, GENERATED, STATISTICS, IDENTITY)}, then the table's key, indexes, unique constraints
 * and foreign keys, owner, grants, replica identity and comment. Partitioning, the key gains the partition
 * column when it lacks it (PostgreSQL requires it of a partitioned table's primary key), and the partitions
 * are made with {@code PARTITION OF} (the twin is not in use yet), with the table's storage parameters.</li>
 * <li>The sync trigger ({@link SyncTrigger}) is installed in one transaction, which waits (at most
 * {@code lock_timeout}) for the writers in flight; the highest key then present is the last one to copy.</li>
 * <li>A batch locks its rows {@code FOR SHARE NOWAIT} in key order and copies them with
 * {@code ON CONFLICT DO NOTHING}, under {@code statement_timeout = lock_timeout}: a writer of one of its rows
 * waits for the batch, never longer; a batch cut off by the timeout is retried at half the size; a batch that
 * meets a row a writer holds, or a row an update moved to another partition meanwhile, gives way and is
 * retried.</li>
 * <li>The swap takes {@code ACCESS EXCLUSIVE} on both tables (at most {@code lock_timeout}, retried), checks
 * again that no view, foreign key or publication depends on the table, drops the trigger, renames, swaps the
 * indexes' names, carries identity values over and gives the table's own sequences to the new table.</li>
 * </ul>
 */
public class PostgresMigrationRepository implements MigrationRepository {

    private static final Logger log = LoggerFactory.getLogger(PostgresMigrationRepository.class);

    /** partsmith's table of migration states, in the schema of the tables it migrates. */
    public static final String STATE_TABLE = "partsmith_migration";

    /** Not INCLUDING INDEXES: the twin gets its key with the partition column, and the other indexes one by one. */
    private static final String LIKE_OPTIONS = "INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE INCLUDING COMPRESSION"
            + " INCLUDING COMMENTS INCLUDING GENERATED INCLUDING STATISTICS INCLUDING IDENTITY";

    /** Partitions created per transaction: few enough for the lock table, many enough to be quick. */
    private static final int PARTITIONS_PER_TRANSACTION = 20;

    private static final String STATE_COLUMNS = "direction, step, source_oid, twin_oid, key_columns, bound, cursor, copied_rows, estimated_rows,"
            + " verified_rows, index_names, started_at, updated_at";

    private final PostgresSession session;

    public PostgresMigrationRepository(DataSource dataSource) {
        this.session = new PostgresSession(dataSource);
    }

    @Override
    public MigrationSnapshot read(MigrationRequest request) {
        return session.reading(jdbc -> {
            Map<String, Relation> relations = new HashMap<>();
            jdbc.query("""
                    SELECT w.role, c.oid::bigint AS oid, c.relkind::text AS kind
                    FROM (VALUES ('source', ?), ('twin', ?), ('retired', ?)) AS w(role, name)
                    LEFT JOIN pg_catalog.pg_namespace n ON n.nspname = ?
                    LEFT JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relname = w.name
                    """, rs -> {
                relations.put(rs.getString("role"), rs.getLong("oid") == 0 ? Relation.MISSING : new Relation(rs.getLong("oid"), rs.getString("kind")));
            }, request.table().name(), request.twin().name(), request.retired().name(), request.table().schema());
            Relation source = relations.get("source");
            Optional<MigrationState> state = readState(jdbc, request.table(), false).map(StateRow::state);
            boolean sync = source.exists() && Boolean.TRUE.equals(jdbc.queryForObject(
                    "SELECT EXISTS (SELECT FROM pg_catalog.pg_trigger WHERE tgrelid = ?::oid AND tgname = ?)", Boolean.class, source.oid(),
                    SyncTrigger.ROW_TRIGGER));
            Instant now = jdbc.queryForObject("SELECT pg_catalog.clock_timestamp()", Timestamp.class).toInstant();
            return new MigrationSnapshot(source, relations.get("twin"), relations.get("retired"), state, sync, now);
        });
    }

    @Override
    public void createTwin(MigrationRequest request) {
        QualifiedName table = request.table();
        QualifiedName twin = request.twin();
        step(request, "create " + twin, () -> session.inTransaction(request.settings().lockTimeout(), jdbc -> {
            MigrationSource source = MigrationSource.read(jdbc, request);
            NewPartitionProperties properties = NewPartitionProperties.read(jdbc, table, null, "");
            String partitionBy = request.direction() == MigrationDirection.PARTITION
                    ? " PARTITION BY RANGE (" + QualifiedName.quote(request.config().partitionColumn()) + ")" : "";
            jdbc.execute("CREATE TABLE " + twin.quoted() + " (LIKE " + table.quoted() + " " + LIKE_OPTIONS + ")" + partitionBy
                    + (properties.tablespace() == null ? "" : " TABLESPACE " + QualifiedName.quote(properties.tablespace())));
            List<String> indexNames = new ArrayList<>();
            List<String> twinKey = source.twinKey(request);
            indexNames.add(source.keyIndex());
            indexNames.add(createIndex(jdbc, twin, source.keyIsPrimary() ? "ALTER TABLE " + twin.quoted() + " ADD PRIMARY KEY ("
                    + MigrationSource.list(twinKey) + ")" : "CREATE UNIQUE INDEX ON " + twin.quoted() + " (" + MigrationSource.list(twinKey) + ")"));
            for (MigrationSource.Index index : source.indexes()) {
                indexNames.add(index.name());
                indexNames.add(createIndex(jdbc, twin, index.constraint() != null ? "ALTER TABLE " + twin.quoted() + " ADD " + index.constraint()
                        : "CREATE " + (index.unique() ? "UNIQUE " : "") + "INDEX ON " + twin.quoted() + " USING " + index.tail()));
            }
            for (String foreignKey : source.foreignKeys()) {
                jdbc.execute("ALTER TABLE " + twin.quoted() + " ADD CONSTRAINT " + foreignKey);
            }
            List<String> statements = new ArrayList<>(ownership(properties, twin));
            String comment = jdbc.queryForObject("SELECT pg_catalog.quote_nullable(pg_catalog.obj_description(?::pg_catalog.regclass, 'pg_class'))",
                    String.class, table.quoted());
            if (!"NULL".equals(comment)) {
                statements.add(PartitionStatements.comment(twin, comment));
            }
            statements.forEach(jdbc::execute);
            jdbc.execute("CREATE TABLE IF NOT EXISTS " + stateTable(table).quoted() + """
                     (
                        table_name text PRIMARY KEY,
                        direction text NOT NULL,
                        step text NOT NULL,
                        source_oid bigint NOT NULL,
                        twin_oid bigint NOT NULL,
                        key_columns text[] NOT NULL,
                        bound text[],
                        cursor text[],
                        copied_rows bigint NOT NULL DEFAULT 0,
                        estimated_rows bigint NOT NULL DEFAULT 0,
                        verified_rows bigint,
                        index_names text[] NOT NULL,
                        started_at timestamptz NOT NULL,
                        updated_at timestamptz NOT NULL
                    )""");
            int written = jdbc.update("INSERT INTO " + stateTable(table).quoted() + " AS s (table_name, " + STATE_COLUMNS + """
                    )
                    VALUES (?, ?, ?, ?::pg_catalog.regclass::oid::bigint, ?::pg_catalog.regclass::oid::bigint, ?::text[], NULL, NULL, 0, 0, NULL, ?::text[],
                            pg_catalog.clock_timestamp(), pg_catalog.clock_timestamp())
                    ON CONFLICT (table_name) DO UPDATE SET (""" + STATE_COLUMNS + ") = (" + excluded(STATE_COLUMNS) + """
                    ) WHERE s.step = 'DONE'
                    """, table.name(), request.direction().name(), MigrationPlanner.after(MigrationStep.CREATE_TWIN, request.direction()).name(),
                    table.quoted(), twin.quoted(), texts(source.key()), texts(indexNames));
            if (written != 1) {
                throw new TableMigrationException("cannot " + request.verb() + " " + table + ": another migration of it is recorded in "
                        + stateTable(table));
            }
            log.info("Created {} to {} {} online, keyed by {}", twin, request.verb(), table, MigrationSource.list(twinKey));
            return null;
        }));
    }

    /** Runs one index-making statement on the twin and returns the name PostgreSQL gave the new index. */
    private static String createIndex(JdbcTemplate jdbc, QualifiedName twin, String statement) {
        Set<String> before = new HashSet<>(indexNames(jdbc, twin));
        jdbc.execute(statement);
        List<String> created = indexNames(jdbc, twin).stream().filter(name -> !before.contains(name)).toList();
        if (created.size() != 1) {
            throw new IllegalStateException("expected one new index on " + twin + " after " + statement + ", found " + created);
        }
        return created.get(0);
    }

    private static List<String> indexNames(JdbcTemplate jdbc, QualifiedName table) {
        return jdbc.queryForList("SELECT c.relname FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid"
                + " WHERE i.indrelid = ?::pg_catalog.regclass", String.class, table.quoted());
    }

    /** Owner, grants and replica identity of the table, for one of the tables the migration makes. */
    private static List<String> ownership(NewPartitionProperties properties, QualifiedName table) {
        List<String> statements = new ArrayList<>();
        if (properties.owner() != null) {
            statements.add(PartitionStatements.ownerTo(table, properties.owner()));
        }
        for (NewPartitionProperties.Grant grant : properties.grants()) {
            statements.add(PartitionStatements.grant(grant.privileges(), table, grant.grantee(), grant.grantable()));
        }
        if (properties.replicaIdentity() != null) {
            statements.add(PartitionStatements.replicaIdentity(table, properties.replicaIdentity()));
        }
        return statements;
    }

    @Override
    public KeyRange keyRange(MigrationRequest request) {
        TablePartitionConfig config = request.config();
        String column = QualifiedName.quote(config.partitionColumn());
        return session.reading(jdbc -> {
            String typeName = jdbc.queryForObject("SELECT pg_catalog.format_type(a.atttypid, NULL) FROM pg_catalog.pg_attribute a"
                    + " WHERE a.attrelid = ?::pg_catalog.regclass AND a.attname = ? AND NOT a.attisdropped", String.class, request.table().quoted(),
                    config.partitionColumn());
            if (!(config.tableLevel() instanceof RangeLevel range)) {
                return new KeyRange(null, Optional.empty(), Optional.empty());
            }
            PartitionKeyType type = range instanceof TimeLevel time && time.epoch() != null ? time.epoch().keyType()
                    : PartitionKeyType.fromSqlName(typeName);
            if (type == null || type.time() != (range instanceof TimeLevel)) {
                throw new TableMigrationException("cannot partition " + request.table() + " by " + range.describe() + ": its column " + column
                        + " is of type " + typeName);
            }
            // -infinity is no slot's: such rows go to the DEFAULT partition. Read as text in the session's UTC, like bounds.
            String finite = type.time() && type != PartitionKeyType.EPOCH_SECONDS && type != PartitionKeyType.EPOCH_MILLISECONDS
                    ? " WHERE " + column + " > '-infinity'" : "";
            return jdbc.query("SELECT min(" + column + ")::text, max(" + column + ")::text FROM ONLY " + request.table().quoted() + finite, rs -> {
                rs.next();
                return new KeyRange(type, point(rs.getString(1), type), point(rs.getString(2), type));
            });
        });
    }

    private static Optional<KeyPoint> point(String text, PartitionKeyType type) {
        return text == null ? Optional.empty() : Optional.of(PartitionBoundParser.point(text, type));
    }

    @Override
    public void createPartitions(MigrationRequest request, List<TwinPartition> partitions) {
        QualifiedName twin = request.twin();
        for (int from = 0; from < partitions.size(); from += PARTITIONS_PER_TRANSACTION) {
            List<TwinPartition> chunk = partitions.subList(from, Math.min(partitions.size(), from + PARTITIONS_PER_TRANSACTION));
            step(request, "create partitions of " + twin, () -> session.inTransaction(request.settings().lockTimeout(), jdbc -> {
                PartitionProperties properties = PartitionProperties.read(jdbc, request.table());
                for (TwinPartition partition : chunk) {
                    if (partitionOfTwin(jdbc, request, partition.table())) {
                        continue;
                    }
                    jdbc.execute("CREATE TABLE " + partition.table().quoted() + " PARTITION OF " + twin.quoted() + " " + partition.bounds().forValues()
                            + properties.with());
                    properties.statements(partition.table()).forEach(jdbc::execute);
                }
                return null;
            }));
        }
        step(request, "create the DEFAULT partition of " + twin, () -> session.inTransaction(request.settings().lockTimeout(), jdbc -> {
            QualifiedName defaultPartition = request.defaultPartition();
            if (!partitionOfTwin(jdbc, request, defaultPartition)) {
                PartitionProperties properties = PartitionProperties.read(jdbc, request.table());
                jdbc.execute("CREATE TABLE " + defaultPartition.quoted() + " PARTITION OF " + twin.quoted() + " DEFAULT" + properties.with());
                properties.statements(defaultPartition).forEach(jdbc::execute);
            }
            advance(jdbc, request, MigrationStep.CREATE_PARTITIONS);
            return null;
        }));
        log.info("Created {} of {} (and its DEFAULT partition {})", Count.of(partitions.size(), "partition"), twin, request.defaultPartition());
    }

    /**
     * Whether {@code table} is a partition of the twin already; {@code false} when there is no such relation.
     *
     * @throws TableMigrationException when a relation of that name exists and is not one of the twin's partitions
     */
    private static boolean partitionOfTwin(JdbcTemplate jdbc, MigrationRequest request, QualifiedName table) {
        List<Boolean> found = jdbc.queryForList("""
                SELECT EXISTS (SELECT FROM pg_catalog.pg_inherits i WHERE i.inhrelid = c.oid AND i.inhparent = ?::pg_catalog.regclass)
                FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = ? AND c.relname = ?
                """, Boolean.class, request.twin().quoted(), table.schema(), table.name());
        if (!found.isEmpty() && !found.get(0)) {
            throw new TableMigrationException("cannot partition " + request.table() + ": a relation named " + table + " exists, and it is not a"
                    + " partition of " + request.twin() + " (a partition of " + request.retired() + " from an earlier migration?); drop or rename it,"
                    + " then partition again");
        }
        return !found.isEmpty();
    }

    /**
     * What the twin's partitions take from the table: its storage parameters, owner, grants and replica identity.
     *
     * @param storageParameters the table's storage parameters, quoted by the server; {@code null} for none
     */
    private record PartitionProperties(NewPartitionProperties table, String storageParameters) {

        static PartitionProperties read(JdbcTemplate jdbc, QualifiedName table) {
            return new PartitionProperties(NewPartitionProperties.read(jdbc, table, null, ""), jdbc.queryForObject("""
                    SELECT pg_catalog.string_agg(pg_catalog.quote_ident(o.option_name) || '=' || pg_catalog.quote_literal(o.option_value), ', ')
                    FROM pg_catalog.pg_class c, pg_catalog.pg_options_to_table(c.reloptions) o WHERE c.oid = ?::pg_catalog.regclass
                    """, String.class, table.quoted()));
        }

        String with() {
            return storageParameters == null ? "" : " WITH (" + storageParameters + ")";
        }

        List<String> statements(QualifiedName partition) {
            return ownership(table, partition);
        }
    }

    @Override
    public void installSync(MigrationRequest request) {
        QualifiedName table = request.table();
        step(request, "install the sync trigger on " + table, () -> session.inTransaction(request.settings().lockTimeout(), jdbc -> {
            StateRow row = requireState(jdbc, request, MigrationStep.INSTALL_SYNC);
            if (row == null) {
                return null;
            }
            MigrationSource source = MigrationSource.read(jdbc, request);
            NewPartitionProperties properties = NewPartitionProperties.read(jdbc, table, null, "");
            QualifiedName function = SyncTrigger.function(table.schema(), row.state().sourceOid());
            List<String> statements = new ArrayList<>(SyncTrigger.install(table, function, request.twin(),
                    source.copiedColumns().stream().map(Column::name).toList(), source.twinKey(request)));
            if (properties.owner() != null) {
                statements.add(1, "ALTER FUNCTION " + function.quoted() + "() OWNER TO " + QualifiedName.quote(properties.owner()));
            }
            // One round trip: from CREATE TRIGGER on, writers wait for this transaction.
            jdbc.execute(String.join(";\n", statements));
            List<String> key = row.state().keyColumns();
            List<String> bound = jdbc.query("SELECT ARRAY[" + key.stream().map(column -> QualifiedName.quote(column) + "::text")
                    .collect(Collectors.joining(", ")) + "] FROM " + only(request) + table.quoted() + " ORDER BY "
                    + key.stream().map(column -> QualifiedName.quote(column) + " DESC").collect(Collectors.joining(", ")) + " LIMIT 1",
                    rs -> rs.next() ? strings(rs.getArray(1)) : null);
            long estimated = bound == null ? 0 : jdbc.queryForObject("""
                    SELECT coalesce(sum(GREATEST(c.reltuples, 0)), 0)::bigint FROM pg_catalog.pg_partition_tree(?::pg_catalog.regclass) t
                    JOIN pg_catalog.pg_class c ON c.oid = t.relid
                    """, Long.class, table.quoted());
            if (bound != null && estimated == 0) {
                estimated = jdbc.queryForObject("SELECT count(*) FROM " + table.quoted(), Long.class);
            }
            jdbc.update("UPDATE " + stateTable(table).quoted() + " SET step = ?, bound = ?::text[], cursor = NULL, copied_rows = 0, estimated_rows = ?,"
                    + " updated_at = pg_catalog.clock_timestamp() WHERE table_name = ?",
                    MigrationPlanner.after(MigrationStep.INSTALL_SYNC, request.direction()).name(), bound == null ? null : texts(bound),
                    estimated, table.name());
            log.info("Installed the sync trigger on {}; about {} to copy into {}", table, Count.of(estimated, "row"), request.twin());
            return null;
        }));
    }

    @Override
    public CopyBatch copyBatch(MigrationRequest request, int batchSize) {
        int size = batchSize;
        long deadline = System.nanoTime() + request.settings().retryBudget().toNanos();
        while (true) {
            int attempt = size;
            try {
                return step(request, "copy a batch into " + request.twin(),
                        () -> session.inTransaction(request.settings().lockTimeout(), jdbc -> copy(jdbc, request, attempt)));
            }
            catch (RuntimeException ex) {
                // An update that moved a row of the batch to another partition has committed: the trigger carries the row
                // over, and the batch read again sees it where it is now
                if (SqlStates.is(ex, SqlStates.SERIALIZATION_FAILURE) && System.nanoTime() < deadline) {
                    log.debug("A row of the batch into {} moved to another partition meanwhile; copying the batch again", request.twin());
                    continue;
                }
                if (!SqlStates.is(ex, SqlStates.QUERY_CANCELED) || size == 1) {
                    throw ex;
                }
                size = Math.max(1, size / 2);
                log.info("A batch of {} into {} took longer than lock_timeout ({}); retrying with {}", Count.of(attempt, "row"), request.twin(),
                        request.settings().lockTimeout(), Count.of(size, "row"));
            }
        }
    }

    private CopyBatch copy(JdbcTemplate jdbc, MigrationRequest request, int size) {
        QualifiedName table = request.table();
        jdbc.execute("SET LOCAL statement_timeout = " + request.settings().lockTimeout().toMillis());
        StateRow row = requireState(jdbc, request, MigrationStep.COPY);
        if (row == null) {
            MigrationState state = readState(jdbc, table, false).orElseThrow().state();
            return new CopyBatch(0, state.copiedRows(), state.estimatedRows(), size, true);
        }
        MigrationState state = row.state();
        if (state.bound() == null) {
            advance(jdbc, request, MigrationStep.COPY);
            return new CopyBatch(0, 0, 0, size, true);
        }
        List<Column> columns = jdbc.query("""
                SELECT a.attname AS name, pg_catalog.format_type(a.atttypid, a.atttypmod) AS type, a.attgenerated <> '' AS generated
                FROM pg_catalog.pg_attribute a
                WHERE a.attrelid = ?::pg_catalog.regclass AND a.attnum > 0 AND NOT a.attisdropped
                ORDER BY a.attnum
                """, (rs, n) -> new Column(rs.getString("name"), rs.getString("type"), null, true, rs.getBoolean("generated")), table.quoted());
        String copied = MigrationSource.list(columns.stream().filter(column -> !column.generated()).map(Column::name).toList());
        List<String> key = state.keyColumns();
        String keyList = MigrationSource.list(key);
        List<Object> arguments = new ArrayList<>();
        StringBuilder where = new StringBuilder();
        if (state.cursor() != null) {
            where.append("ROW(").append(keyList).append(") > ROW(").append(parameters(key, columns)).append(") AND ");
            arguments.addAll(state.cursor());
        }
        where.append("ROW(").append(keyList).append(") <= ROW(").append(parameters(key, columns)).append(")");
        arguments.addAll(state.bound());
        String last = key.stream().map(column -> QualifiedName.quote(column) + "::text").collect(Collectors.joining(", "));
        String descending = key.stream().map(column -> QualifiedName.quote(column) + " DESC").collect(Collectors.joining(", "));
        String sql = "WITH batch AS (SELECT " + copied + " FROM " + only(request) + table.quoted() + " WHERE " + where + " ORDER BY " + keyList
                + " LIMIT " + size + " FOR SHARE NOWAIT), copied AS (INSERT INTO " + request.twin().quoted() + " (" + copied
                + ") OVERRIDING SYSTEM VALUE SELECT " + copied + " FROM batch ON CONFLICT DO NOTHING)"
                + " SELECT (SELECT count(*) FROM batch) AS rows, (SELECT ARRAY[" + last + "] FROM batch ORDER BY " + descending + " LIMIT 1) AS last";
        Object[] result = jdbc.queryForObject(sql, (rs, n) -> new Object[] { rs.getLong("rows"), strings(rs.getArray("last")) }, arguments.toArray());
        long rows = (Long) result[0];
        @SuppressWarnings("unchecked")
        List<String> cursor = (List<String>) result[1];
        boolean done = rows < size || state.bound().equals(cursor);
        long copiedRows = state.copiedRows() + rows;
        jdbc.update("UPDATE " + stateTable(table).quoted() + " SET cursor = coalesce(?::text[], cursor), copied_rows = ?, step = ?,"
                + " updated_at = pg_catalog.clock_timestamp() WHERE table_name = ?", cursor == null ? null : texts(cursor), copiedRows,
                (done ? MigrationPlanner.after(MigrationStep.COPY, request.direction()) : MigrationStep.COPY).name(), table.name());
        return new CopyBatch(rows, copiedRows, state.estimatedRows(), size, done);
    }

    /** {@code ?::type, ...} for the key's columns, so that values kept as text compare as the key's own type. */
    private static String parameters(List<String> key, List<Column> columns) {
        return key.stream().map(name -> "?::" + columns.stream().filter(column -> column.name().equals(name)).findFirst().orElseThrow().type())
                .collect(Collectors.joining(", "));
    }

    @Override
    public void analyze(MigrationRequest request) {
        step(request, "analyze " + request.twin(), () -> session.inTransaction(request.settings().lockTimeout(), jdbc -> {
            if (requireState(jdbc, request, MigrationStep.ANALYZE) != null) {
                jdbc.execute("ANALYZE " + request.twin().quoted());
                advance(jdbc, request, MigrationStep.ANALYZE);
            }
            return null;
        }));
    }

    @Override
    public Verification verify(MigrationRequest request) {
        QualifiedName table = request.table();
        Verification verification = step(request, "verify " + request.twin(), () -> session.reading(jdbc -> {
            // One snapshot for both tables: the trigger writes both in the writers' own transactions, so they agree in any snapshot.
            jdbc.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
            String columns = MigrationSource.list(jdbc.queryForList("SELECT a.attname FROM pg_catalog.pg_attribute a WHERE a.attrelid ="
                    + " ?::pg_catalog.regclass AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '' ORDER BY a.attnum", String.class,
                    table.quoted()));
            String measure = request.options().checksum()
                    ? "SELECT count(*), coalesce(sum(('x' || substr(pg_catalog.md5(ROW(" + columns + ")::text), 1, 16))::bit(64)::bigint::numeric), 0)::text"
                    : "SELECT count(*), NULL::text";
            Object[] source = jdbc.queryForObject(measure + " FROM " + only(request) + table.quoted(),
                    (rs, n) -> new Object[] { rs.getLong(1), rs.getString(2) });
            Object[] twin = jdbc.queryForObject(measure + " FROM " + request.twin().quoted(), (rs, n) -> new Object[] { rs.getLong(1), rs.getString(2) });
            return new Verification((Long) source[0], (Long) twin[0], (String) source[1], (String) twin[1]);
        }));
        if (!verification.matches()) {
            throw new TableMigrationException("cannot swap " + table + " and " + request.twin() + ": they differ (" + verification + ");"
                    + " a write bypassed the sync trigger (session_replication_role = replica, a disabled trigger) or went to "
                    + request.twin() + " directly. Nothing was swapped: abort the migration and start again");
        }
        step(request, "record the verification of " + request.twin(), () -> session.inTransaction(request.settings().lockTimeout(), jdbc -> {
            if (requireState(jdbc, request, MigrationStep.VERIFY) != null) {
                jdbc.update("UPDATE " + stateTable(table).quoted() + " SET verified_rows = ? WHERE table_name = ?", verification.sourceRows(),
                        table.name());
                advance(jdbc, request, MigrationStep.VERIFY);
            }
            return null;
        }));
        log.info("Verified {} against {}: {}", request.twin(), table, verification);
        return verification;
    }

    @Override
    public void swap(MigrationRequest request) {
        QualifiedName table = request.table();
        QualifiedName twin = request.twin();
        step(request, "swap " + table + " and " + twin, () -> session.inTransaction(request.settings().lockTimeout(), jdbc -> {
            jdbc.execute(PartitionStatements.lock(table, "ACCESS EXCLUSIVE", false) + "; " + PartitionStatements.lock(twin, "ACCESS EXCLUSIVE", false));
            StateRow row = requireState(jdbc, request, MigrationStep.SWAP);
            if (row == null) {
                return null;
            }
            List<String> blockers = MigrationSource.swapBlockers(jdbc, table);
            if (!blockers.isEmpty()) {
                throw new TableMigrationException("cannot swap " + table + " and " + twin + ": " + String.join("; ", blockers));
            }
            List<String> statements = new ArrayList<>(SyncTrigger.remove(table, SyncTrigger.function(table.schema(), row.state().sourceOid())));
            statements.addAll(identityRestarts(jdbc, table, twin));
            List<String> ownedSequences = jdbc.queryForList("""
                    SELECT 'ALTER SEQUENCE ' || pg_catalog.quote_ident(sn.nspname) || '.' || pg_catalog.quote_ident(s.relname) || ' OWNED BY '
                           || ? || '.' || pg_catalog.quote_ident(a.attname)
                    FROM pg_catalog.pg_depend d
                    JOIN pg_catalog.pg_class s ON s.oid = d.objid AND s.relkind = 'S'
                    JOIN pg_catalog.pg_namespace sn ON sn.oid = s.relnamespace
                    JOIN pg_catalog.pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
                    WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass
                      AND d.refobjid = ?::pg_catalog.regclass AND d.deptype = 'a'
                    """, String.class, table.quoted(), table.quoted());
            statements.add("ALTER TABLE " + table.quoted() + " RENAME TO " + QualifiedName.quote(request.retired().name()));
            statements.add("ALTER TABLE " + twin.quoted() + " RENAME TO " + QualifiedName.quote(table.name()));
            List<String> names = row.indexNames();
            for (int i = 0; i + 1 < names.size(); i += 2) {
                String original = names.get(i);
                String copy = names.get(i + 1);
                String parked = "partsmith_swap_" + row.state().sourceOid() + "_" + (i / 2);
                statements.add(renameIndex(table.schema(), original, parked));
                statements.add(renameIndex(table.schema(), copy, original));
                statements.add(renameIndex(table.schema(), parked, copy));
            }
            statements.addAll(ownedSequences);
            // One round trip for all of it: writers wait for this transaction.
            jdbc.execute(String.join(";\n", statements));
            advance(jdbc, request, MigrationStep.SWAP);
            return null;
        }));
    }

    private static String renameIndex(String schema, String from, String to) {
        return "ALTER INDEX " + new QualifiedName(schema, from).quoted() + " RENAME TO " + QualifiedName.quote(to);
    }

    /** The twin's identity columns continue where the table's stopped: {@code RESTART WITH} its sequence's next value. */
    private static List<String> identityRestarts(JdbcTemplate jdbc, QualifiedName table, QualifiedName twin) {
        List<String> statements = new ArrayList<>();
        List<Map<String, Object>> identities = jdbc.queryForList("""
                SELECT a.attname AS name, pg_catalog.pg_get_serial_sequence(?, a.attname) AS sequence
                FROM pg_catalog.pg_attribute a
                WHERE a.attrelid = ?::pg_catalog.regclass AND a.attidentity <> '' AND NOT a.attisdropped
                ORDER BY a.attnum
                """, table.quoted(), table.quoted());
        for (Map<String, Object> identity : identities) {
            String sequence = (String) identity.get("sequence");
            Long next = jdbc.queryForObject("SELECT CASE WHEN s.is_called THEN s.last_value + q.seqincrement ELSE s.last_value END FROM "
                    + sequence + " s, pg_catalog.pg_sequence q WHERE q.seqrelid = ?::pg_catalog.regclass", Long.class, sequence);
            statements.add("ALTER TABLE " + twin.quoted() + " ALTER COLUMN " + QualifiedName.quote((String) identity.get("name")) + " RESTART WITH "
                    + next);
        }
        return statements;
    }

    @Override
    public Optional<MigrationState> abort(QualifiedName table, MaintenanceSettings settings) {
        Optional<StateRow> found = session.reading(jdbc -> readState(jdbc, table, false)).filter(row -> row.state().step() != MigrationStep.DONE);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        MigrationState state = found.get().state();
        QualifiedName twin = MigrationRequest.unpartition(table, settings, MigrationOptions.DEFAULTS).twin();
        String what = "abort the migration of " + table;
        retry(settings, "DROP TRIGGER " + SyncTrigger.ROW_TRIGGER + " ON " + table, what, () -> session.inTransaction(settings.lockTimeout(), jdbc -> {
            QualifiedName source = relation(jdbc, state.sourceOid());
            QualifiedName function = SyncTrigger.function(table.schema(), state.sourceOid());
            List<String> statements = source == null ? List.of("DROP FUNCTION IF EXISTS " + function.quoted() + "()")
                    : SyncTrigger.remove(source, function);
            statements.forEach(jdbc::execute);
            return null;
        }));
        QualifiedName recorded = session.reading(jdbc -> relation(jdbc, state.twinOid()));
        if (twin.equals(recorded)) {
            List<QualifiedName> partitions = session.reading(jdbc -> jdbc.query("""
                    SELECT n.nspname, c.relname FROM pg_catalog.pg_inherits i JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid
                    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE i.inhparent = ?::oid ORDER BY c.relname
                    """, (rs, n) -> new QualifiedName(rs.getString(1), rs.getString(2)), state.twinOid()));
            for (QualifiedName partition : partitions) {
                retry(settings, "DROP TABLE " + partition, what, () -> session.inTransaction(settings.lockTimeout(), jdbc -> {
                    jdbc.execute(PartitionStatements.drop(partition));
                    return null;
                }));
            }
            retry(settings, "DROP TABLE " + twin, what, () -> session.inTransaction(settings.lockTimeout(), jdbc -> {
                jdbc.execute(PartitionStatements.drop(twin));
                return null;
            }));
        }
        retry(settings, "DELETE FROM " + stateTable(table), what, () -> session.inTransaction(settings.lockTimeout(), jdbc -> {
            jdbc.update("DELETE FROM " + stateTable(table).quoted() + " WHERE table_name = ? AND step <> 'DONE'", table.name());
            return null;
        }));
        return Optional.of(state);
    }

    /** The schema and name of the relation with this OID; {@code null} when there is none. */
    private static QualifiedName relation(JdbcTemplate jdbc, long oid) {
        return jdbc.query("SELECT n.nspname, c.relname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE c.oid = ?::oid", rs -> rs.next() ? new QualifiedName(rs.getString(1), rs.getString(2)) : null, oid);
    }

    /** {@code ONLY } for a plain table, whose rows are its own; nothing for a partitioned one, whose rows are its partitions'. */
    private static String only(MigrationRequest request) {
        return request.direction() == MigrationDirection.PARTITION ? "ONLY " : "";
    }

    private static QualifiedName stateTable(QualifiedName table) {
        return new QualifiedName(table.schema(), STATE_TABLE);
    }

    /**
     * The state row, locked, when its step is {@code step}; {@code null} when the step was done already (by a call
     * that stopped before it could say so), so that running a step again changes nothing.
     *
     * @throws TableMigrationException when there is no state, or it is not the one this request expects
     */
    private static StateRow requireState(JdbcTemplate jdbc, MigrationRequest request, MigrationStep step) {
        StateRow row = readState(jdbc, request.table(), true).orElseThrow(() -> new TableMigrationException("cannot " + request.verb() + " "
                + request.table() + ": its migration state is gone from " + stateTable(request.table())));
        if (row.state().direction() != request.direction() || row.state().step().compareTo(step) < 0) {
            throw new TableMigrationException("cannot " + request.verb() + " " + request.table() + " at step " + step + ": its migration state"
                    + " says " + row.state().direction() + " at step " + row.state().step());
        }
        return row.state().step() == step ? row : null;
    }

    /** Records that {@code done} was done: the state names the step after it. */
    private static void advance(JdbcTemplate jdbc, MigrationRequest request, MigrationStep done) {
        jdbc.update("UPDATE " + stateTable(request.table()).quoted() + " SET step = ?, updated_at = pg_catalog.clock_timestamp() WHERE table_name = ?",
                MigrationPlanner.after(done, request.direction()).name(), request.table().name());
    }

    private static Optional<StateRow> readState(JdbcTemplate jdbc, QualifiedName table, boolean forUpdate) {
        QualifiedName stateTable = stateTable(table);
        if (!Boolean.TRUE.equals(jdbc.queryForObject("SELECT pg_catalog.to_regclass(?) IS NOT NULL", Boolean.class, stateTable.quoted()))) {
            return Optional.empty();
        }
        return jdbc.query("SELECT " + STATE_COLUMNS + " FROM " + stateTable.quoted() + " WHERE table_name = ?" + (forUpdate ? " FOR UPDATE" : ""),
                rs -> rs.next() ? Optional.of(new StateRow(new MigrationState(MigrationDirection.valueOf(rs.getString("direction")),
                        MigrationStep.valueOf(rs.getString("step")), rs.getLong("source_oid"), rs.getLong("twin_oid"), strings(rs.getArray("key_columns")),
                        strings(rs.getArray("bound")), strings(rs.getArray("cursor")), rs.getLong("copied_rows"), rs.getLong("estimated_rows"),
                        (Long) rs.getObject("verified_rows"), rs.getTimestamp("started_at").toInstant(), rs.getTimestamp("updated_at").toInstant()),
                        strings(rs.getArray("index_names")))) : Optional.<StateRow>empty(),
                table.name());
    }

    /**
     * The state and what only the repository reads of it.
     *
     * @param indexNames the table's index names and those of the twin's matching indexes, in pairs
     */
    private record StateRow(MigrationState state, List<String> indexNames) {
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? null : List.of((String[]) array.getArray());
    }

    private static String[] texts(List<String> values) {
        return values.toArray(String[]::new);
    }

    private static String excluded(String columns) {
        return Arrays.stream(columns.split(",")).map(String::trim).map(column -> "EXCLUDED." + column).collect(Collectors.joining(", "));
    }

    private static <T> T step(MigrationRequest request, String what, Supplier<T> attempt) {
        return retry(request.settings(), what, request.verb() + " " + request.table(), attempt);
    }

    /** Retries lock timeouts within the budget; keeps partsmith's own exceptions and words database errors with the step. */
    private static <T> T retry(MaintenanceSettings settings, String what, String migration, Supplier<T> attempt) {
        try {
            return LockTimeoutRetry.run(what, settings.retryBudget(), attempt);
        }
        catch (PartitionException ex) {
            throw ex;
        }
        catch (RuntimeException ex) {
            if (SqlStates.is(ex, SqlStates.QUERY_CANCELED)) {
                throw ex;
            }
            String state = SqlStates.of(ex);
            throw new PartitionException("could not " + what + " (" + migration + "): " + SqlStates.message(ex)
                    + (state == null ? "" : " [SQLSTATE " + state + "]") + "; the next call carries on", ex);
        }
    }
}
