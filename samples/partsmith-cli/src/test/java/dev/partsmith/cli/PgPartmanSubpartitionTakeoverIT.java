package dev.partsmith.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.threeten.extra.MutableClock;

import dev.partsmith.catalog.PartitionInfo;
import dev.partsmith.config.PartitionAdoption;
import dev.partsmith.config.PartitionGranularity;
import dev.partsmith.config.PartitionLevel;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.lifecycle.MaintenanceResult;
import dev.partsmith.lifecycle.PartitionLifecycleService;
import dev.partsmith.lifecycle.PartitionMaintainer;
import dev.partsmith.plan.MaintenancePlan;
import dev.partsmith.postgres.PostgresAdvisoryLockManager;
import dev.partsmith.postgres.PostgresMetadataProvider;
import dev.partsmith.postgres.PostgresPartitionRepository;
import dev.partsmith.test.TestCatalog;
import dev.partsmith.test.TestDatabase;

/**
 * An id set split by day, made and kept by pg_partman 4.7 (create_parent, create_sub_parent, run_maintenance), taken
 * over with the configuration {@code import-pg-partman} gives it: pg_partman's intervals and its days inside them are
 * adopted by their bounds at both levels, days are retired inside each interval by their upper bound, and partsmith's
 * new intervals and days come next to pg_partman's. The clock is set from the days pg_partman made.
 */
class PgPartmanSubpartitionTakeoverIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private final TestCatalog catalog = new TestCatalog(db.dataSource());

    @Test
    void pgPartmansIntervalsAndTheirDaysAreAdoptedAtBothLevels() {
        PgPartman.install(db);
        PgPartman.sql(db, "CREATE TABLE metrics (device_id int NOT NULL, created_at timestamptz NOT NULL, value float8) PARTITION BY RANGE (device_id)",
                "CREATE INDEX ON metrics (device_id)",
                "SELECT partman.create_parent('public.metrics', 'device_id', 'native', '100', p_premake := 2)",
                "SELECT partman.create_sub_parent('public.metrics', 'created_at', 'native', 'daily', p_native_check := 'yes', p_premake := 2)",
                "UPDATE partman.part_config_sub SET sub_retention = '3 days', sub_retention_keep_table = false WHERE sub_parent = 'public.metrics'",
                "INSERT INTO metrics SELECT d, date_trunc('day', now()) + h * interval '1 hour', d FROM generate_series(0, 250, 50) d,"
                        + " generate_series(0, 23) h");
        List<String> intervals = catalog.partitions("metrics").stream().filter(name -> !name.endsWith("_default")).toList();
        assertThat(intervals).as("pg_partman's intervals").contains("metrics_p0", "metrics_p100", "metrics_p200");
        List<String> days = catalog.partitions("metrics_p200").stream().filter(name -> !name.endsWith("_default")).toList();
        assertThat(days).as("pg_partman's days of an interval").hasSizeGreaterThanOrEqualTo(5).allMatch(name -> name.startsWith("metrics_p200_p"));
        long rows = catalog.count("metrics");

        CliRun imported = CliRun.on(db, "import-pg-partman");
        assertThat(imported.exitCode()).as(imported.err()).isEqualTo(PartsmithCli.OK);
        assertThat(imported.out()).contains("""
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
                          retention: 4  # pg_partman retention '3 days': the current day and the 3 before it
                """);
        // The same configuration through the core's builder, as the starter makes it from the YAML.
        TablePartitionConfig config = TablePartitionConfig.builder().tableName("metrics").partitionColumn("device_id").interval(100L)
                .createAheadCount(3).subpartition(PartitionLevel.builder().partitionColumn("created_at").granularity(PartitionGranularity.DAY)
                        .createAheadCount(3).retentionCount(4))
                .dropGrace(Duration.ZERO).adoption(PartitionAdoption.BOUNDS).maxClockSkew(Duration.ofDays(36500)).build();
        Instant firstDay = lower("metrics_p200", days.get(0));
        MutableClock clock = MutableClock.of(firstDay.plus(Duration.ofDays(2)).plus(Duration.ofHours(10)), ZoneOffset.UTC);
        PartitionMaintainer maintainer = new PartitionMaintainer(new PartitionLifecycleService(new PostgresPartitionRepository(db.dataSource()),
                new PostgresMetadataProvider(db.dataSource()), new PostgresAdvisoryLockManager(db.dataSource()), List.of(), clock));

        MaintenancePlan plan = maintainer.plan(config);

        assertThat(plan.notManaged()).isEmpty();
        assertThat(plan.issues()).isEmpty();
        clock.add(Duration.ofDays(3));
        MaintenanceResult later = maintainer.runMaintenance(config);

        assertThat(later.success()).as(String.valueOf(later.error())).isTrue();
        assertThat(later.issues()).isEmpty();
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        for (String interval : List.of("metrics_p0", "metrics_p100", "metrics_p200")) {
            assertThat(days(interval)).as(interval + ", pg_partman's: the current day and the three before it kept, the two after it made")
                    .containsExactlyElementsOf(days(today, -3, 2));
        }
        assertThat(catalog.partitions("metrics")).as("the intervals ahead of the highest device, made by partsmith").contains("metrics__p300",
                "metrics__p400");
        for (String interval : List.of("metrics__p300", "metrics__p400")) {
            assertThat(days(interval)).as(interval + ", partsmith's: the current day and the two after it").containsExactlyElementsOf(days(today, 0, 2));
        }
        assertThat(catalog.count("metrics")).as("the rows of pg_partman's days, kept").isEqualTo(rows);
    }

    /** The lower bounds of the days of an interval, in order. */
    private List<Instant> days(String interval) {
        return catalog.partitions(interval).stream().filter(name -> !name.endsWith("_default")).map(day -> lower(interval, day)).sorted().toList();
    }

    private static List<Instant> days(LocalDate today, int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(offset -> today.plusDays(offset).atStartOfDay().toInstant(ZoneOffset.UTC)).toList();
    }

    private Instant lower(String parent, String partition) {
        PartitionInfo info = new PostgresMetadataProvider(db.dataSource()).readTree(TablePartitionConfig.builder().tableName(parent)
                .partitionColumn("created_at").granularity(PartitionGranularity.DAY).adoption(PartitionAdoption.BOUNDS).build()).partitions()
                .stream().filter(candidate -> candidate.name().equals(partition)).findFirst().orElseThrow();
        return info.lower().point().toInstant();
    }
}
