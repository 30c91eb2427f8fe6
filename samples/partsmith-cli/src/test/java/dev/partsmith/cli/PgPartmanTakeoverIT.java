package dev.partsmith.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.threeten.extra.MutableClock;

import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.lifecycle.MaintenanceResult;
import dev.partsmith.lifecycle.PartitionLifecycleService;
import dev.partsmith.lifecycle.PartitionMaintainer;
import dev.partsmith.plan.MaintenancePlan;
import dev.partsmith.plan.PartitionOperation;
import dev.partsmith.postgres.PostgresAdvisoryLockManager;
import dev.partsmith.postgres.PostgresMetadataProvider;
import dev.partsmith.postgres.PostgresPartitionRepository;
import dev.partsmith.test.TestCatalog;
import dev.partsmith.test.TestDatabase;

/**
 * A table pg_partman 4.7 kept (create_parent, rows, run_maintenance) is taken over by partsmith with the configuration
 * {@code import-pg-partman} printed, bound as the starter binds it: pg_partman's partitions are adopted, kept and
 * retired by their upper bound, partsmith creates its own next to them, nothing overlaps and no row is lost. The clock
 * is set from the partitions pg_partman made, so nothing depends on when the test runs.
 */
class PgPartmanTakeoverIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    static Path dir;

    private static final Pattern RANGE = Pattern.compile("FOR VALUES FROM \\('([^']+)'\\) TO \\('([^']+)'\\)");

    private static final DateTimeFormatter BOUND = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ssx");

    private final TestCatalog catalog = new TestCatalog(db.dataSource());

    @Test
    void aTableKeptByPgPartmanIsTakenOverWithTheImportedConfiguration() throws IOException {
        PgPartman.install(db);
        PgPartman.sql(db, "CREATE TABLE events (id bigint NOT NULL, created_at timestamptz NOT NULL, payload text) PARTITION BY RANGE (created_at)",
                "SELECT partman.create_parent('public.events', 'created_at', 'native', 'daily', p_premake := 3)",
                "UPDATE partman.part_config SET retention = '3 days', retention_keep_table = false WHERE parent_table = 'public.events'",
                "INSERT INTO events SELECT g, date_trunc('day', now()) - interval '3 days' + g * interval '1 hour', 'row ' || g"
                        + " FROM generate_series(0, 7 * 24 - 1) g",
                "SELECT partman.run_maintenance('public.events')");
        Map<String, Instant[]> partman = ranges();
        List<String> names = List.copyOf(partman.keySet());
        assertThat(names).as("pg_partman's daily partitions, in order").hasSizeGreaterThanOrEqualTo(8).allMatch(name -> name.startsWith("events_p"));
        Map<String, Long> rows = new LinkedHashMap<>();
        names.forEach(name -> rows.put(name, catalog.count(name)));
        assertThat(catalog.count("events_default")).isZero();

        CliRun imported = CliRun.on(db, "import-pg-partman");

        assertThat(imported.err()).isEmpty();
        assertThat(imported.exitCode()).isEqualTo(PartsmithCli.OK);
        assertThat(imported.out()).isEqualTo(ImportPgPartmanIT.header("pg_partman 4.7.2 (partman.part_config)") + """
                partsmith:
                  tables:
                    events:
                      partition-column: created_at
                      granularity: day
                      create-ahead: 4  # pg_partman premake 3, plus the current day
                      retention: 4  # pg_partman retention '3 days': the current day and the 3 before it
                      drop-grace: 0  # pg_partman dropped retired partitions at once (retention_keep_table false)
                      timezone: UTC
                      adopt: bounds
                """);
        Path tables = Files.writeString(dir.resolve("imported.yml"), imported.out());
        CliRun status = CliRun.on(db, "status", "--config", tables.toString());
        assertThat(status.exitCode()).as(status.out() + status.err()).isEqualTo(PartsmithCli.OK);
        assertThat(status.out()).as("pg_partman's partitions, reported as the table's").contains(names).doesNotContain("not managed");

        TablePartitionConfig config = StarterBinding.tables(imported.out(), Map.of("partsmith.safety.max-clock-skew", "36500d")).get("events");

        // The day pg_partman's fifth partition holds: it has made three days ahead of it, and holds four before it.
        Instant day = partman.get(names.get(4))[0];
        MutableClock clock = MutableClock.of(day.plus(Duration.ofHours(10)), ZoneOffset.UTC);
        PartitionMaintainer maintainer = new PartitionMaintainer(new PartitionLifecycleService(new PostgresPartitionRepository(db.dataSource()),
                new PostgresMetadataProvider(db.dataSource()), new PostgresAdvisoryLockManager(db.dataSource()), List.of(), clock));

        MaintenancePlan plan = maintainer.plan(config);
        assertThat(plan.notManaged()).as("pg_partman's partitions are partsmith's to keep and retire").isEmpty();
        assertThat(plan.issues()).isEmpty();
        assertThat(plan.operations()).extracting(PartitionOperation::describe).as("nothing to create: pg_partman made the next three days")
                .isNotEmpty().allMatch(operation -> operation.contains(names.get(0)));
        MaintenanceResult first = maintainer.runMaintenance(config);
        assertThat(first.success()).as(String.valueOf(first.error())).isTrue();
        assertThat(first.createdCount()).isZero();
        assertThat(first.detachedCount()).as("the oldest day ends where retention starts").isEqualTo(1);
        assertThat(first.droppedCount()).isEqualTo(1);
        assertThat(first.tree().partitions()).extracting(partition -> partition.name()).as("the rest of pg_partman's partitions, kept")
                .containsAll(names.subList(1, names.size()));

        LocalDate later = LocalDate.ofInstant(day, ZoneOffset.UTC).plusDays(4);
        LocalDate afterPartman = LocalDate.ofInstant(partman.get(names.get(names.size() - 1))[1], ZoneOffset.UTC);
        String beyond = partsmithName(afterPartman);
        catalog.exec("INSERT INTO events VALUES (-1, '" + afterPartman.atTime(12, 0).toInstant(ZoneOffset.UTC) + "', 'beyond pg_partman')");
        assertThat(catalog.count("events_default")).as("a row for a day pg_partman did not make").isEqualTo(1);
        clock.add(Duration.ofDays(4));

        MaintenanceResult second = maintainer.runMaintenance(config);

        assertThat(second.success()).as(String.valueOf(second.error())).isTrue();
        assertThat(second.detachedCount()).isEqualTo(4);
        assertThat(second.droppedCount()).isEqualTo(4);
        List<String> created = new ArrayList<>();
        for (LocalDate newDay = afterPartman; !newDay.isAfter(later.plusDays(3)); newDay = newDay.plusDays(1)) {
            created.add(partsmithName(newDay));
        }
        assertThat(created).as("partsmith's own days after pg_partman's last").isNotEmpty().contains(beyond);
        assertThat(second.createdCount()).isEqualTo(created.size());
        List<String> expected = new ArrayList<>(names.subList(5, names.size()));
        expected.addAll(created);
        expected.add("events_default");
        assertThat(catalog.partitions("events")).containsExactlyInAnyOrderElementsOf(expected);

        Map<String, Instant[]> after = ranges();
        Instant[] previous = null;
        for (Instant[] range : after.values().stream().sorted((a, b) -> a[0].compareTo(b[0])).toList()) {
            assertThat(Duration.between(range[0], range[1])).isEqualTo(Duration.ofDays(1));
            if (previous != null) {
                assertThat(range[0]).as("each day starts where the one before ends: no overlap, no gap").isEqualTo(previous[1]);
            }
            previous = range;
        }
        for (String kept : names.subList(5, names.size())) {
            assertThat(catalog.count(kept)).as("rows of " + kept).isEqualTo(rows.get(kept));
        }
        assertThat(catalog.count("events_default")).isZero();
        assertThat(catalog.count(beyond)).as("the row of DEFAULT, moved into partsmith's partition").isEqualTo(1);
        long keptRows = names.subList(5, names.size()).stream().mapToLong(rows::get).sum();
        assertThat(catalog.count("events")).isEqualTo(keptRows + 1);

        assertThat(maintainer.runMaintenance(config).plan().operations()).as("the next run has nothing to do").isEmpty();
    }

    /** The table's ranged partitions by name, in order of their lower bounds, each as [from, to). */
    private Map<String, Instant[]> ranges() {
        Map<String, Instant[]> ranges = new LinkedHashMap<>();
        catalog.bounds("events").entrySet().stream().filter(entry -> !entry.getValue().equals("DEFAULT")).map(entry -> {
            Matcher range = RANGE.matcher(entry.getValue());
            assertThat(range.matches()).as(entry.getValue()).isTrue();
            return Map.entry(entry.getKey(), new Instant[] { instant(range.group(1)), instant(range.group(2)) });
        }).sorted((a, b) -> a.getValue()[0].compareTo(b.getValue()[0])).forEach(entry -> ranges.put(entry.getKey(), entry.getValue()));
        return ranges;
    }

    private static Instant instant(String bound) {
        return OffsetDateTime.parse(bound, BOUND).toInstant();
    }

    private static String partsmithName(LocalDate day) {
        return String.format("events__%d_%02d_%02d", day.getYear(), day.getMonthValue(), day.getDayOfMonth());
    }
}
