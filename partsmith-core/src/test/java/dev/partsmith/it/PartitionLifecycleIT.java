package dev.partsmith.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.threeten.extra.MutableClock;

import dev.partsmith.config.PartitionGranularity;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.lifecycle.MaintenanceResult;
import dev.partsmith.lifecycle.PartitionMaintainer;
import dev.partsmith.test.TestCatalog;
import dev.partsmith.test.TestDatabase;

class PartitionLifecycleIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private final MutableClock clock = MutableClock.of(Instant.parse("2024-03-15T10:00:00Z"), ZoneOffset.UTC);
    private TestCatalog catalog;
    private PartitionMaintainer maintainer;

    @BeforeEach
    void createParent() {
        catalog = new TestCatalog(db.dataSource());
        catalog.exec("DROP TABLE IF EXISTS events", "DROP TABLE IF EXISTS events__2023_12, events__2024_01",
                "CREATE TABLE events (id bigint NOT NULL, created_at timestamptz NOT NULL, payload text DEFAULT 'x',"
                        + " PRIMARY KEY (id, created_at)) PARTITION BY RANGE (created_at)",
                "CREATE INDEX events_payload_idx ON events (payload)");
        maintainer = Maintenance.maintainer(db.dataSource(), clock);
    }

    private static TablePartitionConfig.Builder monthly() {
        return TablePartitionConfig.builder().maxClockSkew(Maintenance.MOVED_CLOCK).tableName("events").partitionColumn("created_at").granularity(PartitionGranularity.MONTH)
                .createAheadCount(3);
    }

    @Test
    void freshTableGetsExactBoundsAndASecondRunRunsNoDdl() {
        MaintenanceResult first = maintainer.runMaintenance(monthly().build());

        assertThat(first.success()).isTrue();
        assertThat(first.createdCount()).isEqualTo(3);
        assertThat(catalog.bounds("events")).containsExactly(
                entry("events__2024_03", "FOR VALUES FROM ('2024-03-01 00:00:00+00') TO ('2024-04-01 00:00:00+00')"),
                entry("events__2024_04", "FOR VALUES FROM ('2024-04-01 00:00:00+00') TO ('2024-05-01 00:00:00+00')"),
                entry("events__2024_05", "FOR VALUES FROM ('2024-05-01 00:00:00+00') TO ('2024-06-01 00:00:00+00')"));
        assertThat(catalog.jdbc().queryForList("SELECT indexname FROM pg_indexes WHERE tablename = 'events__2024_03' ORDER BY 1", String.class))
                .as("the parent's indexes reach the new partition at attach").hasSize(2);
        assertThat(catalog.comment("public", "events__2024_03")).as("the pending-attach marker is cleared").isNull();
        catalog.exec("INSERT INTO events (id, created_at) VALUES (1, '2024-03-20T00:00:00Z'), (2, '2024-05-31T23:59:59Z')");
        assertThat(catalog.count("events__2024_05")).isEqualTo(1);

        catalog.recordDdl();
        try {
            MaintenanceResult second = maintainer.runMaintenance(monthly().build());
            assertThat(second.success()).isTrue();
            assertThat(second.createdCount() + second.detachedCount() + second.droppedCount()).isZero();
            assertThat(second.plan().operations()).isEmpty();
            assertThat(catalog.ddlLog()).as("no DDL on a table that is up to date").isEmpty();
        }
        finally {
            catalog.stopRecordingDdl();
        }
    }

    @Test
    void movingTheClockCreatesDetachesAndDrops() {
        TablePartitionConfig config = monthly().retentionCount(2).build();
        maintainer.runMaintenance(config);
        catalog.exec("INSERT INTO events (id, created_at) VALUES (1, '2024-03-20T00:00:00Z'), (2, '2024-04-02T00:00:00Z')");

        clock.setInstant(Instant.parse("2024-06-10T00:00:00Z"));
        MaintenanceResult result = maintainer.runMaintenance(config);

        // Keeps May and June; March and April expire; June, July, August are wanted.
        assertThat(result.success()).isTrue();
        assertThat(result.createdCount()).isEqualTo(3);
        assertThat(result.detachedCount()).isEqualTo(2);
        assertThat(result.droppedCount()).isEqualTo(2);
        assertThat(catalog.partitions("events")).containsExactly("events__2024_05", "events__2024_06", "events__2024_07", "events__2024_08");
        assertThat(catalog.exists("public", "events__2024_03")).isFalse();
        assertThat(catalog.exists("public", "events__2024_04")).isFalse();
        assertThat(result.tree().rangedPartitions()).hasSize(4);
    }

    @Test
    void withAGraceTheDropWaitsUntilItHasElapsed() {
        TablePartitionConfig config = monthly().createAheadCount(1).retentionCount(1).dropGrace(Duration.ofDays(7)).build();
        maintainer.runMaintenance(config);
        catalog.exec("INSERT INTO events (id, created_at) VALUES (1, '2024-03-20T00:00:00Z')");

        clock.setInstant(Instant.parse("2024-04-01T06:00:00Z"));
        MaintenanceResult detached = maintainer.runMaintenance(config);
        assertThat(detached.detachedCount()).isEqualTo(1);
        assertThat(detached.droppedCount()).isZero();
        assertThat(catalog.isPartition("public", "events__2024_03")).isFalse();
        assertThat(catalog.comment("public", "events__2024_03"))
                .isEqualTo("partsmith:orphan at=2024-04-01T06:00:00Z parent=\"public\".\"events\" table=\"public\".\"events__2024_03\""
                        + " bounds=FOR VALUES FROM ('2024-03-01 00:00:00+00') TO ('2024-04-01 00:00:00+00')");
        assertThat(catalog.count("events__2024_03")).as("the detached rows are still there").isEqualTo(1);

        clock.add(Duration.ofDays(7).minusSeconds(1));
        assertThat(maintainer.runMaintenance(config).droppedCount()).isZero();
        assertThat(catalog.exists("public", "events__2024_03")).isTrue();

        clock.add(Duration.ofSeconds(1));
        MaintenanceResult dropped = maintainer.runMaintenance(config);
        assertThat(dropped.droppedCount()).isEqualTo(1);
        assertThat(catalog.exists("public", "events__2024_03")).isFalse();
    }

    @Test
    void aQuietSpellIsFilledFromTheClockAndTheDefaultsRowsMoveIn() {
        catalog.exec("CREATE TABLE events_default PARTITION OF events DEFAULT");
        TablePartitionConfig config = monthly().createAheadCount(1).retentionCount(6).build();
        maintainer.runMaintenance(config);
        // Maintenance stops for four months; rows of those months land in DEFAULT.
        catalog.exec("INSERT INTO events (id, created_at) SELECT g, timestamptz '2024-04-01' + g * interval '1 hour' FROM generate_series(0, 2000) g");
        long total = catalog.count("events");

        clock.setInstant(Instant.parse("2024-07-03T00:00:00Z"));
        MaintenanceResult result = maintainer.runMaintenance(config);

        assertThat(result.success()).isTrue();
        assertThat(result.createdCount()).isEqualTo(4);
        assertThat(result.movedRowCount()).isEqualTo(2001);
        assertThat(catalog.partitions("events")).containsExactly("events__2024_03", "events__2024_04", "events__2024_05", "events__2024_06",
                "events__2024_07", "events_default");
        assertThat(catalog.count("events_default")).isZero();
        assertThat(catalog.count("events")).isEqualTo(total);
    }
}
