package dev.partsmith.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.threeten.extra.MutableClock;

import dev.partsmith.catalog.PartitionInfo;
import dev.partsmith.config.PartitionGranularity;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.lifecycle.MaintenanceResult;
import dev.partsmith.lifecycle.HookPoint;
import dev.partsmith.lifecycle.PartitionContext;
import dev.partsmith.lifecycle.PartitionLifecycleHooks;
import dev.partsmith.plan.MaintenanceIssue;
import dev.partsmith.plan.MaintenanceIssueStep;
import dev.partsmith.test.TestCatalog;
import dev.partsmith.test.TestDatabase;

class HooksIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private final MutableClock clock = MutableClock.of(Instant.parse("2024-03-15T10:00:00Z"), ZoneOffset.UTC);
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private TestCatalog catalog;

    private final TablePartitionConfig config = TablePartitionConfig.builder().maxClockSkew(Maintenance.MOVED_CLOCK).tableName("events").partitionColumn("created_at")
            .granularity(PartitionGranularity.MONTH).createAheadCount(1).retentionCount(1).build();

    @BeforeEach
    void createParent() {
        catalog = new TestCatalog(db.dataSource());
        catalog.exec("DROP TABLE IF EXISTS events, events__2024_02",
                "CREATE TABLE events (id bigint, created_at timestamptz NOT NULL) PARTITION BY RANGE (created_at)",
                "CREATE TABLE events__2024_02 PARTITION OF events FOR VALUES FROM ('2024-02-01') TO ('2024-03-01')");
    }

    /** Records every call, prefixed with its name; optionally throws at one point. */
    private class Recording implements PartitionLifecycleHooks {

        private final String name;
        private final String failAt;

        Recording(String name, String failAt) {
            this.name = name;
            this.failAt = failAt;
        }

        private void record(String point, String detail) {
            calls.add(name + "." + point + " " + detail);
            if (point.equals(failAt)) {
                throw new IllegalStateException(name + " says no to " + point);
            }
        }

        @Override
        public void beforeCreate(TablePartitionConfig table, String partitionName, ZonedDateTime from, ZonedDateTime to) {
            record("beforeCreate", partitionName + " " + from.toInstant() + ".." + to.toInstant());
        }

        @Override
        public void afterCreate(TablePartitionConfig table, PartitionInfo partition) {
            record("afterCreate", partition.name() + " " + partition.boundExpression());
        }

        @Override
        public void beforeDetach(String tableName, PartitionInfo partition) {
            record("beforeDetach", tableName + " " + partition.name() + " attached=" + partition.attached());
        }

        @Override
        public void afterDetach(String tableName, String partitionName) {
            record("afterDetach", tableName + " " + partitionName + " attached=" + catalog.isPartition("public", partitionName));
        }

        @Override
        public void beforeDrop(String tableName, String partitionName) {
            // The last chance to read the data: the table is still there.
            record("beforeDrop", tableName + " " + partitionName + " rows=" + catalog.count(partitionName));
        }

        @Override
        public void afterDrop(String tableName, String partitionName) {
            record("afterDrop", tableName + " " + partitionName + " exists=" + catalog.exists("public", partitionName));
        }
    }

    @Test
    void hooksRunInOrderAtEveryStep() {
        catalog.exec("INSERT INTO events VALUES (1, '2024-02-03')");
        MaintenanceResult result = Maintenance.maintainer(db.dataSource(), clock, new Recording("a", ""), new Recording("b", ""))
                .runMaintenance(config);

        assertThat(result.success()).isTrue();
        assertThat(calls).containsExactly(
                "a.beforeCreate events__2024_03 2024-03-01T00:00:00Z..2024-04-01T00:00:00Z",
                "b.beforeCreate events__2024_03 2024-03-01T00:00:00Z..2024-04-01T00:00:00Z",
                "a.afterCreate events__2024_03 FOR VALUES FROM ('2024-03-01 00:00:00+00:00') TO ('2024-04-01 00:00:00+00:00')",
                "b.afterCreate events__2024_03 FOR VALUES FROM ('2024-03-01 00:00:00+00:00') TO ('2024-04-01 00:00:00+00:00')",
                "a.beforeDetach events events__2024_02 attached=true",
                "b.beforeDetach events events__2024_02 attached=true",
                "a.afterDetach events events__2024_02 attached=false",
                "b.afterDetach events events__2024_02 attached=false",
                "a.beforeDrop events events__2024_02 rows=1",
                "b.beforeDrop events events__2024_02 rows=1",
                "a.afterDrop events events__2024_02 exists=false",
                "b.afterDrop events events__2024_02 exists=false");
    }

    @Test
    void aThrowingBeforeHookStopsThatOperationOnly() {
        MaintenanceResult result = Maintenance.maintainer(db.dataSource(), clock, new Recording("a", "beforeDetach"), new Recording("b", ""))
                .runMaintenance(config);

        assertThat(result.success()).isFalse();
        assertThat(result.error()).isEqualTo("public.events__2024_02: hook " + Recording.class.getName()
                + " refused: java.lang.IllegalStateException: a says no to beforeDetach");
        assertThat(result.errors()).extracting(MaintenanceIssue::step).containsExactly(MaintenanceIssueStep.BEFORE_DETACH_HOOK);
        assertThat(result.createdCount()).as("the other operations still ran").isEqualTo(1);
        assertThat(result.detachedCount()).isZero();
        assertThat(result.droppedCount()).isZero();
        assertThat(calls).doesNotContain("b.beforeDetach events events__2024_02 attached=true");
        assertThat(catalog.isPartition("public", "events__2024_02")).isTrue();
        assertThat(catalog.comment("public", "events__2024_02")).as("not even marked").isNull();
    }

    @Test
    void aThrowingBeforeDropKeepsTheTableForTheNextRun() {
        MaintenanceResult refused = Maintenance.maintainer(db.dataSource(), clock, new Recording("a", "beforeDrop")).runMaintenance(config);
        assertThat(refused.success()).isFalse();
        assertThat(refused.errors()).extracting(MaintenanceIssue::step).containsExactly(MaintenanceIssueStep.BEFORE_DROP_HOOK);
        assertThat(refused.detachedCount()).isEqualTo(1);
        assertThat(catalog.exists("public", "events__2024_02")).isTrue();

        MaintenanceResult next = Maintenance.maintainer(db.dataSource(), clock, new Recording("a", "")).runMaintenance(config);
        assertThat(next.droppedCount()).isEqualTo(1);
        assertThat(catalog.exists("public", "events__2024_02")).isFalse();
    }

    @Test
    void aThrowingAfterHookIsAWarningAndTheRunSucceeds() {
        MaintenanceResult result = Maintenance.maintainer(db.dataSource(), clock, new Recording("a", "afterCreate"), new Recording("b", ""))
                .runMaintenance(config);

        assertThat(result.success()).isTrue();
        assertThat(result.error()).isNull();
        assertThat(result.issues()).singleElement().satisfies(issue -> {
            assertThat(issue.severity()).isEqualTo(MaintenanceIssue.Severity.WARNING);
            assertThat(issue.step()).isEqualTo(MaintenanceIssueStep.AFTER_CREATE_HOOK);
            assertThat(issue.message()).contains("a says no to afterCreate");
        });
        assertThat(calls).as("later hooks still run").contains("b.afterCreate events__2024_03 FOR VALUES FROM ('2024-03-01 00:00:00+00:00')"
                + " TO ('2024-04-01 00:00:00+00:00')");
        assertThat(catalog.isPartition("public", "events__2024_03")).isTrue();
    }

    @Test
    void theContextFormOfADropHookSeesTheSchema() {
        List<String> seen = new CopyOnWriteArrayList<>();
        PartitionLifecycleHooks schemaAware = new PartitionLifecycleHooks() {
            @Override
            public void beforeDrop(PartitionContext context) {
                seen.add(context.table().schema() + "." + context.partitionName());
            }
        };
        Maintenance.maintainer(db.dataSource(), clock, schemaAware).runMaintenance(config);
        assertThat(seen).containsExactly("public.events__2024_02");
    }

    @Test
    void everyPointGetsOneContextWithTypedBoundsAndTheRowsMoved() {
        catalog.exec("CREATE TABLE events_default PARTITION OF events DEFAULT",
                "INSERT INTO events (id, created_at) VALUES (1, '2024-03-02T00:00:00Z'), (2, '2024-03-03T00:00:00Z')");
        List<String> seen = new CopyOnWriteArrayList<>();
        PartitionLifecycleHooks everyPoint = new PartitionLifecycleHooks() {
            @Override
            public void on(HookPoint point, PartitionContext context) {
                seen.add(point.propertyName() + " " + context.partitionName() + " " + context.from().orElseThrow().toLocalDate() + ".."
                        + context.to().orElseThrow().toLocalDate() + " moved " + context.movedRows());
            }
        };
        Maintenance.maintainer(db.dataSource(), clock, everyPoint).runMaintenance(config);
        assertThat(seen).containsExactly("before-create events__2024_03 2024-03-01..2024-04-01 moved 0",
                "after-create events__2024_03 2024-03-01..2024-04-01 moved 2",
                "before-detach events__2024_02 2024-02-01..2024-03-01 moved 0",
                "after-detach events__2024_02 2024-02-01..2024-03-01 moved 0",
                "before-drop events__2024_02 2024-02-01..2024-03-01 moved 0",
                "after-drop events__2024_02 2024-02-01..2024-03-01 moved 0");
    }
}
