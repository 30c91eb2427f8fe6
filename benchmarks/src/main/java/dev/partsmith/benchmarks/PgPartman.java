package dev.partsmith.benchmarks;

import org.springframework.jdbc.core.JdbcTemplate;

/** How the harness drives pg_partman 4.7 (installed in schema {@code partman}). */
final class PgPartman {

    private PgPartman() {
    }

    /** {@code create_parent} for a monthly, native set starting at {@code start}, with pg_partman's own DEFAULT partition. */
    static String createParent(String table, String start, int premake) {
        return "SELECT partman.create_parent(p_parent_table := 'public." + table + "', p_control := 'created_at', p_type := 'native',"
                + " p_interval := 'monthly', p_premake := " + premake + ", p_start_partition := '" + start + "')";
    }

    /**
     * The {@code premake} with which {@code run_maintenance} keeps partitions up to exactly
     * {@code lastOffset} months ahead. pg_partman 4.7 counts premade partitions as the rounded age
     * of the newest one over 30-day months, so the number depends on the day of the month; this asks
     * the server the same question pg_partman asks.
     */
    static int premakeReaching(JdbcTemplate jdbc, int lastOffset) {
        Integer premake = jdbc.queryForObject("""
                SELECT round(EXTRACT(epoch FROM age(date_trunc('month', CURRENT_TIMESTAMP) + make_interval(months => ?), CURRENT_TIMESTAMP))
                             / EXTRACT(epoch FROM interval '1 month'))::int
                """, Integer.class, lastOffset);
        return premake;
    }

    /**
     * Sets every registered table to count ahead from the clock ({@code infinite_time_partitions},
     * as partsmith does, instead of from the newest row) with the given premake, and retention when
     * not {@code null} (dropping the tables, as partsmith does with a drop grace of zero).
     */
    static String configure(int premake, String retention) {
        return "UPDATE partman.part_config SET infinite_time_partitions = true, premake = " + premake
                + (retention == null ? "" : ", retention = '" + retention + "', retention_keep_table = false");
    }
}
