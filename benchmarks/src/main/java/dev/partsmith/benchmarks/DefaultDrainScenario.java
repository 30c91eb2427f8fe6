package dev.partsmith.benchmarks;

import java.time.temporal.ChronoUnit;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;

/**
 * Scenario 4: next month's rows sit in the DEFAULT partition because its partition does not exist.
 * Measured: the time until the partition is attached with every row and DEFAULT is empty, and the
 * latency of an open-loop insert load into the current month meanwhile. partsmith's maintenance,
 * pg_partman's {@code partition_data_time} + {@code run_maintenance}, and the raw floor: one psql
 * transaction that creates the table, moves the rows and attaches it.
 */
final class DefaultDrainScenario {

    static final String NAME = "4 DEFAULT drain";

    /**
     * The newest month wanted afterwards. pg_partman's smallest premake (1) counts the month after
     * next as well on some days of the month, so every contender keeps two months ahead.
     */
    static final int LAST = 2;

    private final BenchmarkSettings settings;
    private final Results results;

    DefaultDrainScenario(BenchmarkSettings settings, Results results) {
        this.settings = settings;
        this.results = results;
    }

    void run() {
        for (int run = 1; run <= settings.drainRuns(); run++) {
            for (Contender contender : Contender.values()) {
                run(run, contender);
            }
        }
    }

    private void run(int run, Contender contender) {
        Tables tables = Tables.now();
        int rows = settings.drainRows();
        try (BenchDatabase db = BenchDatabase.create("drain", contender)) {
            setUp(db, tables, contender, rows);
            HikariDataSource loadPool = db.pool("load", settings.loadWorkers());
            Partsmith partsmith = new Partsmith(db.pool("partsmith", 3));
            String next = "public." + tables.child("events", 1);
            // The floor: no indexes until ATTACH builds them in bulk, no lock beyond what the statements take.
            String script = "BEGIN;\n" + "CREATE TABLE " + next + " (LIKE public.events INCLUDING DEFAULTS INCLUDING CONSTRAINTS"
                    + " INCLUDING STORAGE INCLUDING COMMENTS INCLUDING GENERATED INCLUDING STATISTICS);\n"
                    + "WITH moved AS (DELETE FROM public.events_default WHERE created_at >= '" + tables.from(1) + "' AND created_at < '"
                    + tables.to(1) + "' RETURNING *) INSERT INTO " + next + " SELECT * FROM moved;\n"
                    + "ALTER TABLE public.events ATTACH PARTITION " + next + " FOR VALUES FROM ('" + tables.from(1) + "') TO ('"
                    + tables.to(1) + "');\n" + "COMMIT;\n" + tables.createAndAttach("events", LAST);

            LoadGenerator load = new LoadGenerator(loadPool, Math.max(1, settings.insertRate() / 2), settings.loadWorkers());
            Latencies latencies;
            long drain;
            try (load) {
                load.start();
                WritersScenario.pause(settings.warmup());
                long started = System.nanoTime();
                switch (contender) {
                    case PARTSMITH -> {
                        long moved = partsmith.maintain(List.of(Tables.config("events", LAST + 1, null))).get(0).movedRowCount();
                        if (moved != rows) {
                            throw new IllegalStateException("partsmith moved " + moved + " rows, not " + rows);
                        }
                    }
                    case PG_PARTMAN -> {
                        db.jdbc().queryForObject("SELECT partman.partition_data_time('public.events', p_batch_count := 10, p_analyze := false)",
                                Long.class);
                        db.jdbc().execute("SELECT partman.run_maintenance('public.events')");
                    }
                    case RAW_DDL -> db.psql(script);
                }
                drain = System.nanoTime() - started;
                WritersScenario.pause(settings.tail());
                latencies = load.stop();
            }
            tables.verify(db.jdbc(), List.of("events"), -1, LAST);
            Long left = db.jdbc().queryForObject("SELECT count(*) FROM ONLY public.events_default", Long.class);
            Long placed = db.jdbc().queryForObject("SELECT count(*) FROM public.events WHERE created_at >= '" + tables.from(1)
                    + "' AND created_at < '" + tables.to(1) + "'", Long.class);
            if (left == null || left != 0 || placed == null || placed != rows) {
                throw new IllegalStateException(contender.label() + " left " + left + " rows in DEFAULT and placed " + placed + " of " + rows);
            }
            String caseName = String.format("%,d rows", rows);
            results.add(NAME, caseName, "attached and DEFAULT empty", "ms", contender, drain / 1e6);
            results.add(NAME, caseName, "insert max", "ms", contender, latencies.maxMillis());
            results.add(NAME, caseName, "insert p99", "ms", contender, latencies.percentileMillis(0.99));
            results.add(NAME, caseName, "inserts slower than 100 ms", "count", contender, latencies.slow());
            results.add(NAME, caseName, "failed inserts", "count", contender, latencies.failures());
            Progress.say("%s %s run %d: %s %.0f ms, %d inserts, p99 %.1f ms, max %.0f ms, %d slow, %d failed", NAME, caseName, run,
                    contender.label(), drain / 1e6, latencies.count(), latencies.percentileMillis(0.99), latencies.maxMillis(),
                    latencies.slow(), latencies.failures());
        }
    }

    private static void setUp(BenchDatabase db, Tables tables, Contender contender, int rows) {
        if (contender == Contender.PG_PARTMAN) {
            db.psql(Tables.parent("events"));
            // premake 0 is refused; the extra month it makes is dropped, as if maintenance had not run yet.
            db.jdbc().queryForObject(PgPartman.createParent("events", tables.from(-1), 1), Boolean.class);
            db.jdbc().execute("DROP TABLE public." + tables.child("events", 1));
            db.jdbc().update(PgPartman.configure(PgPartman.premakeReaching(db.jdbc(), LAST), null));
        }
        else {
            db.psql(Tables.parent("events") + Tables.defaultPartition("events") + tables.partitionOf("events", -1)
                    + tables.partitionOf("events", 0));
        }
        tables.verify(db.jdbc(), List.of("events"), -1, 0);
        long seconds = ChronoUnit.SECONDS.between(tables.month(1).atDay(1).atStartOfDay(), tables.month(2).atDay(1).atStartOfDay());
        db.jdbc().update("INSERT INTO public.events (id, created_at, device_id, reading, payload) SELECT g, timestamptz '" + tables.from(1)
                + "' + (g % " + seconds + ") * interval '1 second', g % 1000, g, 'stray' FROM generate_series(1, " + rows + ") g");
        db.jdbc().execute("VACUUM ANALYZE public.events");
    }
}
