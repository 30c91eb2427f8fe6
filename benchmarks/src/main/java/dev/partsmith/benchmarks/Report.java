package dev.partsmith.benchmarks;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes a suite run as {@code report.md} and {@code report.json}: every figure per contender as the
 * median of its runs with min and max, the ratios of partsmith's median to the others', the machine,
 * and, when a baseline report is given, partsmith's figures before and after.
 */
final class Report {

    private static final JsonMapper JSON = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private static final Map<String, String> SCENARIOS = new LinkedHashMap<>();

    static {
        SCENARIOS.put(ProvisioningScenario.NAME, """
                Tables that exist with their DEFAULT partition and nothing else get the current month and 12 more \
                (13 monthly partitions each). partsmith: one `runMaintenanceSafe` over all tables. pg_partman: \
                `create_parent(p_premake := 12)` per table, then `run_maintenance()`; its `create_parent` also makes \
                the DEFAULT partition and a template table (the others' DEFAULT comes with the table, before the clock \
                starts). raw DDL: a psql script of the same `CREATE TABLE … (LIKE …)` + `ATTACH PARTITION` statements, \
                one transaction each, no `lock_timeout`.""");
        SCENARIOS.put(SteadyStateScenario.NAME, """
                Every table is already up to date; one full pass over all tables has nothing to do. partsmith: \
                `runMaintenanceSafe` over all tables. pg_partman: `run_maintenance()`, up to 1,000 tables (beyond, it \
                locks every partition of every table in one transaction and runs out of shared memory with the default \
                `max_locks_per_transaction`). raw DDL (the floor): one catalog query that reads every partition bound of \
                every table, compared with the wanted months in Java. At 1,000 tables also what a pass costs when every \
                table takes its lock (as the single-table `runMaintenanceSafe(config)` does, each table locked, read and \
                planned on its own), with partsmith's PostgreSQL advisory locks and with its Redis lock, and the locks \
                alone (each table's lock taken and released).""");
        SCENARIOS.put(WritersScenario.NAME, """
                An open-loop load of inserts into the current month (fixed rate, latency from each insert's scheduled \
                send time, so a stall counts for every insert that should have been sent during it) while one \
                maintenance pass creates the 11 missing future months and retires the 3 months past retention \
                (DEFAULT partition present). Then the same with a transaction that read the parent and stays open, and \
                with one that read the DEFAULT partition. partsmith: retention 12, drop grace 0. pg_partman: \
                `run_maintenance('public.events')` with retention '11 months' (the same months) and \
                `retention_keep_table = false`. raw DDL: a psql script of CREATE + ATTACH, DETACH + DROP, no \
                `lock_timeout`. "maintenance pass" includes the time spent waiting for the reader.""");
        SCENARIOS.put(DefaultDrainScenario.NAME, """
                Next month's rows sit in the DEFAULT partition because its partition does not exist yet. Time until \
                the partition is attached holding every row and DEFAULT is empty, and the inserts into the current \
                month meanwhile (open loop, half the rate of scenario 3). In the second case an application also keeps \
                writing the month being drained (updates of its rows by id and new rows, a tenth of the rate of \
                scenario 3): an update that finds no row was lost, since every row it aims at exists; a drain that \
                fails leaves the rows in DEFAULT (none may be lost either way). partsmith: one maintenance pass (the \
                DEFAULT, holding that month only, becomes its partition). \
                pg_partman: `partition_data_time(p_batch_count := 10, p_analyze := false)` then \
                `run_maintenance('public.events')`. raw DDL: one psql transaction with CREATE (without indexes, which \
                ATTACH then builds in bulk), `WITH moved AS (DELETE … RETURNING *) INSERT …`, ATTACH, and no lock \
                beyond what those take.""");
        SCENARIOS.put(OnlinePartitioningScenario.NAME, """
                A plain table with a primary key on a sequence, one more index and a year of rows becomes a monthly \
                partitioned table, while the open-loop load inserts into it (into the current month, at the rate of \
                scenario 3) and an application updates and deletes its existing rows (a quarter of that rate, each row \
                once). Time until the table is partitioned with every row; insert latency meanwhile; writes lost: \
                inserted or existing rows missing at the end, acknowledged updates not there, deleted rows back. \
                partsmith: `TableMigrator.partition` (batches of 10,000, the twin's partitions from the oldest row's \
                month to two months ahead, a sync trigger, verification of the counts). pgslice's method: its steps \
                `prep`, `add_partitions --intermediate --past 13 --future 2`, `fill`, `analyze`, `swap`, \
                `fill --swapped` run as the SQL its source writes (pgslice itself is a Ruby program, not installed \
                here). pg_partman: its documented online method (the old table attached as the DEFAULT partition of a \
                new partitioned table in one locked transaction, then `partition_data_proc(p_batch := 100, \
                p_wait := 0)` and `run_maintenance`).""");
    }

