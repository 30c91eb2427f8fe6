package dev.partsmith.benchmarks;

import java.util.List;

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

    /**
     * pg_partman 4.7's online partitioning of {@code public.events}, as its HowTo ("Online Partitioning") describes it:
     * a new partitioned table with a template holding the primary key, {@code create_parent} starting after the data,
     * its DEFAULT dropped; in one transaction both tables locked {@code ACCESS EXCLUSIVE}, the names swapped and the
     * old table attached as the DEFAULT partition; then {@code partition_data_proc} moves the rows out of DEFAULT
     * into monthly partitions (no wait between batches), and {@code run_maintenance} makes the partitions ahead.
     */
    static void partitionOnline(BenchDatabase db) {
        JdbcTemplate jdbc = db.jdbc();
        db.psql("""
                CREATE TABLE public.events_new (LIKE public.events INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE INCLUDING COMMENTS)
                    PARTITION BY RANGE (created_at);
                CREATE INDEX ON public.events_new (device_id, created_at);
                CREATE TABLE public.events_template (LIKE public.events);
                ALTER TABLE public.events_template ADD PRIMARY KEY (id);
                SELECT partman.create_parent('public.events_new', 'created_at', 'native', 'monthly', p_template_table := 'public.events_template',
                    p_premake := 1, p_start_partition := (date_trunc('month', now()) + interval '1 month')::text);
                DROP TABLE public.events_new_default;
                UPDATE partman.part_config SET parent_table = 'public.events', premake = 2 WHERE parent_table = 'public.events_new';
                """);
        List<String> children = jdbc.queryForList("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                + " WHERE i.inhparent = 'public.events_new'::regclass", String.class);
        StringBuilder swap = new StringBuilder("""
                BEGIN;
                LOCK TABLE public.events IN ACCESS EXCLUSIVE MODE;
                LOCK TABLE public.events_new IN ACCESS EXCLUSIVE MODE;
                ALTER TABLE public.events RENAME TO events_default;
                ALTER TABLE public.events_new RENAME TO events;
                """);
        for (String child : children) {
            swap.append("ALTER TABLE public.").append(child).append(" RENAME TO ").append(child.replace("events_new_", "events_")).append(";\n");
        }
        swap.append("ALTER SEQUENCE public.events_id_seq OWNED BY public.events.id;\n");
        swap.append("ALTER TABLE public.events ATTACH PARTITION public.events_default DEFAULT;\nCOMMIT;\n");
        db.psql(swap.toString());
        jdbc.execute("CALL partman.partition_data_proc('public.events', p_batch := 100, p_wait := 0, p_quiet := true)");
        jdbc.execute("VACUUM ANALYZE public.events");
        jdbc.execute("SELECT partman.run_maintenance('public.events')");
    }
}
