package dev.partsmith.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import dev.partsmith.config.PartitionGranularity;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.lifecycle.HookPoint;

class PartsmithPropertiesTest {

    private static PartsmithTable table(PartsmithTables tables, String key) {
        return tables.get(key).orElseThrow();
    }

    @Test
    void aTableBindsIntoItsConfig() {
        Runners.partsmith().withPropertyValues("partsmith.tables.events.schema=audit", "partsmith.tables.events.partition-column=created_at",
                "partsmith.tables.events.granularity=day", "partsmith.tables.events.create-ahead=7", "partsmith.tables.events.retention=30",
                "partsmith.tables.events.drop-grace=7d", "partsmith.tables.events.timezone=Europe/Moscow",
                "partsmith.tables.events.min-runway=36h", "partsmith.ddl.lock-timeout=500ms", "partsmith.ddl.retry-budget=10s").run(context -> {
                    PartsmithTable events = table(context.getBean(PartsmithTables.class), "events");
                    TablePartitionConfig config = events.config();
                    assertThat(config.schema()).isEqualTo("audit");
                    assertThat(config.tableName()).as("the key, when table-name is not set").isEqualTo("events");
                    assertThat(config.partitionColumn()).isEqualTo("created_at");
                    assertThat(config.granularity()).contains(PartitionGranularity.DAY);
                    assertThat(config.createAheadCount()).isEqualTo(7);
                    assertThat(config.retentionCount()).contains(30);
                    assertThat(config.dropGrace()).isEqualTo(Duration.ofDays(7));
                    assertThat(config.timezone()).isEqualTo(ZoneId.of("Europe/Moscow"));
                    assertThat(config.lockTimeout()).isEqualTo(Duration.ofMillis(500));
                    assertThat(config.retryBudget()).isEqualTo(Duration.ofSeconds(10));
                    assertThat(events.config().minRunway(Instant.now())).isEqualTo(Duration.ofHours(36));
                });
    }

    @Test
    void unsetValuesTakePartsmithsDefaults() {
        Runners.withEvents().run(context -> {
            PartsmithTable events = table(context.getBean(PartsmithTables.class), "events");
            TablePartitionConfig config = events.config();
            assertThat(config.schema()).isEqualTo("public");
            assertThat(config.createAheadCount()).isEqualTo(3);
            assertThat(config.retentionCount()).as("keep forever").isEmpty();
            assertThat(config.dropGrace()).isZero();
            assertThat(config.timezone()).isEqualTo(ZoneOffset.UTC);
            assertThat(config.lockTimeout()).isEqualTo(Duration.ofSeconds(1));
            assertThat(config.retryBudget()).isEqualTo(Duration.ofSeconds(30));
            assertThat(events.config().minRunway(Instant.parse("2024-02-10T00:00:00Z"))).as("one period: February 2024").isEqualTo(Duration.ofDays(29));
            assertThat(events.config().minRunway(Instant.parse("2024-03-10T00:00:00Z"))).isEqualTo(Duration.ofDays(31));
            assertThat(HookPoint.values()).allSatisfy(point -> assertThat(events.sqlHooks(point)).isEmpty());
        });
    }

