package dev.partsmith.autoconfigure.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.partsmith.autoconfigure.InvalidPartsmithPropertiesException;
import dev.partsmith.autoconfigure.MaintenanceRunner;
import dev.partsmith.autoconfigure.PartsmithAutoConfiguration;
import dev.partsmith.lifecycle.MaintenanceResult;
import dev.partsmith.plan.MaintenanceIssue;
import dev.partsmith.plan.MaintenanceIssueStep;
import dev.partsmith.test.TestCatalog;
import dev.partsmith.test.TestDatabase;

/** Declarative SQL hooks against PostgreSQL: placeholders quoted for any name, and failures handled like Java hooks'. */
class SqlHooksIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final String TABLE = "Event \"Log\"";

    private TestCatalog catalog;

    @BeforeEach
    void createParent() {
        catalog = new TestCatalog(db.dataSource());
        catalog.jdbc().execute("DROP TABLE IF EXISTS \"Event \"\"Log\"\"\", \"Event \"\"Log\"\"__2024_02\", \"Event \"\"Log\"\"__2024_03\", hook_log, detached_marker");
        catalog.jdbc().execute("CREATE TABLE \"Event \"\"Log\"\"\" (id bigint, \"created at\" timestamptz NOT NULL) PARTITION BY RANGE (\"created at\")");
        catalog.jdbc().execute("CREATE TABLE \"Event \"\"Log\"\"__2024_02\" PARTITION OF \"Event \"\"Log\"\"\" FOR VALUES FROM ('2024-02-01') TO ('2024-03-01')");
        catalog.jdbc().execute("INSERT INTO \"Event \"\"Log\"\"\" VALUES (1, '2024-02-02')");
        catalog.jdbc().execute("CREATE TABLE hook_log (step text, partition_name text, rows bigint, lower_bound timestamptz, upper_bound timestamptz)");
    }

    private ApplicationContextRunner runner(String... hooks) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, PartsmithAutoConfiguration.class))
                .withBean("partsmithClock", Clock.class, () -> Clock.fixed(Instant.parse("2024-03-15T10:00:00Z"), ZoneOffset.UTC))
                .withPropertyValues("partsmith.safety.max-clock-skew=36500d", "spring.datasource.url=" + db.jdbcUrl(), "spring.datasource.username=" + db.user(),
                        "spring.datasource.password=" + db.password(), "partsmith.run-on-startup=false", "partsmith.schedule.cron=-",
                        "partsmith.tables.log.table-name=" + TABLE, "partsmith.tables.log.partition-column=created at",
                        "partsmith.tables.log.granularity=month", "partsmith.tables.log.create-ahead=1", "partsmith.tables.log.retention=1")
                .withPropertyValues(hooks);
    }

    private MaintenanceResult maintain(String... hooks) {
        MaintenanceResult[] result = new MaintenanceResult[1];
        runner(hooks).run(context -> result[0] = context.getBean(MaintenanceRunner.class).run("log"));
        return result[0];
    }

    @Test
    void placeholdersAreQuotedForAnyName() {
        MaintenanceResult result = maintain(
                "partsmith.tables.log.hooks.after-create[0]=INSERT INTO hook_log SELECT 'after-create', {partition_name}, count(*), {from}, {to}"
                        + " FROM {partition}",
                "partsmith.tables.log.hooks.after-create[1]=INSERT INTO hook_log SELECT 'parent', {partition_name}, count(*), NULL, NULL FROM {parent}",
                "partsmith.tables.log.hooks.before-detach[0]=INSERT INTO hook_log SELECT 'before-detach', {partition_name}, count(*), {from}, {to}"
                        + " FROM {partition}",
                "partsmith.tables.log.hooks.after-detach[0]=CREATE TABLE {schema}.detached_marker AS SELECT {partition_name}::text AS name",
                "partsmith.tables.log.hooks.before-drop[0]=INSERT INTO hook_log SELECT 'before-drop', {partition_name}, count(*), NULL, NULL"
                        + " FROM {partition}");

        assertThat(result.success()).as(String.valueOf(result.issues())).isTrue();
        assertThat(catalog.jdbc().queryForList("SELECT step || ' ' || partition_name || ' ' || rows || ' ' || coalesce(lower_bound::text, '-')"
                + " || ' ' || coalesce(upper_bound::text, '-') FROM hook_log ORDER BY step", String.class)).containsExactly(
                        "after-create Event \"Log\"__2024_03 0 2024-03-01 00:00:00+00 2024-04-01 00:00:00+00",
                        "before-detach Event \"Log\"__2024_02 1 2024-02-01 00:00:00+00 2024-03-01 00:00:00+00",
                        "before-drop Event \"Log\"__2024_02 1 - -",
                        "parent Event \"Log\"__2024_03 1 - -");
        assertThat(catalog.jdbc().queryForObject("SELECT name FROM public.detached_marker", String.class)).isEqualTo("Event \"Log\"__2024_02");
    }

    @Test
    void aFailingBeforeHookStopsItsOperationAndRollsBackItsStatements() {
        MaintenanceResult result = maintain("partsmith.tables.log.hooks.before-drop[0]=INSERT INTO hook_log (step) VALUES ('first')",
                "partsmith.tables.log.hooks.before-drop[1]=INSERT INTO no_such_table VALUES (1)");

        assertThat(result.success()).isFalse();
        assertThat(result.errors()).singleElement().satisfies(issue -> {
            assertThat(issue.step()).isEqualTo(MaintenanceIssueStep.BEFORE_DROP_HOOK);
            assertThat(issue.message()).contains("partsmith.tables.log.hooks.before-drop[1] failed:")
                    .contains("relation \"no_such_table\" does not exist");
        });
        assertThat(result.createdCount()).as("the other operations ran").isEqualTo(1);
        assertThat(result.detachedCount()).isEqualTo(1);
        assertThat(result.droppedCount()).isZero();
        assertThat(catalog.exists("\"Event \"\"Log\"\"__2024_02\"")).as("kept for the next run").isTrue();
        assertThat(catalog.queryLong("SELECT count(*) FROM hook_log")).as("the step's statements are one transaction").isZero();
    }

    @Test
    void aFailingBeforeCreateHookLeavesThePartitionUncreated() {
        MaintenanceResult result = maintain("partsmith.tables.log.hooks.before-create[0]=SELECT 1 / 0");

        assertThat(result.success()).isFalse();
        assertThat(result.errors()).extracting(MaintenanceIssue::step).containsExactly(MaintenanceIssueStep.BEFORE_CREATE_HOOK);
        assertThat(result.error()).contains("partsmith.tables.log.hooks.before-create[0] failed:").contains("division by zero");
        assertThat(catalog.bounds("\"Event \"\"Log\"\"\"")).doesNotContainKey("Event \"Log\"__2024_03");
    }

    @Test
    void aFailingAfterHookIsAWarning() {
        MaintenanceResult result = maintain("partsmith.tables.log.hooks.after-create[0]=SELECT 1 / 0");

        assertThat(result.success()).isTrue();
        assertThat(result.issues()).singleElement().satisfies(issue -> {
            assertThat(issue.severity()).isEqualTo(MaintenanceIssue.Severity.WARNING);
            assertThat(issue.step()).isEqualTo(MaintenanceIssueStep.AFTER_CREATE_HOOK);
            assertThat(issue.message()).contains("partsmith.tables.log.hooks.after-create[0] failed:");
        });
        assertThat(catalog.bounds("\"Event \"\"Log\"\"\"")).containsKey("Event \"Log\"__2024_03");
    }

    @Test
    void hooksComeAsCodeOrAsAFileAndEveryStepRendersTheBoundsAlike(@TempDir Path directory) throws IOException {
        Path file = Files.writeString(directory.resolve("after-drop.sql"),
                "INSERT INTO hook_log SELECT 'file after-drop', {partition_name}, {moved_rows}, {from}, {to}");

        MaintenanceResult result = maintain("partsmith.tables.log.hooks.after-detach[0].code=INSERT INTO hook_log SELECT 'code after-detach',"
                + " {partition_name}, count(*), {from}, {to} FROM {partition}",
                "partsmith.tables.log.hooks.before-drop[0].file=classpath:partsmith/log-drop.sql",
                "partsmith.tables.log.hooks.after-drop[0].file=file:" + file);

        assertThat(result.success()).as(String.valueOf(result.issues())).isTrue();
        assertThat(catalog.jdbc().queryForList("SELECT step || ' ' || partition_name || ' ' || rows || ' ' || lower_bound || ' ' || upper_bound"
                + " FROM hook_log ORDER BY step", String.class)).containsExactly(
                        "code after-detach Event \"Log\"__2024_02 1 2024-02-01 00:00:00+00 2024-03-01 00:00:00+00",
                        "file after-drop Event \"Log\"__2024_02 0 2024-02-01 00:00:00+00 2024-03-01 00:00:00+00",
                        "file before-drop Event \"Log\"__2024_02 1 2024-02-01 00:00:00+00 2024-03-01 00:00:00+00");
    }

    @Test
    void aMissingFileFailsTheStartNamingTheProperty() {
        runner("partsmith.tables.log.hooks.before-drop[0].file=classpath:partsmith/no-such.sql").run(context -> {
            assertThat(context).hasFailed();
            assertThat(InvalidPartsmithPropertiesException.of(context.getStartupFailure())).hasValueSatisfying(invalid ->
                    assertThat(invalid.violations()).singleElement().satisfies(violation -> {
                        assertThat(violation.field()).isEqualTo("partsmith.tables.log.hooks.before-drop[0].file");
                        assertThat(violation.value()).isEqualTo("classpath:partsmith/no-such.sql");
                        assertThat(violation.reason()).startsWith("names no readable file (class path resource [partsmith/no-such.sql]");
                    }));
        });
    }
}
