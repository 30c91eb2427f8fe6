package dev.partsmith.autoconfigure.it;

import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/** What the tests read back from PostgreSQL in SQL of their own, so that assertions do not trust partsmith's reading. */
final class TestCatalog {

    private final JdbcTemplate jdbc;

    TestCatalog(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    JdbcTemplate jdbc() {
        return jdbc;
    }

    /** Partition name to {@code pg_get_expr(relpartbound)} as printed in a UTC session, ordered by name. */
    Map<String, String> partitions(String parent) {
        return jdbc.execute((ConnectionCallback<Map<String, String>>) connection -> {
            Map<String, String> bounds = new LinkedHashMap<>();
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET TIME ZONE 'UTC'");
                try (ResultSet rs = statement.executeQuery("SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i"
                        + " JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = '" + parent + "'::regclass ORDER BY c.relname")) {
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

    boolean exists(String table) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT to_regclass(?) IS NOT NULL", Boolean.class, table));
    }

    long count(String sql, Object... args) {
        Long count = jdbc.queryForObject(sql, Long.class, args);
        return count == null ? 0 : count;
    }
}
