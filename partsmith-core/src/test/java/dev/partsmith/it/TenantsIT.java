package dev.partsmith.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.threeten.extra.MutableClock;

import dev.partsmith.catalog.PartitionMarker;
import dev.partsmith.config.ListValue;
import dev.partsmith.config.PartitionGranularity;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.lifecycle.MaintenanceResult;
import dev.partsmith.lifecycle.PartitionMaintainer;
import dev.partsmith.test.TestCatalog;
import dev.partsmith.test.TestDatabase;

/**
 * Tenants, in both of go_partman's layouts, read from the catalog: a parent split by LIST of the
 * tenant with each tenant's partition split by day, and one composite range of (tenant, day). The
 * tables are created exactly as go_partman's README writes them.
 */
class TenantsIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private final MutableClock clock = MutableClock.of(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);
    private TestCatalog catalog;
    private PartitionMaintainer maintainer;

    @BeforeEach
    void createTables() {
        catalog = new TestCatalog(db.dataSource());
        catalog.exec("DROP TABLE IF EXISTS events, tenant_events, single_tenant_events",
                // go_partman's README, "Single-tenant table" (named apart from the multi-tenant one)
                """
                CREATE TABLE single_tenant_events (
                    id VARCHAR NOT NULL,
                    created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,
                    data JSONB,
                    PRIMARY KEY (id, created_at)
                ) PARTITION BY RANGE (created_at)""",
                // go_partman's README, "Multi-tenant table"
                """
                CREATE TABLE events (
                    id VARCHAR NOT NULL,
                    project_id VARCHAR NOT NULL,
                    created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,
                    data JSONB,
                    PRIMARY KEY (id, created_at, project_id)
                ) PARTITION BY RANGE (project_id, created_at)""",
                "CREATE TABLE tenant_events (id bigint NOT NULL, project_id text NOT NULL, created_at timestamptz NOT NULL)"
                        + " PARTITION BY LIST (project_id)");
        maintainer = Maintenance.maintainer(db.dataSource(), clock);
    }

    private static TablePartitionConfig daily(String table, ListValue... tenants) {
        return TablePartitionConfig.builder().maxClockSkew(Maintenance.MOVED_CLOCK).tableName(table).partitionColumn("created_at")
                .granularity(PartitionGranularity.DAY).createAheadCount(2).retentionCount(7).dropGrace(Duration.ofDays(1))
                .tenantColumn("project_id").tenants(List.of(tenants)).build();
    }

    @Test
    void goPartmansCompositeRangeGetsEachTenantsDays() {
        MaintenanceResult result = maintainer.runMaintenance(daily("events", ListValue.of("tenant1"), new ListValue("tenant2", 3, null)));

        assertThat(result.success()).as(String.valueOf(result.error())).isTrue();
        assertThat(catalog.bounds("events")).containsExactly(
                entry("events__tenant1__2026_12_01", "FOR VALUES FROM ('tenant1', '2026-12-01 00:00:00+00') TO ('tenant1', '2026-12-02 00:00:00+00')"),
                entry("events__tenant1__2026_12_02", "FOR VALUES FROM ('tenant1', '2026-12-02 00:00:00+00') TO ('tenant1', '2026-12-03 00:00:00+00')"),
                entry("events__tenant2__2026_12_01", "FOR VALUES FROM ('tenant2', '2026-12-01 00:00:00+00') TO ('tenant2', '2026-12-02 00:00:00+00')"),
                entry("events__tenant2__2026_12_02", "FOR VALUES FROM ('tenant2', '2026-12-02 00:00:00+00') TO ('tenant2', '2026-12-03 00:00:00+00')"),
                entry("events__tenant2__2026_12_03", "FOR VALUES FROM ('tenant2', '2026-12-03 00:00:00+00') TO ('tenant2', '2026-12-04 00:00:00+00')"));
        catalog.exec("INSERT INTO events (id, project_id, created_at) VALUES ('a', 'tenant1', '2026-12-01 12:00+00'),"
                + " ('b', 'tenant2', '2026-12-03 12:00+00')");
        assertThat(catalog.count("events__tenant2__2026_12_03")).isEqualTo(1);

        catalog.recordDdl();
        try {
            assertThat(maintainer.runMaintenance(daily("events", ListValue.of("tenant1"), new ListValue("tenant2", 3, null))).plan().operations())
                    .isEmpty();
            assertThat(catalog.ddlLog()).as("a second run runs no DDL").isEmpty();
        }
        finally {
            catalog.stopRecordingDdl();
        }
    }

    @Test
    void aTenantRegisteredLaterGetsItsPartitionsInOneRunAndAnUnregisteredOneIsRetiredLikeAnythingElse() {
        maintainer.runMaintenance(daily("events", ListValue.of("tenant1"), ListValue.of("tenant2")));

        MaintenanceResult added = maintainer.runMaintenance(daily("events", ListValue.of("tenant1"), ListValue.of("tenant3")));

        assertThat(added.success()).as(String.valueOf(added.error())).isTrue();
        assertThat(catalog.partitions("events")).containsExactly("events__tenant1__2026_12_01", "events__tenant1__2026_12_02",
                "events__tenant3__2026_12_01", "events__tenant3__2026_12_02");
        assertThat(catalog.isPartition("public", "events__tenant2__2026_12_01")).isFalse();
        assertThat(PartitionMarker.parse(catalog.comment("public", "events__tenant2__2026_12_01"))).hasValueSatisfying(marker -> {
            assertThat(marker.state()).isEqualTo(PartitionMarker.State.ORPHAN);
            assertThat(marker.parent().name()).isEqualTo("events");
        });

        clock.setInstant(clock.instant().plus(Duration.ofDays(2)));
        MaintenanceResult afterGrace = maintainer.runMaintenance(daily("events", ListValue.of("tenant1"), ListValue.of("tenant3")));
        assertThat(afterGrace.droppedCount()).isEqualTo(2);
        assertThat(catalog.exists("public", "events__tenant2__2026_12_01")).isFalse();
    }

    @Test
    void aListOfTenantsEachSplitByDayKeepsTheTenantsOwnCounts() {
        MaintenanceResult result = maintainer.runMaintenance(daily("tenant_events", ListValue.of("tenant1"), new ListValue("tenant2", 3, null)));

        assertThat(result.success()).as(String.valueOf(result.error())).isTrue();
        assertThat(catalog.bounds("tenant_events")).containsExactly(entry("tenant_events__tenant1", "FOR VALUES IN ('tenant1')"),
                entry("tenant_events__tenant2", "FOR VALUES IN ('tenant2')"));
        assertThat(catalog.partitions("tenant_events__tenant1")).containsExactly("tenant_events__tenant1__2026_12_01",
                "tenant_events__tenant1__2026_12_02");
        assertThat(catalog.partitions("tenant_events__tenant2")).containsExactly("tenant_events__tenant2__2026_12_01",
                "tenant_events__tenant2__2026_12_02", "tenant_events__tenant2__2026_12_03");
        assertThat(catalog.bounds("tenant_events__tenant1")).containsEntry("tenant_events__tenant1__2026_12_01",
                "FOR VALUES FROM ('2026-12-01 00:00:00+00') TO ('2026-12-02 00:00:00+00')");

        MaintenanceResult added = maintainer.runMaintenance(daily("tenant_events", ListValue.of("tenant1"), new ListValue("tenant2", 3, null),
                ListValue.of("tenant3")));
        assertThat(added.createdCount()).isEqualTo(3);
        assertThat(catalog.partitions("tenant_events__tenant3")).hasSize(2);
    }

    @Test
    void goPartmansSingleTenantTableIsKeptByItsEquivalentConfiguration() {
        // PartitionInterval 24h, PartitionCount 10, RetentionPeriod 7 days.
        TablePartitionConfig equivalent = TablePartitionConfig.builder().maxClockSkew(Maintenance.MOVED_CLOCK).tableName("single_tenant_events")
                .partitionColumn("created_at").granularity(PartitionGranularity.DAY).createAheadCount(10).retentionCount(8).build();

        MaintenanceResult result = maintainer.runMaintenance(equivalent);

        assertThat(result.createdCount()).isEqualTo(10);
        assertThat(catalog.partitions("single_tenant_events")).first().isEqualTo("single_tenant_events__2026_12_01");
        assertThat(catalog.partitions("single_tenant_events")).last().isEqualTo("single_tenant_events__2026_12_10");
        clock.setInstant(clock.instant().plus(Duration.ofDays(9)));
        MaintenanceResult later = maintainer.runMaintenance(equivalent);
        assertThat(later.detachedCount()).as("the days older than a week").isEqualTo(2);
        assertThat(catalog.partitions("single_tenant_events")).first().isEqualTo("single_tenant_events__2026_12_03");
    }
}
