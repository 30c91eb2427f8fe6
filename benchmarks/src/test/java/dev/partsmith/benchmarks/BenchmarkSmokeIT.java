package dev.partsmith.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The benchmark suite at smoke sizes: every scenario and every path of the contenders this server
 * offers runs once against real PostgreSQL, each run's outcome is checked in the catalog by the suite
 * itself, and the report names every figure. No timing is asserted. pg_partman runs where the server
 * offers it (benchmarks/install-pg-partman installs it; a test never does); elsewhere the report says
 * it was left out.
 */
class BenchmarkSmokeIT {

    /** Recorded only for a drain that succeeded; a failed drain is counted in {@link #DRAINS_FAILED}. */
    private static final String DRAINED = "attached and DEFAULT empty";

    private static final String DRAINS_FAILED = "drains that failed";

    /** Recorded only for a partitioning that succeeded; a failed one is counted in {@link #MIGRATIONS_FAILED}. */
    private static final List<String> PARTITIONED = List.of("partitioned with every row", "rows copied per second");

    private static final String MIGRATIONS_FAILED = "migrations that failed";

    /** partsmith's own lock costs in scenario 2: no other contender has them. */
    private static final List<String> PARTSMITH_ONLY = List.of("one pass, every table locked and read alone: advisory locks",
            "one pass, every table locked and read alone: Redis lock", "every table's lock taken and released: advisory locks",
            "every table's lock taken and released: Redis lock");

    @Test
    void everyScenarioRunsForEveryContenderAndIsReported(@TempDir Path out) throws Exception {
        List<Contender> contenders = Contender.available();
        Path markdown = BenchmarkSuite.run(BenchmarkSettings.smoke(), out, null, Set.of("1", "2", "3", "4", "5"));

        JsonNode report = JsonMapper.builder().build().readTree(out.resolve("report.json").toFile());
        assertThat(report.path("mode").asString()).isEqualTo("smoke");
        List<String> scenarios = new ArrayList<>();
        for (JsonNode metric : report.path("metrics")) {
            String scenario = metric.path("scenario").asString();
            if (!scenarios.contains(scenario)) {
                scenarios.add(scenario);
            }
            for (Contender contender : Contender.values()) {
                JsonNode figure = metric.path("figures").path(contender.key());
                String what = scenario + " " + metric.path("case").asString() + " " + metric.path("metric").asString() + " of "
                        + contender.label();
                if (!contenders.contains(contender) || !contender.takesPart(scenario)
                        || (contender != Contender.PARTSMITH && PARTSMITH_ONLY.contains(metric.path("metric").asString()))) {
                    assertThat(figure.isMissingNode()).as("%s, left out", what).isTrue();
                }
                else if (metric.path("metric").asString().equals(DRAINED)) {
                    // A drain that fails (pg_partman's and raw DDL's deadlock with a writer of the month) is an outcome the report shows.
                    assertThat(figure.path("runs").size() + failures(report, metric, contender, DRAINS_FAILED)).as(what).isEqualTo(1);
                }
                else if (PARTITIONED.contains(metric.path("metric").asString())) {
                    // So is a partitioning that fails (pg_partman's, when the load writes the month it moves out of DEFAULT).
                    assertThat(figure.path("runs").size() + failures(report, metric, contender, MIGRATIONS_FAILED)).as(what).isEqualTo(1);
                }
                else {
                    assertThat(figure.path("runs").size()).as(what).isEqualTo(1);
                    assertThat(figure.path("min").asDouble()).isLessThanOrEqualTo(figure.path("max").asDouble());
                }
            }
        }
        for (JsonNode metric : report.path("metrics")) {
            if (metric.path("metric").asString().equals(DRAINS_FAILED)) {
                assertThat(metric.path("figures").path(Contender.PARTSMITH.key()).path("max").asDouble())
                        .as("partsmith's drains that failed, %s", metric.path("case").asString()).isZero();
            }
        }
        assertThat(scenarios).containsExactly(ProvisioningScenario.NAME, SteadyStateScenario.NAME, WritersScenario.NAME,
                DefaultDrainScenario.NAME, OnlinePartitioningScenario.NAME);
        for (JsonNode metric : report.path("metrics")) {
            if (metric.path("scenario").asString().equals(OnlinePartitioningScenario.NAME) && metric.path("metric").asString().matches(
                    "migrations that failed|rows lost|updates lost|deleted rows back|failed inserts|updates and deletes that found no row or failed")) {
                assertThat(metric.path("figures").path(Contender.PARTSMITH.key()).path("max").asDouble())
                        .as("partsmith's %s", metric.path("metric").asString()).isZero();
            }
        }
        assertThat(report.path("metrics").findValuesAsString("metric")).containsAll(PARTSMITH_ONLY);
        assertThat(report.path("metrics").findValuesAsString("case")).contains("3 tables x 13 months", "3 tables", "5 tables",
                "nothing in the way", "long reader on the parent", "long reader on DEFAULT", "2,000 rows", "2,000 rows, month still written", "5,000 rows");
        String text = Files.readString(markdown);
        assertThat(text).contains("## Scenario 1 provisioning", "## Scenario 2 steady state", "## Scenario 3 writers during maintenance",
                "## Scenario 4 DEFAULT drain", "## Scenario 5 online partitioning", "| partsmith | pg_partman | raw DDL |",
                "| partsmith | pg_partman | pgslice's method |");
        if (contenders.contains(Contender.PG_PARTMAN)) {
            assertThat(report.path("machine").path("pg_partman").asString()).startsWith("4.7");
        }
        else {
            assertThat(text).contains("**pg_partman was left out**");
        }
    }

    private static int failures(JsonNode report, JsonNode measured, Contender contender, String failed) {
        for (JsonNode metric : report.path("metrics")) {
            if (metric.path("metric").asString().equals(failed) && metric.path("case").asString().equals(measured.path("case").asString())) {
                return (int) metric.path("figures").path(contender.key()).path("max").asDouble();
            }
        }
        return 0;
    }
}
