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
 * {@code partsmith-cli import-pg-partman} on pg_partman 5's column names: {@code part_config} and
 * {@code part_config_sub} made by hand with the columns pg_partman 5 has (its sql/tables/tables.sql), in a schema named
 * as the extension's usually is, with partitions named as pg_partman 5 names them; so this path runs wherever the
 * tests run, whichever pg_partman the server offers. Also: what the command says when there is no pg_partman.
 */
class ImportPgPartman5IT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    static Path dir;

    /** pg_partman 5's configuration columns, as its sql/tables/tables.sql declares them (types and the defaults that matter here). */
    private static final String PART_CONFIG_5 = """
            CREATE TABLE partman.part_config (
                parent_table text PRIMARY KEY, control text NOT NULL, time_encoder text, time_decoder text, partition_interval text NOT NULL,
                partition_type text NOT NULL, premake int NOT NULL DEFAULT 4, automatic_maintenance text NOT NULL DEFAULT 'on',
                template_table text, retention text, retention_schema text, retention_keep_index boolean NOT NULL DEFAULT true,
                retention_keep_table boolean NOT NULL DEFAULT true, epoch text NOT NULL DEFAULT 'none', constraint_cols text[],
                optimize_constraint int NOT NULL DEFAULT 30, infinite_time_partitions boolean NOT NULL DEFAULT false, datetime_string text,
                jobmon boolean NOT NULL DEFAULT true, sub_partition_set_full boolean NOT NULL DEFAULT false,
                undo_in_progress boolean NOT NULL DEFAULT false, inherit_privileges boolean DEFAULT false,
                constraint_valid boolean NOT NULL DEFAULT true, ignore_default_data boolean NOT NULL DEFAULT true, date_trunc_interval text,
                maintenance_order int, retention_keep_publication boolean NOT NULL DEFAULT false, maintenance_last_run timestamptz,
                detach_before_drop boolean DEFAULT false, maintenance_role text DEFAULT current_user, async_partitioning_in_progress text,
                child_table_prefix text NOT NULL DEFAULT '_p');
            CREATE TABLE partman.part_config_sub (
                sub_parent text PRIMARY KEY REFERENCES partman.part_config (parent_table), sub_control text NOT NULL, sub_time_encoder text,
                sub_time_decoder text, sub_partition_interval text NOT NULL, sub_partition_type text NOT NULL,
                sub_premake int NOT NULL DEFAULT 4, sub_automatic_maintenance text NOT NULL DEFAULT 'on', sub_template_table text,
                sub_retention text, sub_retention_schema text, sub_retention_keep_index boolean NOT NULL DEFAULT true,
                sub_retention_keep_table boolean NOT NULL DEFAULT true, sub_epoch text NOT NULL DEFAULT 'none', sub_constraint_cols text[],
                sub_optimize_constraint int NOT NULL DEFAULT 30, sub_infinite_time_partitions boolean NOT NULL DEFAULT false,
                sub_jobmon boolean NOT NULL DEFAULT true, sub_inherit_privileges boolean DEFAULT false,
                sub_constraint_valid boolean NOT NULL DEFAULT true, sub_ignore_default_data boolean NOT NULL DEFAULT true,
                sub_default_table boolean DEFAULT true, sub_date_trunc_interval text, sub_maintenance_order int,
                sub_retention_keep_publication boolean NOT NULL DEFAULT false, sub_control_not_null boolean DEFAULT true,
                sub_detach_before_drop boolean DEFAULT false, sub_maintenance_role text DEFAULT current_user)""";

    @BeforeAll
    static void createPartitionSetsAsPgPartman5Would() {
        db.jdbc().execute("ALTER DATABASE " + db.name() + " SET timezone = 'Europe/Berlin'");
        PgPartman.sql(db, "CREATE SCHEMA partman", PART_CONFIG_5,
                // daily in Berlin, pg_partman 5's names
                "CREATE TABLE events (id bigint NOT NULL, created_at timestamptz NOT NULL) PARTITION BY RANGE (created_at)",
                "CREATE TABLE events_p20261201 PARTITION OF events FOR VALUES FROM ('2026-12-01 00:00+01') TO ('2026-12-02 00:00+01')",
                "CREATE TABLE events_p20261202 PARTITION OF events FOR VALUES FROM ('2026-12-02 00:00+01') TO ('2026-12-03 00:00+01')",
                "CREATE TABLE events_default PARTITION OF events DEFAULT",
                "INSERT INTO partman.part_config (parent_table, control, partition_interval, partition_type, retention, datetime_string)"
                        + " VALUES ('public.events', 'created_at', '1 day', 'range', '30 days', 'YYYYMMDD')",
                // the same name in another schema
                "CREATE SCHEMA archive",
                "CREATE TABLE archive.events (id bigint NOT NULL, created_at timestamptz NOT NULL) PARTITION BY RANGE (created_at)",
                "CREATE TABLE archive.events_p2026 PARTITION OF archive.events FOR VALUES FROM ('2026-01-01 00:00+01') TO ('2027-01-01 00:00+01')",
                "INSERT INTO partman.part_config (parent_table, control, partition_interval, partition_type, premake)"
                        + " VALUES ('archive.events', 'created_at', '1 year', 'range', 1)",
                // integer intervals aligned on 500, retired into a schema of their own
                "CREATE TABLE orders (id bigint PRIMARY KEY) PARTITION BY RANGE (id)",
                "CREATE TABLE orders_p500 PARTITION OF orders FOR VALUES FROM (500) TO (1500)",
                "CREATE TABLE orders_p1500 PARTITION OF orders FOR VALUES FROM (1500) TO (2500)",
                "INSERT INTO partman.part_config (parent_table, control, partition_interval, partition_type, premake, retention, retention_schema)"
                        + " VALUES ('public.orders', 'id', '1000', 'range', 2, '3000', 'archive')",
                // hours of epoch milliseconds
                "CREATE TABLE readings (taken_ms bigint NOT NULL, value float8) PARTITION BY RANGE (taken_ms)",
                "CREATE TABLE readings_p20261201_0000 PARTITION OF readings FOR VALUES FROM (1796083200000) TO (1796086800000)",
                "INSERT INTO partman.part_config (parent_table, control, partition_interval, partition_type, epoch, premake)"
                        + " VALUES ('public.readings', 'taken_ms', '01:00:00', 'range', 'milliseconds', 12)",
                // quarters of time split into intervals of a shard number; pg_partman keeps a set for each quarter too
                "CREATE TABLE logs (shard int NOT NULL, logged_at timestamptz NOT NULL) PARTITION BY RANGE (logged_at)",
                "CREATE INDEX ON logs (shard)",
                "CREATE TABLE logs_p20261001 PARTITION OF logs FOR VALUES FROM ('2026-10-01 00:00+02') TO ('2027-01-01 00:00+01')"
                        + " PARTITION BY RANGE (shard)",
                "CREATE TABLE logs_p20261001_p0 PARTITION OF logs_p20261001 FOR VALUES FROM (0) TO (10)",
                "CREATE TABLE logs_p20261001_p10 PARTITION OF logs_p20261001 FOR VALUES FROM (10) TO (20)",
                "INSERT INTO partman.part_config (parent_table, control, partition_interval, partition_type, premake)"
                        + " VALUES ('public.logs', 'logged_at', '3 mons', 'range', 2), ('public.logs_p20261001', 'shard', '10', 'range', 4)",
                "INSERT INTO partman.part_config_sub (sub_parent, sub_control, sub_partition_interval, sub_partition_type, sub_premake,"
                        + " sub_retention) VALUES ('public.logs', 'shard', '10', 'range', 4, '20')",
                // a table whose name is a YAML word, in a schema whose name needs quoting
                "CREATE SCHEMA \"Sales Data\"",
                "CREATE TABLE \"Sales Data\".\"on\" (sold_on date NOT NULL) PARTITION BY RANGE (sold_on)",
                "CREATE TABLE \"Sales Data\".\"on_p202612\" PARTITION OF \"Sales Data\".\"on\" FOR VALUES FROM ('2026-12-01') TO ('2027-01-01')",
                "INSERT INTO partman.part_config (parent_table, control, partition_interval, partition_type)"
                        + " VALUES ('Sales Data.on', 'sold_on', '1 month', 'range')",
                // what partsmith cannot keep
                "CREATE TABLE tenants (tenant_id int NOT NULL) PARTITION BY LIST (tenant_id)",
                "INSERT INTO partman.part_config (parent_table, control, partition_interval, partition_type)"
                        + " VALUES ('public.tenants', 'tenant_id', '1', 'list')",
                "CREATE TABLE uuids (id uuid NOT NULL) PARTITION BY RANGE (id)",
                "INSERT INTO partman.part_config (parent_table, control, time_encoder, time_decoder, partition_interval, partition_type)"
                        + " VALUES ('public.uuids', 'id', 'public.uuid7_encode', 'public.uuid7_decode', '1 day', 'range')",
                "CREATE TABLE sundays (at timestamptz NOT NULL) PARTITION BY RANGE (at)",
                "CREATE TABLE sundays_p20261129 PARTITION OF sundays FOR VALUES FROM ('2026-11-29 00:00+00') TO ('2026-12-06 00:00+00')",
                "INSERT INTO partman.part_config (parent_table, control, partition_interval, partition_type)"
                        + " VALUES ('public.sundays', 'at', '1 week', 'range')",
                "CREATE TABLE a_table_name_long_enough_that_partsmith_names_would_not_fit (at timestamptz NOT NULL) PARTITION BY RANGE (at)",
                "INSERT INTO partman.part_config (parent_table, control, partition_interval, partition_type)"
                        + " VALUES ('public.a_table_name_long_enough_that_partsmith_names_would_not_fit', 'at', '1 day', 'range')");
    }

    @Test
    void readsPgPartman5sColumnsFromTheSchemaGiven() {
        CliRun imported = CliRun.on(db, "import-pg-partman", "--partman-schema", "partman");

        assertThat(imported.out()).isEqualTo(ImportPgPartmanIT.header("partman.part_config") + """
                partsmith:
                  tables:
                    "[on]":
                      schema: "Sales Data"
                      partition-column: sold_on
                      granularity: month
                      create-ahead: 5  # pg_partman premake 4, plus the current month
                      timezone: UTC
                      adopt: bounds
                    archive-events:
                      schema: archive
                      table-name: events
                      partition-column: created_at
                      granularity: year
                      create-ahead: 2  # pg_partman premake 1, plus the current year
                      timezone: Europe/Berlin  # the zone pg_partman's partitions are cut in
                      adopt: bounds
                    # public.a_table_name_long_enough_that_partsmith_names_would_not_fit is not converted: partsmith refuses its \
                configuration: tableName is too long for its partition names: \
                'a_table_name_long_enough_that_partsmith_names_would_not_fit__2000_12_31' is 71 bytes, PostgreSQL allows 63 and would \
                silently truncate it
                    events:
                      partition-column: created_at
                      granularity: day
                      create-ahead: 5  # pg_partman premake 4, plus the current day
                      retention: 31  # pg_partman retention '30 days': the current day and the 30 before it
                      drop-grace: 3650d  # pg_partman kept retired partitions as tables (retention_keep_table); partsmith drops a detached \
                partition once its grace has passed: ten years, until you choose
                      timezone: Europe/Berlin  # the zone pg_partman's partitions are cut in
                      adopt: bounds
                    logs:
                      partition-column: logged_at
                      granularity: quarter
                      create-ahead: 3  # pg_partman premake 2, plus the current quarter
                      drop-grace: 3650d  # pg_partman kept retired partitions as tables (retention_keep_table); partsmith drops a detached \
                partition once its grace has passed: ten years, until you choose
                      timezone: Europe/Berlin  # the zone pg_partman's partitions are cut in
                      adopt: bounds
                      subpartitions:
                        - partition-column: shard
                          interval: 10
                          create-ahead: 5  # pg_partman premake 4, plus the current interval
                          retention: 3  # pg_partman retention '20': the current interval and the 2 before it
                    orders:
                      # not converted: retention_schema 'archive': partsmith detaches retired partitions where they are; move them to another \
                schema in an after-detach SQL hook
                      partition-column: id
                      interval: 1000
                      start: 500  # where pg_partman's intervals are aligned
                      create-ahead: 3  # pg_partman premake 2, plus the current interval
                      retention: 4  # pg_partman retention '3000': the current interval and the 3 before it
                      drop-grace: 3650d  # pg_partman kept retired partitions as tables (retention_keep_table); partsmith drops a detached \
                partition once its grace has passed: ten years, until you choose
                      adopt: bounds
                    readings:
                      partition-column: taken_ms
                      granularity: hour
                      epoch: milliseconds
                      create-ahead: 13  # pg_partman premake 12, plus the current hour
                      timezone: UTC
                      adopt: bounds
                    # public.sundays is not converted: its partition sundays_p20261129 [2026-11-29 00:00:00+00, 2026-12-06 00:00:00+00) is \
                not one week in any time zone (pg_partman started its partitions elsewhere, or cut its weeks from another day than Monday); \
                partsmith's partitions would overlap them
                    # public.tenants is not converted: pg_partman's LIST partitioning (a partition for each integer value, made as values \
                arrive) has no partsmith equivalent: partsmith's LIST levels keep a fixed list of values
                    # public.uuids is not converted: its control column id holds times encoded for time_encoder and time_decoder functions; \
                partsmith keys are time, epoch or integer columns
                """);
        assertThat(imported.err()).isEqualTo("""
                partsmith-cli: public.a_table_name_long_enough_that_partsmith_names_would_not_fit is not converted: partsmith refuses its \
                configuration: tableName is too long for its partition names: \
                'a_table_name_long_enough_that_partsmith_names_would_not_fit__2000_12_31' is 71 bytes, PostgreSQL allows 63 and would \
                silently truncate it
                partsmith-cli: public.orders: not converted: retention_schema 'archive': partsmith detaches retired partitions where they \
                are; move them to another schema in an after-detach SQL hook
                partsmith-cli: public.sundays is not converted: its partition sundays_p20261129 [2026-11-29 00:00:00+00, 2026-12-06 \
                00:00:00+00) is not one week in any time zone (pg_partman started its partitions elsewhere, or cut its weeks from another \
                day than Monday); partsmith's partitions would overlap them
                partsmith-cli: public.tenants is not converted: pg_partman's LIST partitioning (a partition for each integer value, made as \
                values arrive) has no partsmith equivalent: partsmith's LIST levels keep a fixed list of values
                partsmith-cli: public.uuids is not converted: its control column id holds times encoded for time_encoder and time_decoder \
                functions; partsmith keys are time, epoch or integer columns
                partsmith-cli: 5 of 10 partition sets converted in full; what was not is listed above and in the YAML's comments
                """);
        assertThat(imported.exitCode()).isEqualTo(PartsmithCli.FAILED);
    }

    @Test
    void theCliReadsThePrintedYamlAsItsConfiguration() throws IOException {
        CliRun imported = CliRun.on(db, "import-pg-partman", "--partman-schema", "partman");
        Path tables = Files.writeString(dir.resolve("imported.yml"), imported.out());

        CliRun plan = CliRun.on(db, "plan", "--config", tables.toString());

        assertThat(plan.err()).isEmpty();
        assertThat(plan.exitCode()).as(plan.out()).isEqualTo(PartsmithCli.OK);
        assertThat(plan.out()).contains("events (public.events): ", "archive-events (archive.events): ", "orders (public.orders): ",
                "readings (public.readings): ", "logs (public.logs): ", "on (Sales Data.on): ").doesNotContain("not managed", "ERROR");
    }

    @Test
    void withoutPgPartmanItSaysWhereItLookedAndExitsTwo() {
        CliRun notInstalled = CliRun.on(db, "import-pg-partman");
        CliRun noConfig = CliRun.on(db, "import-pg-partman", "--partman-schema", "archive");

        assertThat(notInstalled.exitCode()).isEqualTo(PartsmithCli.BAD_USAGE);
        assertThat(notInstalled.out()).isEmpty();
        assertThat(notInstalled.err()).isEqualTo("partsmith-cli: pg_partman is not installed in database \"" + db.name() + "\" (pg_extension has"
                + " no pg_partman); give --partman-schema when its part_config lives in a schema of its own\n");
        assertThat(noConfig.exitCode()).isEqualTo(PartsmithCli.BAD_USAGE);
        assertThat(noConfig.err()).isEqualTo("partsmith-cli: there is no table part_config in schema \"archive\" of database \"" + db.name()
                + "\"\n");
    }
}
