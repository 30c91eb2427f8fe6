package dev.partsmith.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.partsmith.test.TestDatabase;

/** {@code plan --out PLAN.json}, then {@code apply PLAN.json}: exactly the saved steps, refused when their objects changed. */
class SavedPlanCliIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    Path dir;

    private Path tables(String table) throws IOException {
        return Files.writeString(dir.resolve(table + ".yml"), """
                tables:
                  %s:
                    partition-column: created_at
                    granularity: month
                    create-ahead: 2
                """.formatted(table));
    }

    private static void createParent(String table) {
        db.jdbc().execute("CREATE TABLE " + table + " (id bigint NOT NULL, created_at timestamptz NOT NULL) PARTITION BY RANGE (created_at)");
    }

    private static long partitions(String table) {
        return db.jdbc().queryForObject("SELECT count(*) FROM pg_catalog.pg_inherits WHERE inhparent = ?::regclass", Long.class, table);
    }

    @Test
    void aSavedPlanIsAppliedExactlyOnce() throws IOException {
        createParent("events");
        Path tables = tables("events");
        Path plan = dir.resolve("plan.json");

        CliRun planned = CliRun.on(db, "plan", "--config", tables.toString(), "--out", plan.toString());

        assertThat(planned.exitCode()).isEqualTo(PartsmithCli.OK);
        assertThat(planned.out()).contains("events (public.events): 2 operations");
        JsonNode saved = JsonMapper.builder().build().readTree(Files.readString(plan));
        assertThat(saved.get("version").asInt()).isEqualTo(1);
        JsonNode table = saved.get("tables").get(0);
        assertThat(table.get("table").get("name").asString()).isEqualTo("events");
        assertThat(table.get("oid").asLong()).isEqualTo(db.jdbc().queryForObject("SELECT 'events'::regclass::oid::bigint", Long.class));
        assertThat(table.get("steps")).hasSize(2);
        assertThat(table.get("steps").get(0).get("action").asString()).isEqualTo("create");
        assertThat(partitions("events")).as("plan changes nothing").isZero();

        CliRun applied = CliRun.on(db, "apply", plan.toString(), "--config", tables.toString());

        assertThat(applied.exitCode()).isEqualTo(PartsmithCli.OK);
        assertThat(partitions("events")).isEqualTo(2);

        CliRun again = CliRun.on(db, "apply", plan.toString(), "--config", tables.toString());

        assertThat(again.exitCode()).isEqualTo(PartsmithCli.FAILED);
        assertThat(again.out()).contains("step 1 (create public.events__", ") refused: public.events__", " exists now (OID ");
        assertThat(partitions("events")).isEqualTo(2);
    }

    @Test
    void aPlanWhoseTableWasCreatedAgainIsRefusedAndNothingRuns() throws IOException {
        createParent("ledger");
        Path tables = tables("ledger");
        Path plan = dir.resolve("ledger.json");
        assertThat(CliRun.on(db, "plan", "--config", tables.toString(), "--out", plan.toString()).exitCode()).isEqualTo(PartsmithCli.OK);
        db.jdbc().execute("DROP TABLE ledger");
        createParent("ledger");

        CliRun applied = CliRun.on(db, "apply", plan.toString(), "--config", tables.toString());

        assertThat(applied.exitCode()).isEqualTo(PartsmithCli.FAILED);
        assertThat(applied.out()).contains("(dropped and created again)", "nothing of the saved plan of public.ledger was applied");
        assertThat(partitions("ledger")).isZero();
    }

    @Test
    void aFileThatIsNotASavedPlanIsBadUsage() throws IOException {
        createParent("visits");
        Path notAPlan = Files.writeString(dir.resolve("not-a-plan.json"), "{\"version\": 7, \"plannedAt\": \"2024-01-01T00:00:00Z\", \"tables\": []}");

        CliRun applied = CliRun.on(db, "apply", notAPlan.toString(), "--config", tables("visits").toString());

        assertThat(applied.exitCode()).isEqualTo(PartsmithCli.BAD_USAGE);
        assertThat(applied.err()).startsWith("partsmith-cli: cannot read the saved plan " + notAPlan + ": ")
                .contains("the plan was saved in version 7 of the format; this partsmith applies version 1: plan and save it again");
        assertThat(partitions("visits")).isZero();
    }
}