    @Test
    void everyTableInheritsTheDefaultsItDoesNotSet() {
        Runners.partsmith().withPropertyValues("partsmith.defaults.partition-column=created_at", "partsmith.defaults.granularity=month",
                "partsmith.defaults.create-ahead=6", "partsmith.defaults.retention=24", "partsmith.defaults.timezone=America/New_York",
                "partsmith.defaults.hooks.after-create[0]=ANALYZE {partition}", "partsmith.tables.events.retention=12",
                "partsmith.tables.audit-log.table-name=Audit Log", "partsmith.tables.audit-log.granularity=week",
                "partsmith.tables.audit-log.hooks.after-create[0]=VACUUM {partition}", "partsmith.tables.audit-log.hooks.after-create[1]=SELECT 1")
                .run(context -> {
                    PartsmithTables tables = context.getBean(PartsmithTables.class);
                    assertThat(tables.keys()).containsExactly("events", "audit-log");
                    TablePartitionConfig events = table(tables, "events").config();
                    assertThat(events.createAheadCount()).isEqualTo(6);
                    assertThat(events.retentionCount()).contains(12);
                    assertThat(events.timezone()).isEqualTo(ZoneId.of("America/New_York"));
                    assertThat(table(tables, "events").sqlHooks(HookPoint.AFTER_CREATE)).extracting(SqlHookStatement::sql)
                            .containsExactly("ANALYZE {partition}");
                    TablePartitionConfig audit = table(tables, "audit-log").config();
                    assertThat(audit.tableName()).isEqualTo("Audit Log");
                    assertThat(audit.granularity()).contains(PartitionGranularity.WEEK);
                    assertThat(audit.partitionColumn()).isEqualTo("created_at");
                    assertThat(audit.retentionCount()).contains(24);
                    assertThat(table(tables, "audit-log").sqlHooks(HookPoint.AFTER_CREATE)).as("a table's list replaces the default's")
                            .extracting(SqlHookStatement::sql, SqlHookStatement::property)
                            .containsExactly(tuple("VACUUM {partition}", "partsmith.tables.audit-log.hooks.after-create[0]"),
                                    tuple("SELECT 1", "partsmith.tables.audit-log.hooks.after-create[1]"));
                    assertThat(tables.get(audit.qualifiedName())).map(PartsmithTable::key).contains("audit-log");
                });
    }

    @Test
    void aDisabledTableIsLeftAlone() {
        Runners.withEvents().withPropertyValues("partsmith.tables.old.enabled=false", "partsmith.tables.old.granularity=year")
                .run(context -> assertThat(context.getBean(PartsmithTables.class).keys()).containsExactly("events"));
        Runners.withEvents().withPropertyValues("partsmith.defaults.enabled=false", "partsmith.tables.kept.enabled=true",
                "partsmith.tables.kept.partition-column=at", "partsmith.tables.kept.granularity=hour")
                .run(context -> assertThat(context.getBean(PartsmithTables.class).keys()).containsExactly("kept"));
    }

    @Test
    void aWrongValueFailsTheStartNamingItsProperty() {
        String[] properties = { "partsmith.tables.events.create-ahead=0" };
        Runners.withEvents().withPropertyValues(properties).run(context -> {
            assertThat(context).hasFailed();
            assertThat(FailureReports.report(context, properties)).contains("partsmith's configuration is invalid")
                    .contains("Property: partsmith.tables.events.create-ahead")
                    .contains("Value:    \"0\"")
                    .contains("Origin:   \"partsmith.tables.events.create-ahead\" from property source")
                    .contains("Reason:   must be between 1 and 1000 (it counts the current period)")
                    .contains("Update your application's configuration");
        });
    }

    @Test
    void aWrongDefaultIsNamedWhereItWasSet() {
        Runners.withEvents().withPropertyValues("partsmith.defaults.retention=0").run(context -> assertThat(FailureReports.report(context))
                .contains("Property: partsmith.defaults.retention")
                .contains("Reason:   must be at least 1 (it counts the current period), or unset to keep every partition"));
    }

    @Test
    void everyProblemIsListedAtOnce() {
        Runners.partsmith().withPropertyValues("partsmith.tables.events.granularity=month", "partsmith.tables.events.drop-grace=-1h",
                "partsmith.tables.events.min-runway=-1d", "partsmith.tables.metrics.partition-column=at",
                "partsmith.tables.metrics.table-name=" + "m".repeat(60), "partsmith.tables.metrics.granularity=hour",
                "partsmith.ddl.lock-timeout=0s").run(context -> {
                    String report = FailureReports.report(context);
                    assertThat(report).contains("Property: partsmith.tables.events.partition-column\n    Reason:   is required")
                            .contains("Property: partsmith.tables.events.drop-grace\n    Value:    \"PT-1H\"\n")
                            .contains("Property: partsmith.tables.events.min-runway")
                            .contains("Property: partsmith.tables.metrics.table-name")
                            .contains("is too long for its partition names")
                            .contains("Property: partsmith.ddl.lock-timeout");
                    assertThat(report.split("Property: partsmith.ddl.lock-timeout", -1)).as("reported once, not once per table").hasSize(2);
                });
    }

