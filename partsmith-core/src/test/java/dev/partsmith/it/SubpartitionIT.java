package dev.partsmith.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.threeten.extra.MutableClock;

import dev.partsmith.config.PartitionGranularity;
import dev.partsmith.config.PartitionLevel;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.lifecycle.HookPoint;
import dev.partsmith.lifecycle.MaintenanceResult;
import dev.partsmith.lifecycle.PartitionContext;
import dev.partsmith.lifecycle.PartitionLifecycleHooks;
import dev.partsmith.lifecycle.PartitionMaintainer;
import dev.partsmith.test.TestCatalog;
import dev.partsmith.test.TestDatabase;

/**
 * Levels below levels: each new subtree built standalone and attached last, kept whole by the levels
 * below, retired whole with its top partition and dropped leaf first.
 */
class SubpartitionIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private final MutableClock clock = MutableClock.of(Instant.parse("2024-03-15T10:00:00Z"), ZoneOffset.UTC);
    private final List<String> attached = new ArrayList<>();
    private TestCatalog catalog;
    private PartitionMaintainer maintainer;

    @BeforeEach
    void createTables() {
        catalog = new TestCatalog(db.dataSource());
        catalog.exec("DROP TABLE IF EXISTS events, metrics",
                "CREATE TABLE events (id bigint NOT NULL, user_id bigint NOT NULL, created_at timestamptz NOT NULL) PARTITION BY RANGE (created_at)",
                "CREATE TABLE metrics (region text NOT NULL, at timestamptz NOT NULL, value double precision) PARTITION BY LIST (region)");
        PartitionLifecycleHooks recorder = new PartitionLifecycleHooks() {
            @Override
            public void on(HookPoint point, PartitionContext context) {
                if (point == HookPoint.AFTER_CREATE) {
                    attached.add(context.partitionName());
                }
            }
        };
        maintainer = Maintenance.maintainer(db.dataSource(), clock, recorder);
    }

    private static TablePartitionConfig monthsByUser() {
        return TablePartitionConfig.builder().maxClockSkew(Maintenance.MOVED_CLOCK).tableName("events").partitionColumn("created_at")
                .granularity(PartitionGranularity.MONTH).createAheadCount(2).retentionCount(2)
                .subpartition(PartitionLevel.builder().partitionColumn("user_id").hashModulus(4)).build();
    }

    @Test
    void monthsSplitByHashAreBuiltWholeKeptAndRetiredWhole() {
        MaintenanceResult first = maintainer.runMaintenance(monthsByUser());

        assertThat(first.success()).as(String.valueOf(first.error())).isTrue();
        assertThat(catalog.bounds("events")).containsExactly(
                entry("events__2024_03", "FOR VALUES FROM ('2024-03-01 00:00:00+00') TO ('2024-04-01 00:00:00+00')"),
                entry("events__2024_04", "FOR VALUES FROM ('2024-04-01 00:00:00+00') TO ('2024-05-01 00:00:00+00')"));
        assertThat(catalog.bounds("events__2024_03")).containsExactly(entry("events__2024_03__h0", "FOR VALUES WITH (modulus 4, remainder 0)"),
                entry("events__2024_03__h1", "FOR VALUES WITH (modulus 4, remainder 1)"),
                entry("events__2024_03__h2", "FOR VALUES WITH (modulus 4, remainder 2)"),
                entry("events__2024_03__h3", "FOR VALUES WITH (modulus 4, remainder 3)"));
        assertThat(attached).as("each month's partitions first, the month last").containsExactly("events__2024_03__h0", "events__2024_03__h1",
                "events__2024_03__h2", "events__2024_03__h3", "events__2024_03", "events__2024_04__h0", "events__2024_04__h1",
                "events__2024_04__h2", "events__2024_04__h3", "events__2024_04");
        assertThat(first.createdCount()).isEqualTo(10);

        catalog.recordDdl();
        try {
            assertThat(maintainer.runMaintenance(monthsByUser()).plan().operations()).isEmpty();
            assertThat(catalog.ddlLog()).as("a second run runs no DDL").isEmpty();
        }
        finally {
            catalog.stopRecordingDdl();
        }

        catalog.exec("INSERT INTO events SELECT g, g, '2024-03-20' FROM generate_series(1, 40) g", "DROP TABLE events__2024_04__h2");
        MaintenanceResult repaired = maintainer.runMaintenance(monthsByUser());
        assertThat(repaired.plan().operations()).extracting(op -> op.describe())
                .containsExactly("create public.events__2024_04__h2 for hash remainder 2 of 4");

        clock.setInstant(Instant.parse("2024-05-15T10:00:00Z"));
        MaintenanceResult later = maintainer.runMaintenance(monthsByUser());

        assertThat(later.success()).as(String.valueOf(later.error())).isTrue();
        assertThat(catalog.partitions("events")).containsExactly("events__2024_04", "events__2024_05", "events__2024_06");
        assertThat(catalog.partitions("events__2024_06")).hasSize(4);
        assertThat(later.detachedCount()).isEqualTo(1);
        assertThat(later.droppedCount()).isEqualTo(1);
        assertThat(catalog.relations("public")).noneMatch(name -> name.startsWith("events__2024_03"));
    }

    @Test
    void rowsOfANewMonthMoveOutOfDefaultIntoItsPartitions() {
        catalog.exec("CREATE TABLE events_default PARTITION OF events DEFAULT",
                "INSERT INTO events SELECT g, g, '2024-04-02' FROM generate_series(1, 20) g");

        MaintenanceResult result = maintainer.runMaintenance(monthsByUser());

        assertThat(result.movedRowCount()).isEqualTo(20);
        assertThat(catalog.count("events_default")).isZero();
        assertThat(catalog.count("events__2024_04__h0") + catalog.count("events__2024_04__h1") + catalog.count("events__2024_04__h2")
                + catalog.count("events__2024_04__h3")).isEqualTo(20);
    }

    private static TablePartitionConfig regionsByDay(String... regions) {
        return TablePartitionConfig.builder().maxClockSkew(Maintenance.MOVED_CLOCK).tableName("metrics").partitionColumn("region")
                .listValues(regions).subpartition(PartitionLevel.builder().partitionColumn("at").granularity(PartitionGranularity.DAY)
                        .createAheadCount(2).retentionCount(3))
                .build();
    }

    @Test
    void regionsSplitByDayKeepTheirDaysAndARegionNoLongerListedGoesWhole() {
        assertThat(maintainer.runMaintenance(regionsByDay("eu", "us")).success()).isTrue();
        assertThat(catalog.bounds("metrics")).containsExactly(entry("metrics__eu", "FOR VALUES IN ('eu')"), entry("metrics__us", "FOR VALUES IN ('us')"));
        assertThat(catalog.partitions("metrics__eu")).containsExactly("metrics__eu__2024_03_15", "metrics__eu__2024_03_16");

        clock.setInstant(Instant.parse("2024-03-19T10:00:00Z"));
        MaintenanceResult later = maintainer.runMaintenance(regionsByDay("eu"));

        assertThat(later.success()).as(String.valueOf(later.error())).isTrue();
        assertThat(catalog.partitions("metrics")).containsExactly("metrics__eu");
        assertThat(catalog.partitions("metrics__eu")).containsExactly("metrics__eu__2024_03_17", "metrics__eu__2024_03_18",
                "metrics__eu__2024_03_19", "metrics__eu__2024_03_20");
        assertThat(catalog.relations("public")).noneMatch(name -> name.startsWith("metrics__us"));
    }

    @Test
    void aPartitionPartitionedOtherwiseThanTheConfigSaysIsLeftAloneAndNamed() {
        catalog.exec("CREATE TABLE events__2024_03 PARTITION OF events FOR VALUES FROM ('2024-03-01') TO ('2024-04-01') PARTITION BY LIST (user_id)");

        MaintenanceResult result = maintainer.runMaintenance(monthsByUser());

        assertThat(result.error()).isEqualTo("public.events__2024_03: public.events__2024_03 is partitioned by LIST; its config describes hash"
                + " modulus 4 of user_id, partitioned by HASH; nothing is planned under it");
        assertThat(catalog.partitions("events__2024_03")).isEmpty();
        assertThat(catalog.partitions("events")).containsExactly("events__2024_03", "events__2024_04");
    }

    @Test
    void daysWithinMonthsOnTheSameColumnKeepToTheirMonthAndCoverageRunsAcrossMonths() {
        TablePartitionConfig monthsOfDays = TablePartitionConfig.builder().maxClockSkew(Maintenance.MOVED_CLOCK).tableName("events")
                .partitionColumn("created_at").granularity(PartitionGranularity.MONTH).createAheadCount(2)
                .subpartition(PartitionLevel.builder().partitionColumn("created_at").granularity(PartitionGranularity.DAY).createAheadCount(3))
                .build();
        clock.setInstant(Instant.parse("2024-03-30T18:00:00Z"));

        MaintenanceResult result = maintainer.runMaintenance(monthsOfDays);

        assertThat(result.success()).as(String.valueOf(result.error())).isTrue();
        assertThat(catalog.partitions("events")).containsExactly("events__2024_03", "events__2024_04");
        assertThat(catalog.partitions("events__2024_03")).containsExactly("events__2024_03__2024_03_30", "events__2024_03__2024_03_31");
        assertThat(catalog.bounds("events__2024_04")).containsExactly(entry("events__2024_04__2024_04_01",
                "FOR VALUES FROM ('2024-04-01 00:00:00+00') TO ('2024-04-02 00:00:00+00')"));
        assertThat(maintainer.runMaintenance(monthsOfDays).plan().operations()).isEmpty();
        assertThat(maintainer.status(monthsOfDays, null).runway().length()).as("the days run on into April's").contains(java.time.Duration.ofHours(54));
    }
}
