package dev.partsmith.benchmarks;

import java.sql.SQLException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.partsmith.catalog.QualifiedName;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.lifecycle.MaintenanceResult;
import dev.partsmith.lock.LockManager;
import dev.partsmith.lock.RedisDistributedLockManager;
import dev.partsmith.postgres.PostgresAdvisoryLockManager;
import dev.partsmith.test.TestRedis;

/**
 * Scenario 2: every table is already up to date; one full maintenance pass finds nothing to do.
 * partsmith's pass over all tables, pg_partman's {@code run_maintenance()} (up to
 * {@link BenchmarkSettings#partmanSteadyTables()} tables), and as the floor one catalog query that
 * reads every partition bound of every table and compares them with the wanted months. At
 * {@link BenchmarkSettings#lockedPassTables()} tables also a pass in which every table takes its lock,
 * with partsmith's advisory locks and with its Redis lock, and the locks alone.
 */
final class SteadyStateScenario {

    static final String NAME = "2 steady state";

    /** Tables whose setup goes to psql at once: the script of one batch finishes well within psql's time limit. */
    private static final int SETUP_BATCH = 250;

    private final BenchmarkSettings settings;
    private final List<Contender> contenders;
    private final Results results;

    SteadyStateScenario(BenchmarkSettings settings, List<Contender> contenders, Results results) {
        this.settings = settings;
        this.contenders = contenders;
        this.results = results;
    }

    void run() {
        for (int count : settings.steadyTables()) {
            run(count);
        }
    }

    private void run(int count) {
        List<String> names = ProvisioningScenario.tableNames(count);
        String caseName = count + " tables";
        Tables tables = Tables.now();
        int last = settings.monthsAhead();
        List<Contender> measured = contenders.stream().filter(contender -> contender != Contender.PG_PARTMAN || count <= settings.partmanSteadyTables())
                .toList();
        Map<Contender, BenchDatabase> databases = new EnumMap<>(Contender.class);
        try {
            // partsmith and the raw floor look at the same tables; pg_partman's are its own.
            BenchDatabase shared = BenchDatabase.create("steady" + count, Contender.PARTSMITH);
            databases.put(Contender.PARTSMITH, shared);
            for (int from = 0; from < names.size(); from += SETUP_BATCH) {
                List<String> batch = names.subList(from, Math.min(names.size(), from + SETUP_BATCH));
                StringBuilder setup = new StringBuilder();
                for (String name : batch) {
                    setup.append(ProvisioningScenario.setup(List.of(name), true));
                    for (int offset = 0; offset <= last; offset++) {
                        setup.append(tables.partitionOf(name, offset));
                    }
                }
                shared.psql(setup.toString());
            }
            tables.verify(shared.jdbc(), names, 0, last);

            if (measured.contains(Contender.PG_PARTMAN)) {
                BenchDatabase partman = BenchDatabase.create("steady" + count, Contender.PG_PARTMAN);
                databases.put(Contender.PG_PARTMAN, partman);
                partman.psql(ProvisioningScenario.setup(names, false));
                JdbcTemplate jdbc = partman.jdbc();
                try {
                    for (String name : names) {
                        jdbc.queryForObject(PgPartman.createParent(name, tables.from(0), last), Boolean.class);
                    }
                }
                catch (DataAccessException ex) {
                    if (!outOfSharedMemory(ex)) {
                        throw ex;
                    }
                    // The server's lock table is shared by every session: with others busy, pg_partman's setup can run out of it.
                    Progress.say("%s %s: pg_partman's setup ran out of shared memory; pg_partman is left out of this case", NAME, caseName);
                    results.add(NAME, caseName, "setups that ran out of shared memory", "count", Contender.PG_PARTMAN, 1);
                    measured = measured.stream().filter(contender -> contender != Contender.PG_PARTMAN).toList();
                    databases.remove(Contender.PG_PARTMAN).close();
                }
                if (measured.contains(Contender.PG_PARTMAN)) {
                    jdbc.update(PgPartman.configure(PgPartman.premakeReaching(jdbc, last), null));
                    tables.verify(jdbc, names, 0, last);
                }
            }
            Progress.say("%s %s: set up", NAME, caseName);

            DataSource pool = shared.pool("partsmith", 3);
            Partsmith partsmith = new Partsmith(pool);
            List<TablePartitionConfig> configs = names.stream().map(name -> Tables.config(name, last + 1, null)).toList();
            for (int run = 1; run <= settings.steadyRuns(); run++) {
                for (Contender contender : List.copyOf(measured)) {
                    long started = System.nanoTime();
                    switch (contender) {
                        case PARTSMITH -> nothingDone(partsmith.maintain(configs));
                        case PG_PARTMAN -> {
                            try {
                                databases.get(Contender.PG_PARTMAN).jdbc().execute("SELECT partman.run_maintenance()");
                            }
                            catch (DataAccessException ex) {
                                if (!outOfSharedMemory(ex)) {
                                    throw ex;
                                }
                                Progress.say("%s %s run %d: pg_partman's run_maintenance() ran out of shared memory", NAME, caseName, run);
                                results.add(NAME, caseName, "passes that ran out of shared memory", "count", Contender.PG_PARTMAN, 1);
                                measured = measured.stream().filter(other -> other != Contender.PG_PARTMAN).toList();
                                continue;
                            }
                        }
                        case RAW_DDL -> tables.verify(shared.jdbc(), names, 0, last);
                        case PGSLICE -> throw new IllegalStateException(contender.label() + " takes no part in " + NAME);
                    }
                    long nanos = System.nanoTime() - started;
                    results.add(NAME, caseName, "one pass, nothing to do", "ms", contender, nanos / 1e6);
                    Progress.say("%s %s run %d: %s %.0f ms", NAME, caseName, run, contender.label(), nanos / 1e6);
                }
            }
            if (count == settings.lockedPassTables()) {
                lockedPasses(caseName, pool, configs);
            }
            for (BenchDatabase db : databases.values()) {
                tables.verify(db.jdbc(), names, 0, last);
            }
        }
        finally {
            databases.values().forEach(BenchDatabase::close);
        }
    }

