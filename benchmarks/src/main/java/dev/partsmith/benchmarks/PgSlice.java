package dev.partsmith.benchmarks;

import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * pgslice's method of partitioning an existing table, step by step in SQL. pgslice is a Ruby program and is
 * not installed here; these are the statements its commands run (pgslice 0.6, PostgreSQL 11+ declarative
 * partitioning), as its source writes them:
 * <ol>
 * <li>{@code prep}: an intermediate table {@code LIKE} the table (defaults, constraints, storage, comments),
 * partitioned by range, with the table's indexes;</li>
 * <li>{@code add_partitions --intermediate --past N --future M}: one partition per month, each with the
 * table's primary key (a partitioned table's primary key would have to include the partition column);</li>
 * <li>{@code fill}: {@code INSERT INTO intermediate SELECT ... WHERE id > x AND id <= x + batch} in batches of
 * 10,000 ids up to the highest id when the fill starts, within the partitions' range;</li>
 * <li>{@code analyze}, then {@code swap}: in one transaction with {@code lock_timeout} 5 s, the table renamed
 * {@code _retired}, the intermediate table renamed to the table, the sequence owned by the new table;</li>
 * <li>{@code fill --swapped}: the rows the retired table received after the first fill, by id, into the new table.</li>
 * </ol>
 * Nothing carries updates or deletes made during the fill over: pgslice's own documentation says so.
 */
final class PgSlice {

    private static final DateTimeFormatter SUFFIX = DateTimeFormatter.ofPattern("uuuuMM");
    private static final String COLUMNS = "id, created_at, device_id, reading, payload";
    private static final int BATCH = 10_000;

    private PgSlice() {
    }

    /** Runs every step on {@code public.events}, with partitions from {@code past} months ago to {@code future} months ahead. */
    static void partition(BenchDatabase db, int past, int future) {
        JdbcTemplate jdbc = db.jdbc();
        YearMonth current = YearMonth.now(ZoneOffset.UTC);
        StringBuilder prep = new StringBuilder("""
                CREATE TABLE public.events_intermediate (LIKE public.events INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE
                    INCLUDING COMMENTS) PARTITION BY RANGE (created_at);
                CREATE INDEX ON public.events_intermediate (device_id, created_at);
                COMMENT ON TABLE public.events_intermediate IS 'column:created_at,period:month,cast:timestamptz,version:3';
                """);
        for (int offset = -past; offset <= future; offset++) {
            YearMonth month = current.plusMonths(offset);
            String partition = "public.events_" + SUFFIX.format(month);
            prep.append("CREATE TABLE ").append(partition).append(" PARTITION OF public.events_intermediate FOR VALUES FROM ('")
                    .append(month.atDay(1)).append("') TO ('").append(month.plusMonths(1).atDay(1)).append("');\n");
            prep.append("ALTER TABLE ").append(partition).append(" ADD PRIMARY KEY (id);\n");
        }
        db.psql(prep.toString());
        String range = " AND created_at >= '" + current.plusMonths(-past).atDay(1) + "' AND created_at < '" + current.plusMonths(future + 1).atDay(1)
                + "'";
        long maxSource = jdbc.queryForObject("SELECT max(id) FROM public.events", Long.class);
        long start = jdbc.queryForObject("SELECT min(id) - 1 FROM public.events", Long.class);
        fill(jdbc, "public.events", "public.events_intermediate", start, maxSource, range);
        jdbc.execute("ANALYZE VERBOSE public.events_intermediate");
        jdbc.execute("BEGIN; SET LOCAL lock_timeout = '5s'; ALTER TABLE public.events RENAME TO events_retired;"
                + " ALTER TABLE public.events_intermediate RENAME TO events; ALTER SEQUENCE public.events_id_seq OWNED BY public.events.id; COMMIT");
        long maxRetired = jdbc.queryForObject("SELECT max(id) FROM public.events_retired", Long.class);
        long copied = jdbc.queryForObject("SELECT coalesce(max(id), 0) FROM public.events WHERE id <= ?", Long.class, maxRetired);
        fill(jdbc, "public.events_retired", "public.events", copied, maxRetired, range);
    }

    private static void fill(JdbcTemplate jdbc, String source, String destination, long from, long to, String range) {
        for (long id = from; id < to; id += BATCH) {
            jdbc.update("INSERT INTO " + destination + " (" + COLUMNS + ") SELECT " + COLUMNS + " FROM " + source + " WHERE id > " + id
                    + " AND id <= " + (id + BATCH) + range);
        }
    }
}
