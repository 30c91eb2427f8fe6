package dev.partsmith.it;

import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What the tests read back from PostgreSQL, in plain SQL of their own (not through partsmith's
 * provider), so that assertions do not trust the code under test.
 */
final class Catalog {

    private final JdbcTemplate jdbc;

    Catalog(DataSource dataSource) {
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

    /** Partition name to {@code pg_get_expr(relpartbound)} in a UTC session, ordered by name. */
    Map<String, String> bounds(String parent) {
        return jdbc.execute((ConnectionCallback<Map<String, String>>) connection -> {
            Map<String, String> bounds = new LinkedHashMap<>();
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET TIME ZONE 'UTC'");
                try (ResultSet rs = statement.executeQuery("SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i"
                        + " JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = " + literal(parent) + "::regclass"
                        + " AND c.relkind IN ('r','p') ORDER BY c.relname")) {
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

    List<String> partitions(String parent) {
        return List.copyOf(bounds(parent).keySet());
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

    boolean detachPending(String schema, String table) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT i.inhdetachpending FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = ?", Boolean.class, schema, table));
    }

    long count(String fromClause) {
        Long count = jdbc.queryForObject("SELECT count(*) FROM " + fromClause, Long.class);
        return count == null ? 0 : count;
    }

    /** Every relation name in a schema: for "nothing else changed" checks. */
    List<String> relations(String schema) {
        return jdbc.queryForList("SELECT c.relname || ':' || c.relkind::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? ORDER BY 1", String.class, schema);
    }

    /** Starts counting DDL commands in this database with an event trigger. */
    void recordDdl() {
        exec("CREATE TABLE IF NOT EXISTS public.ddl_log (id bigserial PRIMARY KEY, tag text NOT NULL)",
                "CREATE OR REPLACE FUNCTION public.log_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$"
                        + " BEGIN INSERT INTO public.ddl_log (tag) VALUES (tg_tag); END $$",
                "DROP EVENT TRIGGER IF EXISTS record_ddl",
                "CREATE EVENT TRIGGER record_ddl ON ddl_command_start EXECUTE FUNCTION public.log_ddl()");
    }

    /** DDL commands logged since {@link #recordDdl()}. */
    List<String> ddlLog() {
        return jdbc.queryForList("SELECT tag FROM public.ddl_log ORDER BY id", String.class);
    }

    void stopRecordingDdl() {
        exec("DROP EVENT TRIGGER IF EXISTS record_ddl", "TRUNCATE public.ddl_log");
    }

    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