    /** Passes in which every table takes its lock, with advisory locks and with the Redis lock, and the locks alone. */
    private void lockedPasses(String caseName, DataSource pool, List<TablePartitionConfig> configs) {
        LettuceConnectionFactory redis = new LettuceConnectionFactory(new RedisStandaloneConfiguration(TestRedis.host(), TestRedis.port()));
        redis.afterPropertiesSet();
        redis.start();
        try (RedisDistributedLockManager redisLocks = new RedisDistributedLockManager(redis, "partsmith-bench-" + UUID.randomUUID(),
                Duration.ofSeconds(30))) {
            Map<String, LockManager> lockManagers = Map.of("advisory locks", new PostgresAdvisoryLockManager(pool), "Redis lock", redisLocks);
            List<QualifiedName> names = configs.stream().map(TablePartitionConfig::qualifiedName).toList();
            for (String lock : List.of("advisory locks", "Redis lock")) {
                LockManager locks = lockManagers.get(lock);
                Partsmith partsmith = new Partsmith(pool, locks);
                // Not measured: the first lock opens the lock's connection.
                locks.tryLock(names.get(0)).orElseThrow().close();
                // One run each: with every table read on its own, a pass takes minutes on a loaded machine.
                long started = System.nanoTime();
                nothingDone(partsmith.maintainEachLocked(configs));
                double passMillis = (System.nanoTime() - started) / 1e6;
                results.add(NAME, caseName, "one pass, every table locked and read alone: " + lock, "ms", Contender.PARTSMITH, passMillis);

                started = System.nanoTime();
                for (QualifiedName name : names) {
                    locks.tryLock(name).orElseThrow(() -> new IllegalStateException("the lock on " + name + " is held")).close();
                }
                double lockMillis = (System.nanoTime() - started) / 1e6;
                results.add(NAME, caseName, "every table's lock taken and released: " + lock, "ms", Contender.PARTSMITH, lockMillis);
                Progress.say("%s %s: partsmith, every table locked (%s) %.0f ms, the locks alone %.0f ms", NAME, caseName, lock, passMillis,
                        lockMillis);
            }
        }
        finally {
            redis.destroy();
        }
    }

    private static boolean outOfSharedMemory(Throwable ex) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && "53200".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static void nothingDone(List<MaintenanceResult> done) {
        if (done.stream().anyMatch(result -> !result.plan().operations().isEmpty())) {
            throw new IllegalStateException("partsmith found work in the steady state");
        }
    }
}
