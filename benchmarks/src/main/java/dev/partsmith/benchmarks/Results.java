package dev.partsmith.benchmarks;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every measured value of a suite run, grouped as scenario, case and metric, one value per run and contender. */
final class Results {

    private final Map<String, Metric> metrics = new LinkedHashMap<>();
    private final Map<String, Double> scenarioSeconds = new LinkedHashMap<>();

    synchronized void add(String scenario, String caseName, String metric, String unit, Contender contender, double value) {
        metrics.computeIfAbsent(scenario + "\u0000" + caseName + "\u0000" + metric, key -> new Metric(scenario, caseName, metric, unit))
                .values.computeIfAbsent(contender, key -> new ArrayList<>()).add(value);
    }

    synchronized List<Metric> metrics() {
        return List.copyOf(metrics.values());
    }

    synchronized void scenarioTook(String scenario, double seconds) {
        scenarioSeconds.put(scenario, seconds);
    }

    synchronized Map<String, Double> scenarioSeconds() {
        return new LinkedHashMap<>(scenarioSeconds);
    }

    /** One metric of one case: the runs of each contender. */
    static final class Metric {

        final String scenario;
        final String caseName;
        final String name;
        final String unit;
        final Map<Contender, List<Double>> values = new EnumMap<>(Contender.class);

        Metric(String scenario, String caseName, String name, String unit) {
            this.scenario = scenario;
            this.caseName = caseName;
            this.name = name;
            this.unit = unit;
        }

        Figure figure(Contender contender) {
            List<Double> runs = values.get(contender);
            return runs == null ? null : Figure.of(runs);
        }
    }

    /** Median, min and max of a contender's runs. */
    record Figure(double median, double min, double max, List<Double> runs) {

        static Figure of(List<Double> runs) {
            List<Double> sorted = runs.stream().sorted().toList();
            int n = sorted.size();
            double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
            return new Figure(median, sorted.get(0), sorted.get(n - 1), List.copyOf(runs));
        }
    }
}
