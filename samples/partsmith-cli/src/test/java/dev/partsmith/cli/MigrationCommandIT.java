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

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.partsmith.test.TestCatalog;
import dev.partsmith.test.TestDatabase;

/**
 * {@code partsmith-cli partition|unpartition|abort-migration} run in-process through {@link PartsmithCli#run}
 * against the test database: in batches with a pause and a second call, as JSON, back the other way, with
 * the table's settings from a tables file, and each exit code.
 */
class MigrationCommandIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    Path dir;

    private TestCatalog sql;

    @BeforeEach
    void createTable() {
        sql = new TestCatalog(db.dataSource());
        sql.exec("DROP SCHEMA public CASCADE", "CREATE SCHEMA public",
                "CREATE TABLE events (id bigserial PRIMARY KEY, created_at timestamptz NOT NULL, payload text)",
                "INSERT INTO events (created_at, payload) SELECT now() - g * interval '1 hour', 'row ' || g FROM generate_series(0, 999) g");
    }

    @Test
    void partitionInBatchesPausesAndTheNextCallCarriesOnToTheSwap() {
        Result paused = cli("partition", "--table", "events", "--column", "created_at", "--granularity", "month", "--batch-size", "100",
                "--max-batches", "3", "--sleep", "1ms");

        assertThat(paused.exitCode).as(paused.err).isEqualTo(PartsmithCli.OK);
        assertThat(paused.out).startsWith("public.events: paused in ")
                .endsWith(": copied 3 batches (300 rows so far); the next call carries on; this call copied 3 batches" + System.lineSeparator());
        assertThat(paused.err).contains("partsmith-cli: public.events: creating the new table ...", "partsmith-cli: public.events: copying rows ...");
        assertThat(sql.exists("public", "events_intermediate")).isTrue();

        Result swapped = cli("partition", "--table", "events", "--column", "created_at", "--granularity", "month", "--batch-size", "100");

        assertThat(swapped.exitCode).as(swapped.err).isEqualTo(PartsmithCli.OK);
        assertThat(swapped.out).startsWith("public.events: swapped in ").contains(": public.events was partitioned at ",
                "; the old table is kept as public.events_retired; this call copied 7 batches; verified 1000 and 1000 rows");
        assertThat(swapped.err).containsPattern("\\[#{30}\\] 100%  1,000 / ~1,000 rows  [\\d,]+ rows/s  done");
        assertThat(sql.count("events")).isEqualTo(1000);
        assertThat(sql.queryLong("SELECT count(*) FROM pg_partitioned_table WHERE partrelid = 'events'::regclass")).isOne();
    }

    @Test
    void asJsonWithTheTablesSettingsFromTheConfigFileAndBackWithUnpartition() throws IOException {
        Path tables = Files.writeString(dir.resolve("tables.yml"), """
                tables:
                  events:
                    partition-column: created_at
                    granularity: day
                    create-ahead: 2
                """);

        Result result = cli("partition", "--table", "events", "--config", tables.toString(), "--checksum", "--output", "json");

        assertThat(result.exitCode).as(result.err).isEqualTo(PartsmithCli.OK);
        assertThat(result.out.lines()).hasSize(1);
        JsonNode report = JsonMapper.builder().build().readTree(result.out);
        assertThat(report.get("command").asString()).isEqualTo("partition");
        assertThat(report.get("exitCode").asInt()).isZero();
        assertThat(report.get("table").asString()).isEqualTo("public.events");
        assertThat(report.get("outcome").asString()).isEqualTo("SWAPPED");
        assertThat(report.get("nextStep").asString()).isEqualTo("DONE");
        assertThat(report.get("copiedRows").asLong()).isEqualTo(1000);
        assertThat(report.get("verification").get("sourceRows").asLong()).isEqualTo(1000);
        assertThat(report.get("verification").get("sourceChecksum").asString())
                .isEqualTo(report.get("verification").get("twinChecksum").asString());
        long days = sql.queryLong("SELECT (now() AT TIME ZONE 'UTC')::date + 1 - (SELECT min(created_at) AT TIME ZONE 'UTC' FROM events)::date + 1");
        assertThat(sql.partitions("events")).as("a partition a day from the oldest row's to tomorrow, and DEFAULT").hasSize((int) days + 1)
                .contains("events_default");

        sql.exec("DROP TABLE events_retired");
        Result back = cli("unpartition", "--table", "events");

        assertThat(back.exitCode).as(back.err).isEqualTo(PartsmithCli.OK);
        assertThat(back.out).startsWith("public.events: swapped in ").contains("public.events was unpartitioned at ");
        assertThat(sql.queryLong("SELECT count(*) FROM pg_class WHERE oid = 'events'::regclass AND relkind = 'r'")).isOne();
        assertThat(sql.count("events")).isEqualTo(1000);
    }

    @Test
    void abortMigrationRemovesAnUnfinishedPartitioning() {
        cli("partition", "--table", "events", "--column", "created_at", "--granularity", "month", "--batch-size", "100", "--max-batches", "1");

        Result result = cli("abort-migration", "--table", "events");

        assertThat(result.exitCode).isEqualTo(PartsmithCli.OK);
        assertThat(result.out).startsWith("public.events: aborted in ")
                .endsWith(": aborted the partitioning of public.events at step COPY; public.events is as it was" + System.lineSeparator());
        assertThat(sql.exists("public", "events_intermediate")).isFalse();
        assertThat(cli("abort-migration", "--table", "events").out).contains("nothing to abort in ",
                "no migration of public.events is in progress: nothing to abort");
    }

    @Test
    void aTableThatCannotBePartitionedIsExitCodeOneWithTheReason() {
        sql.exec("CREATE TABLE visits (visitor text, created_at timestamptz NOT NULL)");

        Result result = cli("partition", "--table", "visits", "--column", "created_at", "--granularity", "month");

        assertThat(result.exitCode).isEqualTo(PartsmithCli.FAILED);
        assertThat(result.out).isEqualTo("public.visits: FAILED: cannot partition public.visits: it has no primary key (nor a unique index on"
                + " NOT NULL columns), by which partsmith copies its rows in order and matches them; add one" + System.lineSeparator());
        assertThat(sql.exists("public", "visits_intermediate")).isFalse();
    }

    @Test
    void badArgumentsAreExitCodeTwoWithTheUsage() {
        Result noTable = cli("partition", "--column", "created_at", "--granularity", "month");
        Result badGranularity = cli("partition", "--table", "events", "--column", "created_at", "--granularity", "fortnight");
        Result columnAlone = cli("partition", "--table", "events", "--column", "created_at");
        Result noConfig = cli("partition", "--table", "events");
        Result badBatch = cli("partition", "--table", "events", "--column", "created_at", "--granularity", "month", "--batch-size", "0");

        assertThat(noTable.exitCode).isEqualTo(PartsmithCli.BAD_USAGE);
        assertThat(noTable.err).startsWith("partsmith-cli: --table is required: the table to partition").contains("Usage: partsmith-cli partition");
        assertThat(badGranularity.err).startsWith("partsmith-cli: --granularity is hour, day, week, month, quarter or year, not 'fortnight'");
        assertThat(columnAlone.err).startsWith("partsmith-cli: give --column and --granularity together, or neither");
        assertThat(noConfig.exitCode).isEqualTo(PartsmithCli.BAD_USAGE);
        assertThat(noConfig.err).isEqualTo("partsmith-cli: give --column and --granularity, or describe public.events under tables: in --config"
                + System.lineSeparator());
        assertThat(badBatch.exitCode).isEqualTo(PartsmithCli.BAD_USAGE);
        assertThat(badBatch.err).startsWith("partsmith-cli: Invalid partition config: batchSize must be at least 1 (was '0')");
        assertThat(List.of(badGranularity.exitCode, columnAlone.exitCode)).containsOnly(PartsmithCli.BAD_USAGE);
        assertThat(sql.exists("public", "events_intermediate")).isFalse();
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

    private record Result(int exitCode, String out, String err) {
    }
}
