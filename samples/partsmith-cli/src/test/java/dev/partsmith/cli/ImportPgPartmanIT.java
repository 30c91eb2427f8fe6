package dev.partsmith.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import dev.partsmith.test.TestDatabase;

/**
 * {@code partsmith-cli import-pg-partman} against pg_partman 4.7 itself: partition sets made by its create_parent and
 * create_sub_parent, the YAML printed for them exactly, what it cannot convert listed, and the YAML read back by the CLI
 * as its configuration.
 */
class ImportPgPartmanIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    static Path dir;

    @BeforeAll
    static void createPartitionSets() {
        PgPartman.install(db);
        PgPartman.sql(db,
                "CREATE TABLE events (id bigint NOT NULL, created_at timestamptz NOT NULL, payload jsonb) PARTITION BY RANGE (created_at)",
                "SELECT partman.create_parent('public.events', 'created_at', 'native', 'daily')",
                "UPDATE partman.part_config SET retention = '30 days' WHERE parent_table = 'public.events'",
                "CREATE TABLE orders (id bigint PRIMARY KEY, total numeric) PARTITION BY RANGE (id)",
                "SELECT partman.create_parent('public.orders', 'id', 'native', '1000000', p_premake := 2)",
                "UPDATE partman.part_config SET retention = '3000000', retention_keep_table = false WHERE parent_table = 'public.orders'",
                "CREATE TABLE metrics (device_id int NOT NULL, created_at timestamptz NOT NULL, value float8) PARTITION BY RANGE (device_id)",
                "CREATE INDEX ON metrics (device_id)",
                "SELECT partman.create_parent('public.metrics', 'device_id', 'native', '100', p_premake := 2)",
                "SELECT partman.create_sub_parent('public.metrics', 'created_at', 'native', 'daily', p_native_check := 'yes', p_premake := 2)",
                "UPDATE partman.part_config_sub SET sub_retention = '7 days', sub_retention_keep_table = false WHERE sub_parent = 'public.metrics'",
                "CREATE TABLE clicks (ts bigint NOT NULL, url text) PARTITION BY RANGE (ts)",
                "SELECT partman.create_parent('public.clicks', 'ts', 'native', 'monthly', p_epoch := 'seconds')",
                "CREATE TABLE \"Audit Log\" (at timestamptz NOT NULL, entry text) PARTITION BY RANGE (at)",
                "SELECT partman.create_parent('public.Audit Log', 'at', 'native', 'weekly', p_premake := 8)",
                "UPDATE partman.part_config SET automatic_maintenance = 'off' WHERE parent_table = 'public.Audit Log'",
                "CREATE TABLE accounts (id bigint NOT NULL, created_at timestamptz NOT NULL, email text) PARTITION BY RANGE (created_at)",
                "SELECT partman.create_parent('public.accounts', 'created_at', 'native', 'monthly')",
                "CREATE UNIQUE INDEX accounts_email ON partman.template_public_accounts (email)",
                "UPDATE partman.part_config SET constraint_cols = '{id}' WHERE parent_table = 'public.accounts'",
                "CREATE TABLE ticks (at timestamptz NOT NULL) PARTITION BY RANGE (at)",
                "SELECT partman.create_parent('public.ticks', 'at', 'native', '15 minutes')",
                "CREATE TABLE visits (visited_at timestamptz NOT NULL) PARTITION BY RANGE (visited_at)",
                "SELECT partman.create_parent('public.visits', 'visited_at', 'native', 'monthly', p_premake := 1)",
                "SELECT partman.create_sub_parent('public.visits', 'visited_at', 'native', 'daily', p_native_check := 'yes', p_premake := 1)");
    }

    static String header(String source) {
        return "# partsmith configuration of the partition sets of " + source + ", imported by partsmith-cli import-pg-partman.\n"
                + "# pg_partman names partitions otherwise than partsmith, so each table adopts them by their bounds (adopt: bounds):\n"
                + "# partsmith keeps them and retires them by their upper bound. Check it with partsmith-cli plan before you switch.\n";
    }

    @Test
    void printsTheYamlOfEverySetAndListsWhatItCannotConvert() {
        CliRun imported = CliRun.on(db, "import-pg-partman");

        assertThat(imported.out()).isEqualTo(header("pg_partman 4.7.2 (partman.part_config)") + """
                partsmith:
                  tables:
                    "[Audit Log]":
                      # pg_partman maintained it only when asked by name (automatic_maintenance off); partsmith maintains it on every run
                      partition-column: at
                      granularity: week
                      create-ahead: 9  # pg_partman premake 8, plus the current week
                      timezone: UTC
                      adopt: bounds
                    accounts:
                      # not converted: constraint_cols {id}: partsmith adds no constraints on other columns to older partitions
                      # not converted: template table partman.template_public_accounts: pg_partman gives new partitions its indexes \
                (CREATE UNIQUE INDEX accounts_email ON partman.template_public_accounts USING btree (email)); partsmith's come from the \
                parent's indexes alone: create them on the parent, or in an after-create SQL hook
                      partition-column: created_at
                      granularity: month
                      create-ahead: 5  # pg_partman premake 4, plus the current month
                      timezone: UTC
                      adopt: bounds
                    clicks:
                      partition-column: ts
                      granularity: month
                      epoch: seconds
                      create-ahead: 5  # pg_partman premake 4, plus the current month
                      timezone: UTC
                      adopt: bounds
                    events:
                      partition-column: created_at
                      granularity: day
                      create-ahead: 5  # pg_partman premake 4, plus the current day
                      retention: 31  # pg_partman retention '30 days': the current day and the 30 before it
                      drop-grace: 3650d  # pg_partman kept retired partitions as tables (retention_keep_table); partsmith drops a detached \
                partition once its grace has passed: ten years, until you choose
                      timezone: UTC
                      adopt: bounds
                    metrics:
                      partition-column: device_id
                      interval: 100
                      create-ahead: 3  # pg_partman premake 2, plus the current interval
                      drop-grace: 0  # pg_partman dropped retired partitions at once (retention_keep_table false)
                      timezone: UTC
                      adopt: bounds
                      subpartitions:
                        - partition-column: created_at
                          granularity: day
                          create-ahead: 3  # pg_partman premake 2, plus the current day
                          retention: 8  # pg_partman retention '7 days': the current day and the 7 before it
                    orders:
                      partition-column: id
                      interval: 1000000
                      create-ahead: 3  # pg_partman premake 2, plus the current interval
                      retention: 4  # pg_partman retention '3000000': the current interval and the 3 before it
                      drop-grace: 0  # pg_partman dropped retired partitions at once (retention_keep_table false)
                      adopt: bounds
                    # public.ticks is not converted: partition_interval '00:15:00' is no partsmith granularity: partsmith cuts hours, days, \
                ISO weeks, months, quarters and years
                    # public.visits is not converted: it splits each month of visited_at into days of the same column; partsmith cuts a level \
                below another from now or the highest key in use, not within the partition above it
                """);
        assertThat(imported.err()).isEqualTo("""
                partsmith-cli: public.accounts: not converted: constraint_cols {id}: partsmith adds no constraints on other columns to older \
                partitions
                partsmith-cli: public.accounts: not converted: template table partman.template_public_accounts: pg_partman gives new partitions \
                its indexes (CREATE UNIQUE INDEX accounts_email ON partman.template_public_accounts USING btree (email)); partsmith's come \
                from the parent's indexes alone: create them on the parent, or in an after-create SQL hook
                partsmith-cli: public.ticks is not converted: partition_interval '00:15:00' is no partsmith granularity: partsmith cuts hours, \
                days, ISO weeks, months, quarters and years
                partsmith-cli: public.visits is not converted: it splits each month of visited_at into days of the same column; partsmith cuts \
                a level below another from now or the highest key in use, not within the partition above it
                partsmith-cli: 5 of 8 partition sets converted in full; what was not is listed above and in the YAML's comments
                """);
        assertThat(imported.exitCode()).isEqualTo(PartsmithCli.FAILED);
    }

    @Test
    void theCliReadsThePrintedYamlAsItsConfiguration() throws IOException {
        CliRun imported = CliRun.on(db, "import-pg-partman");
        Path tables = Files.writeString(dir.resolve("imported.yml"), imported.out());

        CliRun plan = CliRun.on(db, "plan", "--config", tables.toString());

        assertThat(plan.err()).isEmpty();
        assertThat(plan.exitCode()).as(plan.out()).isEqualTo(PartsmithCli.OK);
        assertThat(plan.out()).contains("events (public.events): ", "orders (public.orders): ", "metrics (public.metrics): ",
                "clicks (public.clicks): ", "Audit Log (public.Audit Log): ", "accounts (public.accounts): ").doesNotContain("not managed", "ERROR");
    }
}