    private Report() {
    }

    static void write(Path directory, BenchmarkSettings settings, Map<String, String> machine, Results results, Path baseline,
            double suiteSeconds) throws IOException {
        Files.createDirectories(directory);
        JsonNode before = baseline == null ? null : JSON.readTree(baseline.toFile());
        String generatedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        ObjectNode json = json(generatedAt, settings, machine, results, suiteSeconds, baseline);
        Files.writeString(directory.resolve("report.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n",
                StandardCharsets.UTF_8);
        Files.writeString(directory.resolve("report.md"), markdown(generatedAt, settings, machine, results, before, suiteSeconds),
                StandardCharsets.UTF_8);
    }

    /** Writes {@code report.md} again from the {@code report.json} beside it, as the run that measured it did. */
    static void render(Path directory, Path baseline) throws IOException {
        JsonNode root = JSON.readTree(directory.resolve("report.json").toFile());
        BenchmarkSettings settings = JSON.treeToValue(root.path("settings"), BenchmarkSettings.class);
        Map<String, String> machine = new LinkedHashMap<>();
        root.path("machine").properties().forEach(entry -> machine.put(entry.getKey(), entry.getValue().asString()));
        Results results = new Results();
        root.path("scenarioSeconds").properties().forEach(entry -> results.scenarioTook(entry.getKey(), entry.getValue().asDouble()));
        for (JsonNode metric : root.path("metrics")) {
            for (Contender contender : Contender.values()) {
                for (JsonNode run : metric.path("figures").path(contender.key()).path("runs")) {
                    results.add(metric.path("scenario").asString(), metric.path("case").asString(), metric.path("metric").asString(),
                            metric.path("unit").asString(), contender, run.asDouble());
                }
            }
        }
        JsonNode before = baseline == null ? null : JSON.readTree(baseline.toFile());
        Files.writeString(directory.resolve("report.md"), markdown(root.path("generatedAt").asString(), settings, machine, results, before,
                root.path("suiteSeconds").asDouble()), StandardCharsets.UTF_8);
    }

    private static ObjectNode json(String generatedAt, BenchmarkSettings settings, Map<String, String> machine, Results results,
            double suiteSeconds, Path baseline) {
        ObjectNode root = JSON.createObjectNode();
        root.put("generatedAt", generatedAt);
        root.put("mode", settings.mode());
        root.put("suiteSeconds", round(suiteSeconds));
        root.set("settings", JSON.valueToTree(settings));
        root.set("machine", JSON.valueToTree(machine));
        root.set("scenarioSeconds", JSON.valueToTree(results.scenarioSeconds()));
        if (baseline != null) {
            root.put("baseline", baseline.toString());
        }
        ArrayNode metrics = root.putArray("metrics");
        for (Results.Metric metric : results.metrics()) {
            ObjectNode node = metrics.addObject();
            node.put("scenario", metric.scenario);
            node.put("case", metric.caseName);
            node.put("metric", metric.name);
            node.put("unit", metric.unit);
            ObjectNode figures = node.putObject("figures");
            for (Contender contender : Contender.values()) {
                Results.Figure figure = metric.figure(contender);
                if (figure != null) {
                    ObjectNode value = figures.putObject(contender.key());
                    value.put("median", round(figure.median()));
                    value.put("min", round(figure.min()));
                    value.put("max", round(figure.max()));
                    ArrayNode runs = value.putArray("runs");
                    figure.runs().forEach(run -> runs.add(round(run)));
                }
            }
            ObjectNode ratios = node.putObject("ratios");
            for (Contender other : Contender.values()) {
                if (other != Contender.PARTSMITH) {
                    ratio(metric, other).ifPresent(value -> ratios.put("partsmith/" + other.key(), round(value)));
                }
            }
        }
        return root;
    }

    private static java.util.Optional<Double> ratio(Results.Metric metric, Contender other) {
        Results.Figure ours = metric.figure(Contender.PARTSMITH);
        Results.Figure theirs = metric.figure(other);
        if (ours == null || theirs == null || theirs.median() == 0) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(ours.median() / theirs.median());
    }

    private static String markdown(String generatedAt, BenchmarkSettings settings, Map<String, String> machine, Results results,
            JsonNode before, double suiteSeconds) {
        StringBuilder md = new StringBuilder();
        md.append("# partsmith benchmarks: ").append(settings.mode()).append(" run\n\n");
        md.append("Measured ").append(generatedAt).append(" by `benchmarks/run`")
                .append(settings.isSmoke() ? " (smoke sizes: the numbers mean nothing)" : "").append(". The whole suite took ")
                .append(String.format(Locale.ROOT, "%.0f s", suiteSeconds)).append(" (");
        md.append(String.join(", ", results.scenarioSeconds().entrySet().stream()
                .map(entry -> "scenario " + entry.getKey() + ": " + String.format(Locale.ROOT, "%.0f s", entry.getValue())).toList()));
        md.append(").\n\n");
        md.append("""
                Each cell is the **median** of the runs, with **min–max** in brackets; every run is in `report.json`. \
                Lower is better everywhere. The ratio columns divide partsmith's median by the other contender's \
                (below 1: partsmith is faster or calmer). Every contender starts from the same tables in a fresh \
                database and must reach the same partitions; the harness checks the catalog after each run and fails \
                when one did not.

                **Noise.** This machine has 2 cores shared with other engineers' builds and tests, which run at the \
                same time as the suite: absolute numbers move by tens of percent from run to run, which is why min \
                and max are shown. Compare contenders within a run rather than across reports.

                """);
        md.append("## Machine\n\n| | |\n|---|---|\n");
        machine.forEach((key, value) -> md.append("| ").append(key).append(" | ").append(value.replace("|", "\\|")).append(" |\n"));
        md.append("\n");
        md.append(String.format(Locale.ROOT, """
                Sizes: %d tables provisioned (%d runs); steady state at %s tables (%d passes each, pg_partman up to %d); writers at %d inserts/s \
                through %d connections, long reader held %.1f s (%d runs per case); DEFAULT drain of %,d rows (%d runs); online partitioning \
                of %,d rows (%d %s).

                """, settings.provisioningTables(), settings.provisioningRuns(), settings.steadyTables(), settings.steadyRuns(), settings.partmanSteadyTables(),
                settings.insertRate(), settings.loadWorkers(), settings.readerHold().toMillis() / 1000.0, settings.writersRuns(),
                settings.drainRows(), settings.drainRuns(), settings.onlineRows(), settings.onlineRuns(), settings.onlineRuns() == 1 ? "run" : "runs"));
        if (!results.metrics().isEmpty() && results.metrics().stream().allMatch(metric -> metric.figure(Contender.PG_PARTMAN) == null)) {
            md.append("**pg_partman was left out**: the server does not offer the extension (`benchmarks/install-pg-partman` installs")
                    .append(" it), so its columns are empty.\n\n");
        }
        for (Map.Entry<String, String> scenario : SCENARIOS.entrySet()) {
            List<Results.Metric> metrics = results.metrics().stream().filter(metric -> metric.scenario.equals(scenario.getKey())).toList();
            if (metrics.isEmpty()) {
                continue;
            }
            md.append("## Scenario ").append(scenario.getKey()).append("\n\n").append(scenario.getValue()).append("\n\n");
            List<Contender> columns = Arrays.stream(Contender.values()).filter(contender -> contender.takesPart(scenario.getKey())).toList();
            List<Contender> others = columns.stream().filter(contender -> contender != Contender.PARTSMITH).toList();
            md.append("| case | metric | ").append(columns.stream().map(Contender::label).collect(Collectors.joining(" | "))).append(" | ")
                    .append(others.stream().map(other -> "partsmith ÷ " + other.label()).collect(Collectors.joining(" | "))).append(" |\n");
            md.append("|---|---|").append("---|".repeat(columns.size() + others.size())).append("\n");
            for (Results.Metric metric : metrics) {
                md.append("| ").append(metric.caseName).append(" | ").append(metric.name).append(" (").append(metric.unit).append(") | ");
                for (Contender contender : columns) {
                    md.append(cell(metric.figure(contender))).append(" | ");
                }
                for (Contender other : others) {
                    md.append(ratio(metric, other).map(Report::ratioText).orElse("–")).append(" | ");
                }
                md.setLength(md.length() - 1);
                md.append("\n");
            }
            md.append("\n");
        }
        if (before != null) {
            md.append(beforeAfter(results, before));
        }
        md.append("""
                ## How the contenders were set up

                - All three use the system clock in UTC (the databases' time zone is UTC) and count "ahead" from it: \
                pg_partman with `infinite_time_partitions = true`, since by default it counts from the newest row. \
                pg_partman 4.7 counts premade partitions as a rounded age in 30-day months; the harness asks the server \
                which `premake` keeps exactly 12 months ahead on the day of the run, and checks the outcome.
                - partsmith runs as the README wires it: `PostgresAdvisoryLockManager`, `lock_timeout` 1 s, retry budget \
                30 s, a Hikari pool of 3; its INFO logging is turned down to WARN so console output is not measured.
                - The raw DDL figures include starting psql (a few milliseconds).

                ## Reading the numbers

                - raw DDL is the floor, not a safe alternative: it sets no `lock_timeout`, writes no marker, and its \
                ATTACH takes no lock on the parent against writers, so an insert that PostgreSQL routed to the DEFAULT \
                partition while the ATTACH ran fails once it commits (PostgreSQL re-checks the DEFAULT's new \
                constraint); behind a long reader its DETACH and DROP would queue every writer of the table. \
                pg_partman's ATTACH has the same gap. The load here writes to the current month, so these failures do \
                not show in the figures.
                - pg_partman's `run_maintenance` works in one transaction, and retention drops a partition, which \
                takes ACCESS EXCLUSIVE on the parent: behind a long reader (of the parent, or of the DEFAULT, which \
                its ATTACH then waits for) every insert waits until the reader ends (scenario 3).
                - partsmith takes two short transactions per partition (create, then attach), each under \
                `lock_timeout`, with its marker and a check of its lock: that is what scenario 1 pays. In scenario 4 \
                the DEFAULT holds next month's rows and nothing else, so partsmith turns the DEFAULT table into that \
                month's partition instead of moving a row: a CHECK of the month added and validated while writers go \
                on, then one transaction under ACCESS EXCLUSIVE on the parent for catalog changes only (detach, \
                renames, attach without a scan, an empty table attached as the new DEFAULT). A DEFAULT holding a mix \
                is moved out of under `EXCLUSIVE` on the parent, and writers wait for the move.
                """);
        return md.toString();
    }

    private static String beforeAfter(Results results, JsonNode before) {
        StringBuilder md = new StringBuilder("## partsmith before and after the core changes\n\n");
        md.append("Before: `").append(before.path("generatedAt").asString()).append("` run of the same suite on the same machine, ")
                .append("before the changes described in the README's Benchmarks section.\n\n");
        md.append("| scenario | case | metric | before | after | after ÷ before |\n|---|---|---|---|---|---|\n");
        for (Results.Metric metric : results.metrics()) {
            Results.Figure after = metric.figure(Contender.PARTSMITH);
            JsonNode old = null;
            for (JsonNode node : before.path("metrics")) {
                if (node.path("scenario").asString().equals(metric.scenario) && node.path("case").asString().equals(metric.caseName)
                        && node.path("metric").asString().equals(metric.name)) {
                    old = node.path("figures").path(Contender.PARTSMITH.key());
                }
            }
            if (after == null || old == null || old.isMissingNode()) {
                continue;
            }
            double oldMedian = old.path("median").asDouble();
            md.append("| ").append(metric.scenario).append(" | ").append(metric.caseName).append(" | ").append(metric.name).append(" (")
                    .append(metric.unit).append(") | ")
                    .append(cell(new Results.Figure(oldMedian, old.path("min").asDouble(), old.path("max").asDouble(), List.of())))
                    .append(" | ").append(cell(after)).append(" | ")
                    .append(oldMedian == 0 ? "–" : ratioText(after.median() / oldMedian)).append(" |\n");
        }
        return md.append("\n").toString();
    }

    private static String cell(Results.Figure figure) {
        if (figure == null) {
            return "–";
        }
        return number(figure.median()) + " (" + number(figure.min()) + "–" + number(figure.max()) + ")";
    }

    private static String number(double value) {
        if (value == Math.rint(value) || Math.abs(value) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        return String.format(Locale.ROOT, Math.abs(value) >= 10 ? "%.1f" : "%.2f", value);
    }

    private static String ratioText(double ratio) {
        if (ratio == 0) {
            return "0×";
        }
        if (ratio < 0.01) {
            return new BigDecimal(ratio).round(new MathContext(2)).toPlainString() + "×";
        }
        return String.format(Locale.ROOT, ratio >= 10 ? "%,.0f×" : "%.2f×", ratio);
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
