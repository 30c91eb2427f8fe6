package dev.partsmith.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.partsmith.catalog.QualifiedName;
import dev.partsmith.lock.LockHandle;
import dev.partsmith.postgres.PostgresAdvisoryLockManager;
import dev.partsmith.test.TestCatalog;
import dev.partsmith.test.TestDatabase;
import dev.partsmith.test.TestPostgres;

/**
 * {@code partsmith-cli} run in-process through {@link PartsmithCli#run}, against the test database, for
 * each command and each exit code. Partitions are planned with the system clock, so the expected names
 * are computed from today. The tests run in order, each from where the one before left off.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(OutputCaptureExtension.class)
class PartsmithCliIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    static Path dir;

    static Path tables;

    static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

    @BeforeAll
    static void createParentsAndConfig() throws IOException {
        db.jdbc().execute("""
                CREATE TABLE events (id bigint NOT NULL, created_at timestamptz NOT NULL, payload text) PARTITION BY RANGE (created_at);
                CREATE TABLE events_default PARTITION OF events DEFAULT;
                CREATE TABLE audit_log (id bigint NOT NULL, logged_at timestamptz NOT NULL) PARTITION BY RANGE (logged_at);
                CREATE TABLE ledger (id bigint NOT NULL, booked_on date NOT NULL) PARTITION BY RANGE (booked_on);
                """);
        tables = config("tables.yml", """
                tables:
                  events:
                    partition-column: created_at
                    granularity: month
                    create-ahead: 3
                    retention: 12
                  audit-log:
                    table-name: audit_log
                    partition-column: logged_at
                    granularity: day
                    create-ahead: 7
                """);
    }

    @Test
    @Order(1)
    void planPrintsWhatARunWouldDoAndChangesNothing() {
        Result result = cli("plan", "--config", tables.toString(), "--partsmith.run-on-startup=true", "--partsmith.schedule.cron=* * * * * *");

        assertThat(result.exitCode).isEqualTo(PartsmithCli.OK);
        assertThat(result.out).contains("events (public.events): 3 operations", "  create public." + month(0) + " for [",
                "audit-log (public.audit_log): 7 operations", "  create public." + day(6) + " for [");
        assertThat(partitions("events")).as("neither the plan nor a start-up run changed anything").containsExactly("events_default");
        assertThat(partitions("audit_log")).isEmpty();
    }

    @Test
    @Order(2)
    void planAsJson() {
        Result result = cli("plan", "--config", tables.toString(), "--output", "json");

        assertThat(result.exitCode).isEqualTo(PartsmithCli.OK);
        assertThat(result.out.lines()).as("one JSON document, one line").hasSize(1);
        JsonNode report = json(result.out);
        assertThat(report.get("command").asString()).isEqualTo("plan");
        assertThat(report.get("exitCode").asInt()).isZero();
        JsonNode events = report.get("tables").get(0);
        assertThat(events.get("key").asString()).isEqualTo("events");
        assertThat(events.get("currentPeriod").asString()).isEqualTo(month(0).substring("events__".length()));
        assertThat(events.get("operations")).extracting(op -> op.get("type").asString() + " " + op.get("partition").asString())
                .containsExactly("CreatePartition public." + month(0), "CreatePartition public." + month(1), "CreatePartition public." + month(2));
    }

    @Test
    @Order(3)
    void applyRunsMaintenanceOnce() {
        Result result = cli("apply", "--config", tables.toString());

        assertThat(result.exitCode).isEqualTo(PartsmithCli.OK);
        assertThat(result.out).containsPattern("events \\(public.events\\): success in \\d+\\.\\d{3}s: created 3, detached 0, dropped 0,"
                + " moved 0 rows out of DEFAULT").contains("audit-log (public.audit_log): success in ");
        assertThat(partitions("events")).containsExactlyInAnyOrder(month(0), month(1), month(2), "events_default");
        assertThat(partitions("audit_log")).hasSize(7).startsWith(day(0)).endsWith(day(6));

        Result again = cli("apply", "--config", tables.toString(), "--output", "json");
        assertThat(again.exitCode).isEqualTo(PartsmithCli.OK);
        assertThat(json(again.out).get("tables")).extracting(run -> run.get("outcome").asString() + " " + run.get("created").asInt())
                .containsExactly("success 0", "success 0");
    }

    @Test
    @Order(4)
    void statusPrintsPartitionsAndRunway() {
        Result result = cli("status", "--config", tables.toString());

        assertThat(result.exitCode).isEqualTo(PartsmithCli.OK);
        assertThat(result.out).contains("events (public.events): month, create-ahead 3, retention 12, drop-grace PT0S", "  events_default ",
                "  " + month(2) + " ", "audit-log (public.audit_log): day, create-ahead 7, retention forever", "  " + day(6) + " ")
                .containsPattern("  runway PT\\d+H(\\d+M)?(\\d+S)? \\(min-runway PT\\d+H\\), ~0 rows in DEFAULT: OK\naudit-log")
                .containsPattern("  runway PT\\d+H(\\d+M)?(\\d+S)? \\(min-runway PT24H\\): OK\n$");

        JsonNode auditLog = json(cli("status", "--config", tables.toString(), "--output", "json").out).get("tables").get(1);
        assertThat(auditLog.get("granularity").asString()).isEqualTo("day");
        assertThat(auditLog.get("partitions")).hasSize(7);
        assertThat(auditLog.get("partitions").get(0).get("from").asString()).isEqualTo(TODAY + " 00:00:00+00");
        assertThat(auditLog.get("partitions").get(0).get("sizeEstimateBytes").isNumber()).isTrue();
        assertThat(auditLog.get("runwaySeconds").asLong()).isGreaterThan(6 * 24 * 3600)
                .as("the same runway, to the second, in both forms").isEqualTo(Duration.parse(auditLog.get("runway").asString()).toSeconds());
        assertThat(auditLog.get("runway").asString()).doesNotContain(".");
        assertThat(auditLog.get("problem").isNull()).isTrue();
    }

    @Test
    @Order(5)
    void aTableWhoseLockAnotherMaintainerHoldsIsSkippedAndThatIsASuccess() {
        db.jdbc().execute("DROP TABLE " + month(2));
        LockHandle held = new PostgresAdvisoryLockManager(db.dataSource(), "partsmith").tryLock(new QualifiedName("public", "events"))
                .orElseThrow();
        try {
            Result result = cli("apply", "--config", tables.toString());

            assertThat(result.exitCode).isEqualTo(PartsmithCli.OK);
            assertThat(result.out).contains("events (public.events): skipped: another maintainer holds the lock on public.events")
                    .contains("audit-log (public.audit_log): success in ");
            assertThat(partitions("events")).doesNotContain(month(2));
        }
        finally {
            held.close();
        }
        assertThat(cli("apply", "--config", tables.toString()).out).contains("created 1, detached 0");
        assertThat(partitions("events")).contains(month(2));
    }

    @Test
    @Order(6)
    void aTableThatFailsMakesExitCodeOneAndTheOthersAreStillDone() throws IOException {
        Path withMissing = config("with-missing.yml", Files.readString(tables) + """
                  missing:
                    partition-column: created_at
                    granularity: month
                """);
        db.jdbc().execute("DROP TABLE " + day(6));

        Result apply = cli("apply", "--config", withMissing.toString());
        assertThat(apply.exitCode).isEqualTo(PartsmithCli.FAILED);
        assertThat(apply.out).contains("audit-log (public.audit_log): success in ").contains("created 1")
                .containsPattern("missing \\(public.missing\\): FAILED in .*\n  ERROR .*missing");
        assertThat(partitions("audit_log")).as("the table after the failed one was maintained").contains(day(6));

        Result plan = cli("plan", "--config", withMissing.toString());
        assertThat(plan.exitCode).isEqualTo(PartsmithCli.FAILED);
        assertThat(plan.out).contains("events (public.events): nothing to do").contains("missing (public.missing): FAILED: ");

        Result status = cli("status", "--config", withMissing.toString(), "--output", "json");
        assertThat(status.exitCode).isEqualTo(PartsmithCli.FAILED);
        JsonNode report = json(status.out);
        assertThat(report.get("exitCode").asInt()).isEqualTo(1);
        assertThat(report.get("tables").get(2).get("problem").asString()).startsWith("cannot read the table: ");
    }

    @Test
    @Order(7)
    void statusFailsForATableWithNoRunway() throws IOException {
        Path ledger = config("ledger.yml", """
                tables:
                  ledger:
                    partition-column: booked_on
                    granularity: month
                """);

        Result result = cli("status", "--config", ledger.toString());

        assertThat(result.exitCode).isEqualTo(PartsmithCli.FAILED);
        assertThat(result.out).contains("ledger (public.ledger): month", "runway none (min-runway PT", "PROBLEM: no partition covers the time ahead");
    }

    @Test
    @Order(8)
    void aBadTableConfigIsExitCodeTwoWithTheStartersMessageAndChangesNothing() throws IOException {
        Path bad = config("bad.yml", """
                tables:
                  ledger:
                    partition-column: booked_on
                    granularity: month
                    create-ahead: 0
                """);

        Result result = cli("apply", "--config", bad.toString());

        assertThat(result.exitCode).isEqualTo(PartsmithCli.BAD_USAGE);
        assertThat(result.out).isEmpty();
        assertThat(result.err).contains("partsmith-cli: partsmith's configuration is invalid:", "Property: partsmith.tables.ledger.create-ahead",
                "Value:    \"0\"", "Origin:   ", "bad.yml", "Reason:   must be between 1 and 1000");
        assertThat(partitions("ledger")).isEmpty();

        Path unreadable = config("fortnight.yml", """
                tables:
                  ledger:
                    partition-column: booked_on
                    granularity: fortnight
                """);
        Result fortnight = cli("plan", "--config", unreadable.toString());
        assertThat(fortnight.exitCode).isEqualTo(PartsmithCli.BAD_USAGE);
        assertThat(fortnight.err).contains("Property: partsmith.tables.ledger.granularity", "Value:    \"fortnight\"", "fortnight.yml",
                "Reason:   must be one of hour, day, week, month, quarter, year");
    }

    @Test
    @Order(9)
    void badArgumentsAreExitCodeTwo() throws IOException {
        assertThat(cli("prune", "--config", tables.toString())).satisfies(result -> {
            assertThat(result.exitCode).isEqualTo(PartsmithCli.BAD_USAGE);
            assertThat(result.err).startsWith("partsmith-cli: unknown command 'prune': give plan, apply or status").contains("Usage: partsmith-cli");
        });
        assertThat(cli("apply", "--force").err).startsWith("partsmith-cli: unknown option --force");
        assertThat(cli("apply", "--output", "xml").err).startsWith("partsmith-cli: --output is text or json, not 'xml'");
        assertThat(cli("apply", "--config", dir.resolve("nowhere.yml").toString()).err)
                .startsWith("partsmith-cli: --config: there is no file " + dir.resolve("nowhere.yml"));
        assertThat(cli("apply", "--config", config("empty.yml", "lock:\n  prefix: other\n").toString()).err)
                .startsWith("partsmith-cli: no tables in ");
        assertThat(cli("apply", "--config", config("two.yml", "tables: {}\n---\ntables: {}\n").toString()).err).contains("2 YAML documents");

        Result noDatabase = run("apply", "--config", tables.toString(), "--spring.datasource.url=");
        assertThat(noDatabase.exitCode).isEqualTo(PartsmithCli.BAD_USAGE);
        assertThat(noDatabase.err).startsWith("partsmith-cli: no database: give --db-url, or set SPRING_DATASOURCE_URL");

        Result mysql = run("apply", "--config", tables.toString(), "--db-url", "mysql://app:secret@db/app");
        assertThat(mysql.exitCode).isEqualTo(PartsmithCli.BAD_USAGE);
        assertThat(mysql.err).contains("--db-url must be a JDBC URL").contains("'mysql://***@db/app'").doesNotContain("secret");
    }

    @Test
    @Order(10)
    void aPostgresqlUrlAndAnApplicationYmlWork() throws IOException {
        Path applicationYml = config("application.yml", """
                spring:
                  main:
                    banner-mode: off
                partsmith:
                  tables:
                    audit-log:
                      table-name: audit_log
                      partition-column: logged_at
                      granularity: day
                      create-ahead: 7
                """);
        String url = db.jdbcUrl().replace("jdbc:postgresql://", "postgresql://" + URLEncoder.encode(db.user(), StandardCharsets.UTF_8)
                + Optional.ofNullable(db.password()).filter(password -> !password.isEmpty())
                        .map(password -> ":" + URLEncoder.encode(password, StandardCharsets.UTF_8)).orElse("") + "@");

        Result result = run("status", "--config", applicationYml.toString(), "--db-url", url);

        assertThat(result.exitCode).as(result.err).isEqualTo(PartsmithCli.OK);
        assertThat(result.out).startsWith("audit-log (public.audit_log): day").doesNotContain("events");
    }

    @Test
    @Order(11)
    void helpPrintsTheUsage() {
        Result result = run("--help");

        assertThat(result.exitCode).isEqualTo(PartsmithCli.OK);
        assertThat(result.out).startsWith("Usage: partsmith-cli plan|apply|status [options]").contains("Exit codes: 0 success");
    }

    @Test
    @Order(12)
    void aDatabaseThatCannotBeReachedIsOneLineNamingItAndExitCodeOne(CapturedOutput output) {
        String url = "jdbc:postgresql://127.0.0.1:1/" + db.name();
        for (String command : List.of("plan", "status", "apply")) {
            Result result = run(command, "--config", tables.toString(), "--db-url", url, "--spring.datasource.username=" + db.user(),
                    "--spring.datasource.password=the-secret");

            assertThat(result.exitCode).as(command).isEqualTo(PartsmithCli.FAILED);
            assertThat(result.out).as(command).isEmpty();
            assertThat(result.err.lines()).as(command).singleElement().asString()
                    .startsWith("partsmith-cli: cannot connect to PostgreSQL at 127.0.0.1:1, database \"" + db.name() + "\", role \"" + db.user()
                            + "\": Connection to 127.0.0.1:1 refused.")
                    .endsWith("[SQLSTATE 08001]").doesNotContain("the-secret");
        }
        assertThat(output).as("no stack trace anywhere, logs included").doesNotContain("\tat ", "Caused by");
    }

    @Test
    @Order(13)
    void aRoleOrADatabaseTheServerRefusesIsExitCodeTwo(CapturedOutput output) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String missingRole = "pst_cli_missing_" + suffix;
        Result noRole = run("status", "--config", tables.toString(), "--db-url", db.jdbcUrl(), "--spring.datasource.username=" + missingRole);
        assertThat(noRole.exitCode).isEqualTo(PartsmithCli.BAD_USAGE);
        assertThat(noRole.err.lines()).singleElement().asString().contains(", role \"" + missingRole + "\": FATAL: role \"" + missingRole
                + "\" does not exist [SQLSTATE 28000]");

        String missingDatabase = "pst_cli_missing_" + suffix;
        Result noDatabase = run("plan", "--config", tables.toString(), "--db-url", TestPostgres.get().urlFor(missingDatabase),
                "--spring.datasource.username=" + db.user(), "--spring.datasource.password=" + Optional.ofNullable(db.password()).orElse(""));
        assertThat(noDatabase.exitCode).isEqualTo(PartsmithCli.BAD_USAGE);
        assertThat(noDatabase.err.lines()).singleElement().asString().contains(", database \"" + missingDatabase + "\", role \"" + db.user()
                + "\": FATAL: database \"" + missingDatabase + "\" does not exist [SQLSTATE 3D000]");

        // A server that checks passwords refuses the wrong one (28P01); one that trusts local connections refuses the role (28000).
        String noLogin = "pst_cli_nologin_" + suffix;
        db.jdbc().execute("CREATE ROLE " + noLogin + " NOLOGIN PASSWORD 'the-right-one'");
        try {
            Result refused = run("apply", "--config", tables.toString(), "--output", "json", "--db-url", db.jdbcUrl(),
                    "--spring.datasource.username=" + noLogin, "--spring.datasource.password=a-wrong-one");
            assertThat(refused.exitCode).isEqualTo(PartsmithCli.BAD_USAGE);
            assertThat(refused.out).as("nothing was done, no report").isEmpty();
            assertThat(refused.err.lines()).singleElement().asString()
                    .startsWith("partsmith-cli: cannot connect to PostgreSQL at ").contains(", role \"" + noLogin + "\": FATAL: ")
                    .containsPattern("\\[SQLSTATE 28(000|P01)]$").doesNotContain("a-wrong-one");
        }
        finally {
            db.jdbc().execute("DROP ROLE " + noLogin);
        }
        assertThat(output).doesNotContain("\tat ", "Caused by");
    }

    @Test
    @Order(14)
    void verbosePrintsTheStackTrace() {
        Result result = run("apply", "--verbose", "--config", tables.toString(), "--db-url", "jdbc:postgresql://127.0.0.1:1/" + db.name());

        assertThat(result.exitCode).isEqualTo(PartsmithCli.FAILED);
        assertThat(result.err).startsWith("partsmith-cli: cannot connect to PostgreSQL at 127.0.0.1:1")
                .contains("dev.partsmith.DatabaseConnectionException: cannot connect", "\tat ", "Caused by: ");
    }

    /** Runs the CLI on the test database. */
    private static Result cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--db-url", db.jdbcUrl(), "--spring.datasource.username=" + db.user(),
                "--spring.datasource.password=" + Optional.ofNullable(db.password()).orElse("")));
        return run(all.toArray(String[]::new));
    }

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exitCode = PartsmithCli.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                args);
        return new Result(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    @Order(15)
    void aMisspelledKeyInTheTablesFileIsExitCodeTwoNamingTheKeyItsLineAndTheClosestKnownKey() throws IOException {
        Path typo = config("typo.yml", """
                tables:
                  ledger:
                    partition-column: booked_on
                    granularity: month
                    retension: 12
                """);
        Path tablesTypo = config("tables-typo.yml", """
                tabels:
                  ledger:
                    partition-column: booked_on
                    granularity: month
                """);

        Result result = cli("apply", "--config", typo.toString());
        Result misspelledTables = cli("apply", "--config", tablesTypo.toString());

        assertThat(result.exitCode).isEqualTo(PartsmithCli.BAD_USAGE);
        assertThat(result.out).isEmpty();
        assertThat(result.err).contains("partsmith-cli: partsmith's configuration has keys partsmith does not know:",
                "Property: partsmith.tables.ledger.retension", "typo.yml", "did you mean partsmith.tables.ledger.retention?");
        assertThat(misspelledTables.exitCode).isEqualTo(PartsmithCli.BAD_USAGE);
        assertThat(misspelledTables.err).contains("Property: partsmith.tabels.ledger.partition-column", "did you mean partsmith.tables.");
        assertThat(partitions("ledger")).isEmpty();
    }

    @Test
    @Order(16)
    void everyKeyShapeIsAppliedAndItsTreePrinted() throws IOException {
        db.jdbc().execute("""
                CREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY, amount numeric) PARTITION BY RANGE (id);
                CREATE TABLE metrics (region text NOT NULL, at timestamptz NOT NULL) PARTITION BY LIST (region);
                """);
        Path shapes = config("shapes.yml", """
                tables:
                  orders:
                    partition-column: id
                    interval: 1000
                    create-ahead: 2
                  metrics:
                    partition-column: region
                    list:
                      values: [eu, us]
                    subpartitions:
                      - partition-column: at
                        granularity: day
                        create-ahead: 2
                """);

        Result apply = cli("apply", "--config", shapes.toString());
        Result status = cli("status", "--config", shapes.toString());

        assertThat(apply.exitCode).as(apply.err).isEqualTo(PartsmithCli.OK);
        assertThat(partitions("orders")).containsExactly("orders__p0", "orders__p1000");
        assertThat(partitions("metrics")).containsExactly("metrics__eu", "metrics__us");
        String today = "metrics__eu__" + TODAY.toString().replace('-', '_');
        assertThat(partitions("metrics__eu")).contains(today);
        assertThat(status.exitCode).as(status.out).isEqualTo(PartsmithCli.OK);
        assertThat(status.out).contains("orders (public.orders): interval 1000", "runway 2000 keys (min-runway 1000 keys)",
                "metrics (public.metrics): list (2 values) > day", "  metrics__eu", "    " + today);
    }

    private static Path config(String name, String yaml) throws IOException {
        return Files.writeString(dir.resolve(name), yaml);
    }

    private static JsonNode json(String text) {
        return JsonMapper.builder().build().readTree(text);
    }

    private static List<String> partitions(String parent) {
        return new TestCatalog(db.dataSource()).partitions(parent);
    }

    private static String month(int ahead) {
        LocalDate month = TODAY.plusMonths(ahead);
        return String.format("events__%d_%02d", month.getYear(), month.getMonthValue());
    }

    private static String day(int ahead) {
        LocalDate day = TODAY.plusDays(ahead);
        return String.format("audit_log__%d_%02d_%02d", day.getYear(), day.getMonthValue(), day.getDayOfMonth());
    }

    private record Result(int exitCode, String out, String err) {
    }
}
