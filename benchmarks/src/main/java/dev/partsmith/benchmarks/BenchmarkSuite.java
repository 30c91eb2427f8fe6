package dev.partsmith.benchmarks;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs the benchmark scenarios against the PostgreSQL of {@code PARTSMITH_TEST_JDBC_URL} and writes
 * {@code report.md} and {@code report.json}.
 *
 * <pre>
 * BenchmarkSuite [--smoke] [--out DIR] [--baseline report.json] [--scenarios 1,2,3,4,5]
 * BenchmarkSuite --render DIR [--baseline report.json]     (report.md again from DIR/report.json)
 * </pre>
 */
public final class BenchmarkSuite {

    private BenchmarkSuite() {
    }

    public static void main(String[] args) throws Exception {
        BenchmarkSettings settings = BenchmarkSettings.full();
        Path out = Path.of("benchmarks", "results");
        Path baseline = null;
        Set<String> scenarios = new LinkedHashSet<>(Set.of("1", "2", "3", "4", "5"));
        Path render = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--render" -> render = Path.of(args[++i]);
                case "--smoke" -> settings = BenchmarkSettings.smoke();
                case "--out" -> out = Path.of(args[++i]);
                case "--baseline" -> baseline = Path.of(args[++i]);
                case "--scenarios" -> scenarios = new LinkedHashSet<>(Set.of(args[++i].split(",")));
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; use [--smoke] [--out DIR] [--baseline report.json] [--scenarios 1,2,3,4,5] or --render DIR");
            }
        }
        if (render != null) {
            Report.render(render, baseline);
            Progress.say("report written to %s", render.resolve("report.md"));
            return;
        }
        Path report = run(settings, out, baseline, scenarios);
        Progress.say("report written to %s", report);
    }

    /**
     * Runs the given scenarios and writes the report.
     *
     * @return the Markdown report
     */
    public static Path run(BenchmarkSettings settings, Path out, Path baseline, Set<String> scenarios) throws Exception {
        long started = System.nanoTime();
        Map<String, String> machine = MachineInfo.describe();
        List<Contender> contenders = Contender.available();
        if (!contenders.contains(Contender.PG_PARTMAN)) {
            Progress.say("pg_partman is not installed on the server: its paths are left out (benchmarks/install-pg-partman installs it)");
        }
        Results results = new Results();
        warmUp();
        if (scenarios.contains("1")) {
            timed(results, ProvisioningScenario.NAME, () -> new ProvisioningScenario(settings, taking(contenders, ProvisioningScenario.NAME), results).run());
        }
        if (scenarios.contains("2")) {
            timed(results, SteadyStateScenario.NAME, () -> new SteadyStateScenario(settings, taking(contenders, SteadyStateScenario.NAME), results).run());
        }
        if (scenarios.contains("3")) {
            timed(results, WritersScenario.NAME, () -> new WritersScenario(settings, taking(contenders, WritersScenario.NAME), results).run());
        }
        if (scenarios.contains("4")) {
            timed(results, DefaultDrainScenario.NAME, () -> new DefaultDrainScenario(settings, taking(contenders, DefaultDrainScenario.NAME), results).run());
        }
        if (scenarios.contains("5")) {
            timed(results, OnlinePartitioningScenario.NAME, () -> new OnlinePartitioningScenario(settings, taking(contenders, OnlinePartitioningScenario.NAME), results).run());
        }
        machine.put("load average at end", MachineInfo.loadAverage());
        Report.write(out, settings, machine, results, baseline, (System.nanoTime() - started) / 1e9);
        return out.resolve("report.md");
    }

    /** The contenders measured in {@code scenario}. */
    private static List<Contender> taking(List<Contender> contenders, String scenario) {
        return contenders.stream().filter(contender -> contender.takesPart(scenario)).toList();
    }

    /** Runs partsmith once on a few tables so that its first measured run is not also the JIT's first. */
    private static void warmUp() {
        try (BenchDatabase db = BenchDatabase.create("warmup", Contender.PARTSMITH)) {
            var names = ProvisioningScenario.tableNames(3);
            db.psql(ProvisioningScenario.setup(names, true));
            Partsmith partsmith = new Partsmith(db.pool("partsmith", 3));
            var configs = names.stream().map(name -> Tables.config(name, 13, null)).toList();
            partsmith.maintain(configs);
            partsmith.maintain(configs);
        }
    }

    private static void timed(Results results, String scenario, Runnable body) {
        long started = System.nanoTime();
        body.run();
        results.scenarioTook(scenario, (System.nanoTime() - started) / 1e9);
    }
}
