package dev.partsmith.faults;

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
 * What the fault tests read back from PostgreSQL, in plain SQL of their own (never through
 * partsmith's metadata provider), so that assertions do not trust the code under test.
 */
final class Db {

    private final JdbcTemplate jdbc;

    Db(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    JdbcTemplate jdbc() {
        return jdbc;
    }

    void exec(String... statements) {
        for (String statement : statements) {
            jdbc.execute(statement);
        }
    }

    /** Partition name to {@code pg_get_expr(relpartbound)} printed in a UTC session, ordered by name. */
    Map<String, String> bounds(String parent) {
        return jdbc.execute((ConnectionCallback<Map<String, String>>) connection -> {
            Map<String, String> bounds = new LinkedHashMap<>();
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET TIME ZONE 'UTC'");
                try (ResultSet rs = statement.executeQuery("SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i"
                        + " JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = " + literal(parent) + "::regclass"
                        + " ORDER BY c.relname")) {
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

    boolean exists(String schema, String table) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT EXISTS (SELECT FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? AND c.relname = ?)", Boolean.class, schema, table));
    }

    boolean isPartition(String schema, String table) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT EXISTS (SELECT FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? AND c.relname = ? AND c.relispartition)", Boolean.class, schema, table));
    }

    String comment(String schema, String table) {
        return jdbc.queryForObject("SELECT obj_description(c.oid, 'pg_class') FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? AND c.relname = ?", String.class, schema, table);
    }

    String owner(String schema, String table) {
        return jdbc.queryForObject("SELECT pg_get_userbyid(c.relowner) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? AND c.relname = ?", String.class, schema, table);
    }

    boolean detachPending(String schema, String table) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT coalesce(bool_or(i.inhdetachpending), false) FROM pg_inherits i"
                + " JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? AND c.relname = ?", Boolean.class, schema, table));
    }

    long count(String fromClause) {
        Long count = jdbc.queryForObject("SELECT count(*) FROM " + fromClause, Long.class);
        return count == null ? 0 : count;
    }

    /** Rows in every plain table of a schema: attached partitions, DEFAULT and detached tables alike. */
    long rowsInSchema(String schema) {
        long rows = 0;
        for (String table : jdbc.queryForList("SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname) FROM pg_class c"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relkind = 'r'", String.class, schema)) {
            rows += count(table);
        }
        return rows;
    }

    /** Advisory locks held in this database (by anyone). */
    long advisoryLocks() {
        return count("pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())");
    }

    /** Backends of this database whose {@code application_name} is {@code application}. */
    long backends(String application) {
        Long count = jdbc.queryForObject("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = ?",
                Long.class, application);
        return count == null ? 0 : count;
    }

    /**
     * The pid of a backend of {@code application} running a statement that starts with {@code queryStart},
     * or {@code null}; {@code waitingOnLock} asks for one waiting for a heavyweight lock.
     */
    Integer backendRunning(String application, String queryStart, boolean waitingOnLock) {
        List<Integer> pids = jdbc.queryForList("SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
                + " AND application_name = ? AND state = 'active' AND starts_with(query, ?)"
                + (waitingOnLock ? " AND wait_event_type = 'Lock'" : ""), Integer.class, application, queryStart);
        return pids.isEmpty() ? null : pids.get(0);
    }

    /** The pid of the backend holding an advisory lock in this database, or {@code null}. */
    Integer advisoryLockHolder() {
        List<Integer> pids = jdbc.queryForList("SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted"
                + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())", Integer.class);
        return pids.isEmpty() ? null : pids.get(0);
    }

    boolean terminate(int pid) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT pg_terminate_backend(?)", Boolean.class, pid));
    }

    /**
     * Everything a maintenance run could change in the database's own schemas: each relation with its kind,
     * owner, comment, parent and bound, and each plain table's rows. Two equal snapshots mean nothing
     * was created, attached, detached, dropped, marked or moved.
     */
    List<String> snapshot() {
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

    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
