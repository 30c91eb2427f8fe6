package dev.partsmith.benchmarks;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;

import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.lifecycle.MaintenanceResult;

/**
 * Scenario 2: every table is already up to date; one full maintenance pass finds nothing to do.
 * partsmith's pass over all tables, pg_partman's {@code run_maintenance()}, and as the floor one
 * catalog query that reads every partition bound of every table and compares them with the wanted
 * months.
 */
final class SteadyStateScenario {

    static final String NAME = "2 steady state";

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
        Map<Contender, BenchDatabase> databases = new EnumMap<>(Contender.class);
        try {
            // partsmith and the raw floor look at the same tables; pg_partman's are its own.
            BenchDatabase shared = BenchDatabase.create("steady" + count, Contender.PARTSMITH);
            databases.put(Contender.PARTSMITH, shared);
            StringBuilder setup = new StringBuilder(ProvisioningScenario.setup(names, true));
            for (String name : names) {
                for (int offset = 0; offset <= last; offset++) {
                    setup.append(tables.partitionOf(name, offset));
                }
            }
            shared.psql(setup.toString());
            tables.verify(shared.jdbc(), names, 0, last);

            if (contenders.contains(Contender.PG_PARTMAN)) {
                BenchDatabase partman = BenchDatabase.create("steady" + count, Contender.PG_PARTMAN);
                databases.put(Contender.PG_PARTMAN, partman);
                partman.psql(ProvisioningScenario.setup(names, false));
                JdbcTemplate jdbc = partman.jdbc();
                for (String name : names) {
                    jdbc.queryForObject(PgPartman.createParent(name, tables.from(0), last), Boolean.class);
                }
                jdbc.update(PgPartman.configure(PgPartman.premakeReaching(jdbc, last), null));
                tables.verify(jdbc, names, 0, last);
            }
            Progress.say("%s %s: set up", NAME, caseName);

            Partsmith partsmith = new Partsmith(shared.pool("partsmith", 3));
            List<TablePartitionConfig> configs = names.stream().map(name -> Tables.config(name, last + 1, null)).toList();
            for (int run = 1; run <= settings.steadyRuns(); run++) {
                for (Contender contender : contenders) {
                    long started = System.nanoTime();
                    switch (contender) {
                        case PARTSMITH -> {
                            List<MaintenanceResult> done = partsmith.maintain(configs);
                            if (done.stream().anyMatch(result -> !result.plan().operations().isEmpty())) {
                                throw new IllegalStateException("partsmith found work in the steady state");
                            }
                        }
                        case PG_PARTMAN -> databases.get(Contender.PG_PARTMAN).jdbc().execute("SELECT partman.run_maintenance()");
                        case RAW_DDL -> tables.verify(shared.jdbc(), names, 0, last);
                    }
                    long nanos = System.nanoTime() - started;
                    results.add(NAME, caseName, "one pass, nothing to do", "ms", contender, nanos / 1e6);
                    Progress.say("%s %s run %d: %s %.0f ms", NAME, caseName, run, contender.label(), nanos / 1e6);
                }
            }
            for (BenchDatabase db : databases.values()) {
                tables.verify(db.jdbc(), names, 0, last);
            }
        }
        finally {
            databases.values().forEach(BenchDatabase::close);
        }
    }
}
