package dev.partsmith.benchmarks;

import java.util.List;
import java.util.stream.IntStream;

import org.springframework.jdbc.core.JdbcTemplate;

import dev.partsmith.config.TablePartitionConfig;

/**
 * Scenario 1: tables that exist with their DEFAULT partition and nothing else get the current month
 * and {@code monthsAhead} more, by partsmith's maintenance, by pg_partman's {@code create_parent} and
 * {@code run_maintenance}, and by a psql script of the same CREATE + ATTACH statements.
 */
final class ProvisioningScenario {

    static final String NAME = "1 provisioning";

    private final BenchmarkSettings settings;
    private final List<Contender> contenders;
    private final Results results;

    ProvisioningScenario(BenchmarkSettings settings, List<Contender> contenders, Results results) {
        this.settings = settings;
        this.contenders = contenders;
        this.results = results;
    }

    static List<String> tableNames(int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> String.format("m%04d", i)).toList();
    }

    void run() {
        List<String> names = tableNames(settings.provisioningTables());
        String caseName = names.size() + " tables x " + (settings.monthsAhead() + 1) + " months";
        for (int run = 1; run <= settings.provisioningRuns(); run++) {
            for (Contender contender : contenders) {
                Tables tables = Tables.now();
                try (BenchDatabase db = BenchDatabase.create("provision", contender)) {
                    db.psql(setup(names, contender != Contender.PG_PARTMAN));
                    long nanos = provision(db, tables, names, contender);
                    tables.verify(db.jdbc(), names, 0, settings.monthsAhead());
                    results.add(NAME, caseName, "time to provision", "ms", contender, nanos / 1e6);
                    Progress.say("%s %s run %d: %s %.0f ms", NAME, caseName, run, contender.label(), nanos / 1e6);
                }
            }
        }
    }

    static String setup(List<String> names, boolean withDefault) {
        StringBuilder sql = new StringBuilder();
        for (String name : names) {
            sql.append(Tables.parent(name));
            if (withDefault) {
                sql.append(Tables.defaultPartition(name));
            }
        }
        return sql.toString();
    }

    private long provision(BenchDatabase db, Tables tables, List<String> names, Contender contender) {
        return switch (contender) {
            case PARTSMITH -> {
                Partsmith partsmith = new Partsmith(db.pool("partsmith", 3));
                List<TablePartitionConfig> configs = names.stream().map(name -> Tables.config(name, settings.monthsAhead() + 1, null)).toList();
                long started = System.nanoTime();
                partsmith.maintain(configs);
                yield System.nanoTime() - started;
            }
            case PG_PARTMAN -> {
                JdbcTemplate jdbc = db.jdbc();
                int premake = PgPartman.premakeReaching(jdbc, settings.monthsAhead());
                long started = System.nanoTime();
                for (String name : names) {
                    jdbc.queryForObject(PgPartman.createParent(name, tables.from(0), settings.monthsAhead()), Boolean.class);
                }
                jdbc.update(PgPartman.configure(premake, null));
                jdbc.execute("SELECT partman.run_maintenance()");
                yield System.nanoTime() - started;
            }
            case RAW_DDL -> {
                StringBuilder script = new StringBuilder();
                for (String name : names) {
                    for (int offset = 0; offset <= settings.monthsAhead(); offset++) {
                        script.append(tables.createAndAttach(name, offset));
                    }
                }
                yield db.psql(script.toString());
            }
            case PGSLICE -> throw new IllegalStateException(contender.label() + " takes no part in " + NAME);
        };
    }
}
