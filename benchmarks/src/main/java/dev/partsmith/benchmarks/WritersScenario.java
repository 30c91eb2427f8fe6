package dev.partsmith.benchmarks;

import java.time.Duration;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;

/**
 * Scenario 3: an open-loop insert load into {@code events} while one maintenance pass creates the
 * eleven missing future months and retires the three months past retention (DEFAULT partition
 * present, as pg_partman always makes one). Once with nothing in the way, once with a transaction
 * that read the parent and stays open, once with one that read the DEFAULT partition.
 */
final class WritersScenario {

    static final String NAME = "3 writers during maintenance";

    /** Partitions before the pass: 14 months back to next month; after: 11 back to 12 ahead. */
    static final int OLDEST = -14;
    static final int NEWEST = 1;
    static final int RETENTION = 12;

    enum Obstacle {
        NONE("nothing in the way", null),
        PARENT_READER("long reader on the parent", "public.events"),
        DEFAULT_READER("long reader on DEFAULT", "public.events_default");

        final String label;
        final String relation;

        Obstacle(String label, String relation) {
            this.label = label;
            this.relation = relation;
        }
    }

    private final BenchmarkSettings settings;
    private final List<Contender> contenders;
    private final Results results;

    WritersScenario(BenchmarkSettings settings, List<Contender> contenders, Results results) {
        this.settings = settings;
        this.contenders = contenders;
        this.results = results;
    }

    void run() {
        for (int run = 1; run <= settings.writersRuns(); run++) {
            for (Obstacle obstacle : Obstacle.values()) {
                for (Contender contender : contenders) {
                    run(run, obstacle, contender);
                }
            }
        }
    }

    private void run(int run, Obstacle obstacle, Contender contender) {
        Tables tables = Tables.now();
        int last = settings.monthsAhead();
        try (BenchDatabase db = BenchDatabase.create("writers", contender)) {
            setUp(db, tables, contender, last);
            HikariDataSource loadPool = db.pool("load", settings.loadWorkers());
            HikariDataSource readerPool = db.pool("reader", 1);
            Partsmith partsmith = new Partsmith(db.pool("partsmith", 3));
            String script = rawScript(tables, last);

            LoadGenerator load = new LoadGenerator(loadPool, settings.insertRate(), settings.loadWorkers());
            Latencies latencies;
            long maintenance;
            try (load) {
                load.start();
                pause(settings.warmup());
                LongReader reader = obstacle.relation == null ? null : new LongReader(readerPool, obstacle.relation, settings.readerHold());
                if (reader != null) {
                    reader.start();
                }
                long started = System.nanoTime();
                switch (contender) {
                    case PARTSMITH -> partsmith.maintain(List.of(Tables.config("events", last + 1, RETENTION)));
                    case PG_PARTMAN -> db.jdbc().execute("SELECT partman.run_maintenance('public.events')");
                    case RAW_DDL -> db.psql(script);
                }
                maintenance = System.nanoTime() - started;
                if (reader != null) {
                    reader.awaitEnd();
                }
                pause(settings.tail());
                latencies = load.stop();
            }
            tables.verify(db.jdbc(), List.of("events"), -(RETENTION - 1), last);
            Integer leftovers = db.jdbc().queryForObject("SELECT count(*) FROM pg_catalog.pg_class WHERE relname LIKE 'events%' AND relkind = 'r'"
                    + " AND NOT relispartition", Integer.class);
            if (leftovers != null && leftovers != 0) {
                throw new IllegalStateException(contender.label() + " left " + leftovers + " retired tables undropped");
            }
            String caseName = obstacle.label;
            results.add(NAME, caseName, "maintenance pass", "ms", contender, maintenance / 1e6);
            results.add(NAME, caseName, "insert p50", "ms", contender, latencies.percentileMillis(0.50));
            results.add(NAME, caseName, "insert p99", "ms", contender, latencies.percentileMillis(0.99));
            results.add(NAME, caseName, "insert max", "ms", contender, latencies.maxMillis());
            results.add(NAME, caseName, "inserts slower than 100 ms", "count", contender, latencies.slow());
            results.add(NAME, caseName, "failed inserts", "count", contender, latencies.failures());
            Progress.say("%s, %s, run %d: %s pass %.0f ms, %d inserts, p50 %.1f ms, p99 %.1f ms, max %.0f ms, %d slow, %d failed", NAME,
                    caseName, run, contender.label(), maintenance / 1e6, latencies.count(), latencies.percentileMillis(0.5),
                    latencies.percentileMillis(0.99), latencies.maxMillis(), latencies.slow(), latencies.failures());
        }
    }

    private void setUp(BenchDatabase db, Tables tables, Contender contender, int last) {
        StringBuilder setup = new StringBuilder(Tables.parent("events"));
        if (contender == Contender.PG_PARTMAN) {
            db.psql(setup.toString());
            db.jdbc().queryForObject(PgPartman.createParent("events", tables.from(OLDEST), NEWEST), Boolean.class);
            db.jdbc().update(PgPartman.configure(PgPartman.premakeReaching(db.jdbc(), last), (RETENTION - 1) + " months"));
        }
        else {
            setup.append(Tables.defaultPartition("events"));
            for (int offset = OLDEST; offset <= NEWEST; offset++) {
                setup.append(tables.partitionOf("events", offset));
            }
            db.psql(setup.toString());
        }
        tables.verify(db.jdbc(), List.of("events"), OLDEST, NEWEST);
        int months = NEWEST - OLDEST + 1;
        db.jdbc().update("INSERT INTO public.events (id, created_at, device_id, reading, payload)"
                + " SELECT g, date_trunc('month', now()) + ((g % " + months + ") + (" + OLDEST + ")) * interval '1 month' + interval '3 days',"
                + " g % 1000, g, 'seed' FROM generate_series(1, " + (months * 500) + ") g");
        db.jdbc().execute("VACUUM ANALYZE public.events");
    }

    /** What a cron script would run: create and attach the missing months, detach and drop the expired ones. */
    private static String rawScript(Tables tables, int last) {
        StringBuilder script = new StringBuilder();
        for (int offset = NEWEST + 1; offset <= last; offset++) {
            script.append(tables.createAndAttach("events", offset));
        }
        for (int offset = OLDEST; offset < -(RETENTION - 1); offset++) {
            String child = "public." + tables.child("events", offset);
            script.append("ALTER TABLE public.events DETACH PARTITION ").append(child).append(";\n");
            script.append("DROP TABLE ").append(child).append(";\n");
        }
        return script.toString();
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", ex);
        }
    }
}
