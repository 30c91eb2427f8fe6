package dev.partsmith.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import dev.partsmith.test.TestDatabase;

/**
 * {@code plan --check} for CI pipelines that must not drift: exit code 2 while a run would do anything, with
 * the count of pending operations; 0 once nothing is pending; 1 when a table cannot be planned, which wins
 * over pending operations. Plain {@code plan} exits 0 either way.
 */
class PlanCheckIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    static Path dir;

    static Path tables;

    @BeforeAll
    static void createParents() throws IOException {
        db.jdbc().execute("""
                CREATE TABLE events (id bigint NOT NULL, created_at timestamptz NOT NULL) PARTITION BY RANGE (created_at);
                CREATE TABLE audit_log (id bigint NOT NULL, logged_at timestamptz NOT NULL) PARTITION BY RANGE (logged_at);
                """);
        tables = Files.writeString(dir.resolve("tables.yml"), """
                tables:
                  events:
                    partition-column: created_at
                    granularity: month
                    create-ahead: 2
                  audit-log:
                    table-name: audit_log
                    partition-column: logged_at
                    granularity: day
                    create-ahead: 3
                """);
    }

    @Test
    void exitCodeTwoWhileAnythingIsPendingZeroOnceApplied() {
        Result pending = cli("plan", "--check", "--config", tables.toString());
        assertThat(pending.exitCode).isEqualTo(PartsmithCli.PENDING).isEqualTo(2);
        assertThat(pending.out).contains("events (public.events): 2 operations", "audit-log (public.audit_log): 3 operations")
                .endsWith("Pending: 5 operations on 2 tables; exit code 2 (plan --check)" + System.lineSeparator());
        assertThat(json(cli("plan", "--check", "--config", tables.toString(), "--output", "json").out).get("exitCode").asInt()).isEqualTo(2);
        assertThat(cli("plan", "--config", tables.toString()).exitCode).as("without --check").isEqualTo(PartsmithCli.OK);

        assertThat(cli("apply", "--config", tables.toString()).exitCode).isEqualTo(PartsmithCli.OK);

        Result clean = cli("plan", "--check", "--config", tables.toString());
        assertThat(clean.exitCode).isEqualTo(PartsmithCli.OK);
        assertThat(clean.out).contains("events (public.events): nothing to do", "audit-log (public.audit_log): nothing to do")
                .doesNotContain("Pending");
    }

    @Test
    void aTableThatCannotBePlannedIsExitCodeOneEvenWithOthersPending() throws IOException {
        Path withMissing = Files.writeString(dir.resolve("missing.yml"), """
                tables:
                  ledger:
                    partition-column: booked_on
                    granularity: month
                  events:
                    partition-column: created_at
                    granularity: month
                    create-ahead: 4
                """);

        Result result = cli("plan", "--check", "--config", withMissing.toString());

        assertThat(result.exitCode).isEqualTo(PartsmithCli.FAILED);
        assertThat(result.out).contains("ledger (public.ledger): FAILED: table public.ledger does not exist", "events (public.events): ")
                .doesNotContain("Pending");
    }

    private static Result cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--db-url", db.jdbcUrl(), "--spring.datasource.username=" + db.user(),
                "--spring.datasource.password=" + Optional.ofNullable(db.password()).orElse("")));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exitCode = PartsmithCli.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                all.toArray(String[]::new));
        return new Result(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static tools.jackson.databind.JsonNode json(String text) {
        return JsonMapper.builder().build().readTree(text);
    }

    private record Result(int exitCode, String out, String err) {
    }
}