    @Test
    void twoKeysForOneTableAreRefused() {
        Runners.withEvents().withPropertyValues("partsmith.tables.copy.table-name=events", "partsmith.tables.copy.partition-column=created_at",
                "partsmith.tables.copy.granularity=day").run(context -> assertThat(FailureReports.report(context))
                        .contains("Property: partsmith.tables.copy.table-name")
                        .contains("names the table public.events, which partsmith.tables.events configures already"));
        Runners.withEvents().withPropertyValues("partsmith.defaults.table-name=events")
                .run(context -> assertThat(FailureReports.report(context)).contains("Property: partsmith.defaults.table-name")
                        .contains("cannot be a default"));
    }

    @Test
    void aKeyThatIsNoSimpleNameIsBracketedInMessages() {
        Runners.partsmith().withPropertyValues("partsmith.tables[Audit.Log].granularity=month").run(context -> assertThat(FailureReports.report(context))
                .contains("Property: partsmith.tables[Audit.Log].partition-column"));
    }

    @Test
    void sqlHooksMayOnlyUsePlaceholdersPartsmithKnows() {
        Runners.withEvents().withPropertyValues("partsmith.tables.events.hooks.before-drop[0]=INSERT INTO archive SELECT * FROM {partition}"
                + " WHERE created_at >= {from}", "partsmith.tables.events.hooks.after-create[0]=ANALYZE {partiton}",
                "partsmith.tables.events.hooks.after-drop[0]= ").run(context -> assertThat(FailureReports.report(context))
                        .contains("Property: partsmith.tables.events.hooks.after-create[0]\n    Value:    \"ANALYZE {partiton}\"")
                        .contains("uses {partiton}, which partsmith does not know; it knows {from}, {moved_rows}, {parent}, {partition},"
                                + " {partition_name}, {schema}, {to}")
                        .doesNotContain("Property: partsmith.tables.events.hooks.before-drop[0]")
                        .contains("Property: partsmith.tables.events.hooks.after-drop[0]")
                        .contains("is empty"));
    }

    @Test
    void anUnknownGranularityIsReportedWithTheAllowedValuesAsTheyAreWritten() {
        Runners.withEvents().withPropertyValues("partsmith.tables.events.granularity=fortnight").run(context -> assertThat(
                FailureReports.report(context)).contains("partsmith's configuration is invalid:", "Property: partsmith.tables.events.granularity",
                        "Value:    \"fortnight\"", "Reason:   must be one of hour, day, week, month, quarter, year")
                        .doesNotContain("DAY", "QUARTER"));
    }

    @Test
    void aWrongDurationOrZoneIsReportedWithItsProperty() {
        Runners.withEvents().withPropertyValues("partsmith.tables.events.drop-grace=seven days").run(context -> assertThat(
                FailureReports.report(context)).contains("Property: partsmith.tables.events.drop-grace", "Value:    \"seven days\"",
                        "Reason:   cannot be read as a Duration: 'seven days' is not a valid duration"));
        Runners.withEvents().withPropertyValues("partsmith.tables.events.timezone=Mars/Olympus").run(context -> assertThat(
                FailureReports.report(context)).contains("Property: partsmith.tables.events.timezone", "Value:    \"Mars/Olympus\"",
                        "Reason:   cannot be read as a ZoneId: Unknown time-zone ID: Mars/Olympus"));
    }

    @Test
    void aWrongCronNamesTheScheduleProperty() {
        Runners.withEvents().withPropertyValues("partsmith.schedule.cron=every hour").run(context -> assertThat(FailureReports.report(context))
                .contains("Property: partsmith.schedule.cron").contains("Value:    \"every hour\"")
                .contains("is not a cron expression").contains("\"-\" disables scheduled runs"));
    }

    @Test
    void noTablesIsNoError() {
        Runners.partsmith().run(context -> assertThat(context.getBean(PartsmithTables.class).all()).isEmpty());
    }
}
