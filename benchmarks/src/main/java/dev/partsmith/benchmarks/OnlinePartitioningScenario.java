package dev.partsmith.benchmarks;

import java.util.List;

import org.springframework.core.NestedExceptionUtils;

import com.zaxxer.hikari.HikariDataSource;

import dev.partsmith.config.PartitionGranularity;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.migration.MigrationOptions;
import dev.partsmith.migration.MigrationResult;
import dev.partsmith.migration.TableMigrator;
import dev.partsmith.postgres.PostgresAdvisoryLockManager;
import dev.partsmith.postgres.PostgresMigrationRepository;

/**
 * Scenario 5: a plain table of a year of rows becomes a monthly partitioned table while an application
 * inserts rows (the open-loop load, into the current month) and updates and deletes existing ones.
 * partsmith's {@code TableMigrator}; pgslice's method ({@link PgSlice}, its SQL steps); pg_partman's online
 * method as its documentation describes it (the old table attached as the DEFAULT partition of a new
 * partitioned table, then {@code partition_data_proc} moving the rows out of DEFAULT). Measured: the time until
 * the table is partitioned with every row, insert latency meanwhile, and the writes lost: inserted or existing
 * rows missing, acknowledged updates not there, deleted rows back.
 */
final class OnlinePartitioningScenario {

    static final String NAME = "5 online partitioning";

    /** The table's rows have ids up to this; the load inserts ids after it. */
    private static final long LAST_ID = 1_000_000_000L;

    private final BenchmarkSettings settings;
    private final List<Contender> contenders;
    private final Results results;

    OnlinePartitioningScenario(BenchmarkSettings settings, List<Contender> contenders, Results results) {
        this.settings = settings;
        this.contenders = contenders;
        this.results = results;
    }

    void run() {
        for (int run = 1; run <= settings.onlineRuns(); run++) {
            for (Contender contender : contenders) {
                run(run, contender);
            }
        }
    }

    private void run(int run, Contender contender) {
        int rows = settings.onlineRows();
        long firstId = LAST_ID - rows + 1;
        try (BenchDatabase db = BenchDatabase.create("online", contender)) {
            db.psql("""
                    CREATE TABLE public.events (
                        id bigserial PRIMARY KEY,
                        created_at timestamptz NOT NULL,
                        device_id integer NOT NULL,
                        reading double precision,
                        payload text
                    );
                    CREATE INDEX ON public.events (device_id, created_at);
                    SELECT setval('public.events_id_seq', 2000000000);
                    INSERT INTO public.events (id, created_at, device_id, reading, payload)
                        SELECT %d + g, now() - (g * interval '364 days') / %d, g %% 1000, g, 'row ' || g FROM generate_series(0, %d) g;
                    VACUUM ANALYZE public.events;
                    """.formatted(firstId, rows, rows - 1));
            HikariDataSource loadPool = db.pool("load", settings.loadWorkers());
            LoadGenerator load = new LoadGenerator(loadPool, settings.insertRate(), settings.loadWorkers());
            ExistingRowsWriter changes = new ExistingRowsWriter(db.pool("changes", 2), Math.max(1, settings.insertRate() / 4), firstId, rows);
            Latencies latencies;
            long took;
            String failure = null;
            try (load; changes) {
                load.start();
                changes.start();
                WritersScenario.pause(settings.warmup());
                long started = System.nanoTime();
                try {
                    partition(db, contender);
                }
                catch (RuntimeException ex) {
                    // A contender that fails is measured as such (its last transaction rolled back): no row may be lost either way.
                    failure = NestedExceptionUtils.getMostSpecificCause(ex).getMessage().lines().findFirst().orElse("");
                }
                took = System.nanoTime() - started;
                WritersScenario.pause(settings.tail());
                changes.stop();
                latencies = load.stop();
            }
            Long partitioned = db.jdbc().queryForObject("SELECT count(*) FROM pg_catalog.pg_partitioned_table WHERE partrelid = 'public.events'::regclass",
                    Long.class);
            if (failure == null && (partitioned == null || partitioned != 1)) {
                throw new IllegalStateException(contender.label() + " left public.events unpartitioned");
            }
            long insertedFound = count(db, "public.events WHERE id > " + LAST_ID);
            long existingFound = count(db, "public.events WHERE id <= " + LAST_ID);
            long rowsLost = Math.max(0, latencies.count() - insertedFound) + Math.max(0, rows - changes.deleted() - existingFound);
            long lostUpdates = changes.lostUpdates(db.jdbc());
            long undoneDeletes = changes.undoneDeletes(db.jdbc());
            String caseName = String.format("%,d rows", rows);
            if (failure == null) {
                results.add(NAME, caseName, "partitioned with every row", "s", contender, took / 1e9);
                results.add(NAME, caseName, "rows copied per second", "rows/s", contender, rows / (took / 1e9));
            }
            results.add(NAME, caseName, "migrations that failed", "count", contender, failure == null ? 0 : 1);
            results.add(NAME, caseName, "insert max", "ms", contender, latencies.maxMillis());
            results.add(NAME, caseName, "insert p99", "ms", contender, latencies.percentileMillis(0.99));
            results.add(NAME, caseName, "inserts slower than 100 ms", "count", contender, latencies.slow());
            results.add(NAME, caseName, "failed inserts", "count", contender, latencies.failures());
            results.add(NAME, caseName, "rows lost", "count", contender, rowsLost);
            results.add(NAME, caseName, "updates lost", "count", contender, lostUpdates);
            results.add(NAME, caseName, "deleted rows back", "count", contender, undoneDeletes);
            results.add(NAME, caseName, "updates and deletes that found no row or failed", "count", contender, changes.missedOrFailed());
            Progress.say("%s %s run %d: %s %s %.1f s, %d inserts, p99 %.1f ms, max %.0f ms, %d slow, %d failed; %d rows lost, %d of %d updates and"
                    + " deletes lost or undone, %d found no row or failed", NAME, caseName, run, contender.label(),
                    failure == null ? "partitioned in" : "failed (" + failure + ") after", took / 1e9, latencies.count(),
                    latencies.percentileMillis(0.99), latencies.maxMillis(), latencies.slow(), latencies.failures(), rowsLost,
                    lostUpdates + undoneDeletes, changes.writes(), changes.missedOrFailed());
        }
    }

    private static void partition(BenchDatabase db, Contender contender) {
        switch (contender) {
            case PARTSMITH -> {
                TablePartitionConfig config = TablePartitionConfig.builder().tableName("events").partitionColumn("created_at")
                        .granularity(PartitionGranularity.MONTH).createAheadCount(3).build();
                HikariDataSource pool = db.pool("partsmith", 3);
                MigrationResult result = new TableMigrator(new PostgresMigrationRepository(pool), new PostgresAdvisoryLockManager(pool))
                        .partition(config, MigrationOptions.DEFAULTS);
                if (!result.finished()) {
                    throw new IllegalStateException("partsmith did not partition public.events: " + result.message());
                }
            }
            case PGSLICE -> PgSlice.partition(db, 13, 2);
            case PG_PARTMAN -> PgPartman.partitionOnline(db);
            case RAW_DDL -> throw new IllegalStateException("raw DDL takes no part in " + NAME);
        }
    }

    private static long count(BenchDatabase db, String fromClause) {
        Long count = db.jdbc().queryForObject("SELECT count(*) FROM " + fromClause, Long.class);
        return count == null ? 0 : count;
    }
}
