package dev.partsmith.test;

import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What tests read back from PostgreSQL, in plain SQL of their own (never through partsmith's
 * metadata provider), so that assertions do not trust the code under test; and the few things tests
 * do to a database behind partsmith's back (terminating backends, recording DDL).
 */
public final class TestCatalog {

    private final JdbcTemplate jdbc;

    public TestCatalog(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    public JdbcTemplate jdbc() {
        return jdbc;
    }

    public void exec(String... statements) {
        for (String statement : statements) {
            jdbc.execute(statement);
        }
    }

    /** Partition name to {@code pg_get_expr(relpartbound)} printed in a UTC session, ordered by name. */
    public Map<String, String> bounds(String parent) {
        return jdbc.execute((ConnectionCallback<Map<String, String>>) connection -> {
            Map<String, String> bounds = new LinkedHashMap<>();
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET TIME ZONE 'UTC'");
                try (ResultSet rs = statement.executeQuery("SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i"
                        + " JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = " + literal(parent) + "::regclass"
                        + " AND c.relkind IN ('r', 'p', 'f') ORDER BY c.relname")) {
                    while (rs.next()) {
                        bounds.put(rs.getString(1), rs.getString(2));
                    }
                }
                finally {
                    statement.execute("RESET TIME ZONE");
                }
            }
            return bounds;
        });
    }

    /** Names of the parent's partitions, ordered. */
    public List<String> partitions(String parent) {
        return List.copyOf(bounds(parent).keySet());
    }

    public boolean exists(String schema, String table) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT EXISTS (SELECT FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? AND c.relname = ?)", Boolean.class, schema, table));
    }

    /** Whether a relation of this name, as SQL would write it ({@code public."Event Log"}), exists. */
    public boolean exists(String qualifiedSqlName) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT to_regclass(?) IS NOT NULL", Boolean.class, qualifiedSqlName));
    }

    public boolean isPartition(String schema, String table) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT EXISTS (SELECT FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? AND c.relname = ? AND c.relispartition)", Boolean.class, schema, table));
    }

    public String comment(String schema, String table) {
        return jdbc.queryForObject("SELECT obj_description(c.oid, 'pg_class') FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? AND c.relname = ?", String.class, schema, table);
    }

    public String owner(String schema, String table) {
        return jdbc.queryForObject("SELECT pg_get_userbyid(c.relowner) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? AND c.relname = ?", String.class, schema, table);
    }

    public boolean detachPending(String schema, String table) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT coalesce(bool_or(i.inhdetachpending), false) FROM pg_inherits i"
                + " JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? AND c.relname = ?", Boolean.class, schema, table));
    }

    /** {@code SELECT count(*) FROM <fromClause>}. */
    public long count(String fromClause) {
        return queryLong("SELECT count(*) FROM " + fromClause);
    }

    /** A query returning one number. */
    public long queryLong(String sql, Object... args) {
        Long value = jdbc.queryForObject(sql, Long.class, args);
        return value == null ? 0 : value;
    }

    /** Every relation of a schema as {@code name:relkind}: for "nothing else changed" checks. */
    public List<String> relations(String schema) {
        return jdbc.queryForList("SELECT c.relname || ':' || c.relkind::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? ORDER BY 1", String.class, schema);
    }

    /** Rows in every plain table of a schema: attached partitions, DEFAULT and detached tables alike. */
    public long rowsInSchema(String schema) {
        long rows = 0;
        for (String table : jdbc.queryForList("SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname) FROM pg_class c"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relkind = 'r'", String.class, schema)) {
            rows += count(table);
        }
        return rows;
    }

    /** Advisory locks held in this database (by anyone). */
    public long advisoryLocks() {
        return count("pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())");
    }

    /** Backends of this database whose {@code application_name} is {@code application}. */
    public long backends(String application) {
        return queryLong("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = ?", application);
    }

    /**
     * The pid of a backend of {@code application} running a statement that starts with {@code queryStart},
     * or {@code null}; {@code waitingOnLock} asks for one waiting for a heavyweight lock.
     */
    public Integer backendRunning(String application, String queryStart, boolean waitingOnLock) {
        List<Integer> pids = jdbc.queryForList("SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
                + " AND application_name = ? AND state = 'active' AND starts_with(query, ?)"
                + (waitingOnLock ? " AND wait_event_type = 'Lock'" : ""), Integer.class, application, queryStart);
        return pids.isEmpty() ? null : pids.get(0);
    }

    /** The pid of the backend holding an advisory lock in this database, or {@code null}. */
    public Integer advisoryLockHolder() {
        List<Integer> pids = jdbc.queryForList("SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted"
                + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())", Integer.class);
        return pids.isEmpty() ? null : pids.get(0);
    }

    public boolean terminate(int pid) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT pg_terminate_backend(?)", Boolean.class, pid));
    }

    /**
     * Everything a maintenance run could change in the database's own schemas: each relation with its kind,
     * owner, comment, parent and bound, and each plain table's rows. Two equal snapshots mean nothing
     * was created, attached, detached, dropped, marked or moved.
     */
    public List<String> snapshot() {
        List<String> lines = new ArrayList<>();
        for (String schema : jdbc.queryForList("SELECT nspname FROM pg_namespace WHERE nspname !~ '^pg_' AND nspname <> 'information_schema'"
                + " ORDER BY nspname", String.class)) {
            lines.addAll(jdbc.queryForList("""
                    SELECT format('%s.%s kind=%s owner=%s comment=%s parent=%s bound=%s', n.nspname, c.relname, c.relkind,
                                  pg_get_userbyid(c.relowner), obj_description(c.oid, 'pg_class'), i.inhparent::regclass,
                                  pg_get_expr(c.relpartbound, c.oid))
                    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    LEFT JOIN pg_inherits i ON i.inhrelid = c.oid
                    WHERE n.nspname = ? ORDER BY c.relname
                    """, String.class, schema));
            for (String table : jdbc.queryForList("SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname) FROM pg_class c"
                    + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relkind = 'r' ORDER BY c.relname",
                    String.class, schema)) {
                lines.add(table + " rows=" + jdbc.queryForObject("SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), ''))"
                        + " FROM " + table + " t", String.class));
            }
        }
        lines.addAll(jdbc.queryForList("SELECT 'schema ' || nspname FROM pg_namespace ORDER BY nspname", String.class));
        lines.add("advisory locks " + advisoryLocks());
        return lines;
    }

    /** Starts counting DDL commands in this database with an event trigger. */
    public void recordDdl() {
        exec("CREATE TABLE IF NOT EXISTS public.ddl_log (id bigserial PRIMARY KEY, tag text NOT NULL)",
                "CREATE OR REPLACE FUNCTION public.log_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$"
                        + " BEGIN INSERT INTO public.ddl_log (tag) VALUES (tg_tag); END $$",
                "DROP EVENT TRIGGER IF EXISTS record_ddl",
                "CREATE EVENT TRIGGER record_ddl ON ddl_command_start EXECUTE FUNCTION public.log_ddl()");
    }

    /** DDL commands logged since {@link #recordDdl()}. */
    public List<String> ddlLog() {
        return jdbc.queryForList("SELECT tag FROM public.ddl_log ORDER BY id", String.class);
    }

    public void stopRecordingDdl() {
        exec("DROP EVENT TRIGGER IF EXISTS record_ddl", "TRUNCATE public.ddl_log");
    }

    /** A SQL string literal. */
    public static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
