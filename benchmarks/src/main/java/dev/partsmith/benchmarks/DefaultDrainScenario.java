package dev.partsmith.benchmarks;

import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.core.NestedExceptionUtils;

import dev.partsmith.lifecycle.MaintenanceResult;

/**
 * Scenario 4: next month's rows sit in the DEFAULT partition because its partition does not exist.
 * Measured: the time until the partition is attached with every row and DEFAULT is empty, the
 * latency of an open-loop insert load into the current month meanwhile, and what happens to an
 * application that keeps writing the month being drained (updates of its rows, new rows): updates
 * lost, writes failed, rows left in DEFAULT. partsmith's maintenance, pg_partman's
 * {@code partition_data_time} + {@code run_maintenance}, and the raw floor: one psql transaction
 * that creates the table, moves the rows and attaches it.
 */
final class DefaultDrainScenario {

    static final String NAME = "4 DEFAULT drain";

    /**
     * The newest month wanted afterwards. pg_partman's smallest premake (1) counts the month after
     * next as well on some days of the month, so every contender keeps two months ahead.
     */
    static final int LAST = 2;

    private final BenchmarkSettings settings;
    private final List<Contender> contenders;
    private final Results results;

    DefaultDrainScenario(BenchmarkSettings settings, List<Contender> contenders, Results results) {
        this.settings = settings;
        this.contenders = contenders;
        this.results = results;
    }

    void run() {
        for (boolean monthWritten : new boolean[] { false, true }) {
            for (int run = 1; run <= settings.drainRuns(); run++) {
                for (Contender contender : contenders) {
                    run(run, contender, monthWritten);
                }
            }
        }
    }

    /**
     * @param monthWritten whether an application keeps writing the month being drained (updating its
     *        rows, adding rows) while it is drained
     */
    private void run(int run, Contender contender, boolean monthWritten) {
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
            DrainingMonthWriter monthWriter = new DrainingMonthWriter(db.pool("month-writer", 4), Math.max(1, settings.insertRate() / 5), rows,
                    tables.month(1).atDay(1).atStartOfDay().atOffset(ZoneOffset.UTC),
                    tables.month(2).atDay(1).atStartOfDay().atOffset(ZoneOffset.UTC));
            Latencies latencies;
            long drain;
            String failure = null;
            try (load; monthWriter) {
                load.start();
                if (monthWritten) {
                    monthWriter.start();
                }
                WritersScenario.pause(settings.warmup());
                long started = System.nanoTime();
                try {
                    drain(db, contender, partsmith, script, rows);
                }
                catch (RuntimeException ex) {
                    // A contender whose drain fails is measured as such (its transaction rolled back): the rows must still all be there.
                    failure = NestedExceptionUtils.getMostSpecificCause(ex).getMessage().lines().findFirst().orElse("");
                }
                drain = System.nanoTime() - started;
                WritersScenario.pause(settings.tail());
                monthWriter.stop();
                latencies = load.stop();
            }
            long left = count(db, "ONLY public.events_default");
            long placed = count(db, "public.events WHERE created_at >= '" + tables.from(1) + "' AND created_at < '" + tables.to(1) + "'");
            long expected = rows + monthWriter.inserts();
            if (placed != expected) {
                throw new IllegalStateException(contender.label() + " holds " + placed + " rows of the drained month, not " + expected);
            }
            if (failure == null) {
                tables.verify(db.jdbc(), List.of("events"), -1, LAST);
            }
            String caseName = String.format("%,d rows", rows) + (monthWritten ? ", month still written" : "");
            if (failure == null) {
                results.add(NAME, caseName, "attached and DEFAULT empty", "ms", contender, drain / 1e6);
            }
            results.add(NAME, caseName, "drains that failed", "count", contender, failure == null ? 0 : 1);
            results.add(NAME, caseName, "insert max", "ms", contender, latencies.maxMillis());
            results.add(NAME, caseName, "insert p99", "ms", contender, latencies.percentileMillis(0.99));
            results.add(NAME, caseName, "inserts slower than 100 ms", "count", contender, latencies.slow());
            results.add(NAME, caseName, "failed inserts", "count", contender, latencies.failures());
            if (monthWritten) {
                results.add(NAME, caseName, "updates of the drained month lost", "count", contender, monthWriter.lostUpdates());
                results.add(NAME, caseName, "writes into the drained month failed", "count", contender, monthWriter.failedWrites());
            }
            results.add(NAME, caseName, "rows left in DEFAULT", "count", contender, left);
            Progress.say("%s %s run %d: %s %s %.0f ms, %d inserts, p99 %.1f ms, max %.0f ms, %d slow, %d failed; drained month: %d of %d updates"
                    + " lost, %d writes failed, %d rows left in DEFAULT", NAME, caseName, run, contender.label(),
                    failure == null ? "drained in" : "failed (" + failure + ") after", drain / 1e6, latencies.count(),
                    latencies.percentileMillis(0.99), latencies.maxMillis(), latencies.slow(), latencies.failures(), monthWriter.lostUpdates(),
                    monthWriter.updates(), monthWriter.failedWrites(), left);
        }
    }

    private static void drain(BenchDatabase db, Contender contender, Partsmith partsmith, String script, int rows) {
        switch (contender) {
            case PARTSMITH -> {
                MaintenanceResult result = partsmith.maintain(List.of(Tables.config("events", LAST + 1, null))).get(0);
                if (!result.success() || result.movedRowCount() < rows) {
                    throw new IllegalStateException("partsmith moved " + result.movedRowCount() + " rows of " + rows + ": " + result.error());
                }
            }
            case PG_PARTMAN -> {
                db.jdbc().queryForObject("SELECT partman.partition_data_time('public.events', p_batch_count := 10, p_analyze := false)",
                        Long.class);
                db.jdbc().execute("SELECT partman.run_maintenance('public.events')");
            }
            case RAW_DDL -> db.psql(script);
        }
    }

    private static long count(BenchDatabase db, String fromClause) {
        Long count = db.jdbc().queryForObject("SELECT count(*) FROM " + fromClause, Long.class);
        return count == null ? 0 : count;
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
