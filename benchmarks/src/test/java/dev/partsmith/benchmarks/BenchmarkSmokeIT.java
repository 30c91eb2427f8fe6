package dev.partsmith.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.partsmith.test.TestPostgres;

/**
 * The benchmark suite at smoke sizes: every scenario and every contender's path runs once against
 * real PostgreSQL and pg_partman, each run's outcome is checked in the catalog by the suite itself,
 * and the report names every figure. No timing is asserted.
 */
class BenchmarkSmokeIT {

    @BeforeAll
    static void pgPartmanIsAvailable() throws Exception {
        if (!pgPartmanAvailable()) {
            install();
        }
        assertThat(pgPartmanAvailable()).as("pg_partman is available on the test server after benchmarks/install-pg-partman").isTrue();
    }

    @Test
    void everyScenarioRunsForEveryContenderAndIsReported(@TempDir Path out) throws Exception {
        Path markdown = BenchmarkSuite.run(BenchmarkSettings.smoke(), out, null, Set.of("1", "2", "3", "4"));

        JsonNode report = JsonMapper.builder().build().readTree(out.resolve("report.json").toFile());
        assertThat(report.path("mode").asString()).isEqualTo("smoke");
        assertThat(report.path("machine").path("pg_partman").asString()).startsWith("4.7");
        List<String> scenarios = new ArrayList<>();
        for (JsonNode metric : report.path("metrics")) {
            if (!scenarios.contains(metric.path("scenario").asString())) {
                scenarios.add(metric.path("scenario").asString());
            }
            for (Contender contender : Contender.values()) {
                JsonNode figure = metric.path("figures").path(contender.key());
                assertThat(figure.path("runs").size()).as("%s %s %s of %s", metric.path("scenario").asString(), metric.path("case").asString(),
                        metric.path("metric").asString(), contender.label()).isEqualTo(1);
                assertThat(figure.path("min").asDouble()).isLessThanOrEqualTo(figure.path("max").asDouble());
            }
        }
        assertThat(scenarios).containsExactly(ProvisioningScenario.NAME, SteadyStateScenario.NAME, WritersScenario.NAME,
                DefaultDrainScenario.NAME);
        assertThat(report.path("metrics").findValuesAsString("case")).contains("3 tables x 13 months", "3 tables", "5 tables",
                "nothing in the way", "long reader on the parent", "long reader on DEFAULT", "2,000 rows");
        assertThat(Files.readString(markdown)).contains("## Scenario 1 provisioning", "## Scenario 2 steady state", "## Scenario 3 writers during maintenance",
                "## Scenario 4 DEFAULT drain", "| partsmith | pg_partman | raw DDL |");
    }

    private static boolean pgPartmanAvailable() throws SQLException {
        try (Connection connection = TestPostgres.get().adminConnection(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM pg_available_extensions WHERE name = 'pg_partman'")) {
            rows.next();
            return rows.getInt(1) == 1;
        }
    }

    /** What benchmarks/run does too: Debian's postgresql-NN-partman, installed as root. */
    private static void install() throws IOException, InterruptedException {
        Path script = Path.of(System.getProperty("partsmith.benchmarks.dir", "."), "install-pg-partman");
        URI server = URI.create(TestPostgres.get().adminUrl().substring("jdbc:".length()));
        Path log = Files.createTempFile("install-pg-partman", ".log");
        ProcessBuilder builder = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("PGHOST", server.getHost());
        builder.environment().put("PGPORT", String.valueOf(server.getPort() < 0 ? 5432 : server.getPort()));
        builder.environment().put("PGUSER", TestPostgres.get().user());
        builder.environment().put("PGPASSWORD", TestPostgres.get().password());
        Process process = builder.start();
        boolean finished = process.waitFor(10, TimeUnit.MINUTES);
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.deleteIfExists(log);
        assertThat(finished && process.exitValue() == 0).as("%s failed:%n%s", script, output).isTrue();
    }
}
