package dev.partsmith.it;

import static org.assertj.core.api.Assertions.assertThat;

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
import dev.partsmith.plan.AttachPartition;
import dev.partsmith.plan.DropPartition;
import dev.partsmith.plan.MaintenancePlan;
import dev.partsmith.test.TestCatalog;
import dev.partsmith.test.TestDatabase;

/**
 * A detached orphan whose range is wanted again (retention raised, the clock moved back) is attached
 * back with its rows, never dropped, whether or not its grace has elapsed.
 */
class OrphanWantedAgainIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private final MutableClock clock = MutableClock.of(Instant.parse("2024-01-15T10:00:00Z"), ZoneOffset.UTC);
    private TestCatalog catalog;
    private PartitionMaintainer maintainer;

    /** January holds 5 rows and was detached on 2024-03-15 by retention 2, with a week's grace. */
    @BeforeEach
    void detachJanuary() {
        catalog = new TestCatalog(db.dataSource());
        catalog.exec("DROP TABLE IF EXISTS events", "DROP TABLE IF EXISTS events__2024_01",
                "CREATE TABLE events (id bigint NOT NULL, created_at timestamptz NOT NULL, PRIMARY KEY (id, created_at))"
                        + " PARTITION BY RANGE (created_at)");
        maintainer = Maintenance.maintainer(db.dataSource(), clock);
        maintainer.runMaintenance(monthly(3).build());
        catalog.exec("INSERT INTO events SELECT g, '2024-01-10T00:00:00Z' FROM generate_series(1, 5) g");
        clock.setInstant(Instant.parse("2024-03-15T10:00:00Z"));
        assertThat(maintainer.runMaintenance(monthly(2).build()).detachedCount()).isEqualTo(1);
        assertThat(catalog.isPartition("public", "events__2024_01")).isFalse();
        assertThat(catalog.comment("public", "events__2024_01")).startsWith("partsmith:orphan");
    }

    private static TablePartitionConfig.Builder monthly(int retention) {
        return TablePartitionConfig.builder().maxClockSkew(Maintenance.MOVED_CLOCK).tableName("events").partitionColumn("created_at")
                .granularity(PartitionGranularity.MONTH).createAheadCount(1).retentionCount(retention).dropGrace(Duration.ofDays(7));
    }

    @Test
    void raisedRetentionAttachesTheOrphanBackWithItsRows() {
        assertThat(maintainer.plan(monthly(3).build()).operations()).singleElement().isInstanceOfSatisfying(AttachPartition.class,
                attach -> assertThat(attach.describe()).isEqualTo("attach back orphan public.events__2024_01 for"
                        + " [2024-01-01 00:00:00+00:00, 2024-02-01 00:00:00+00:00)"));

        MaintenanceResult result = maintainer.runMaintenance(monthly(3).build());

        assertThat(result.success()).isTrue();
        assertThat(result.createdCount()).isEqualTo(1);
        assertThat(result.droppedCount()).isZero();
        assertThat(catalog.isPartition("public", "events__2024_01")).isTrue();
        assertThat(catalog.comment("public", "events__2024_01")).as("the marker is cleared").isNull();
        assertThat(catalog.count("events WHERE created_at < '2024-02-01'")).as("readable through the parent").isEqualTo(5);
        assertThat(maintainer.plan(monthly(3).build()).operations()).isEmpty();
    }

    @Test
    void anOrphanWantedAgainIsAttachedBackEvenOnceItsGraceHasElapsed() {
        clock.add(Duration.ofDays(30));
        // Retention 4 on 2024-04-14 keeps January to April.
        MaintenancePlan plan = maintainer.plan(monthly(4).build());
        assertThat(plan.operations(DropPartition.class)).isEmpty();

        MaintenanceResult result = maintainer.runMaintenance(monthly(4).build());

        assertThat(result.droppedCount()).isZero();
        assertThat(catalog.isPartition("public", "events__2024_01")).isTrue();
        assertThat(catalog.count("events__2024_01")).isEqualTo(5);
    }

    @Test
    void aClockMovedBackAttachesTheOrphanBack() {
        clock.setInstant(Instant.parse("2024-02-10T10:00:00Z"));

        MaintenanceResult result = maintainer.runMaintenance(monthly(2).build());

        assertThat(result.success()).isTrue();
        assertThat(result.droppedCount()).isZero();
        assertThat(catalog.isPartition("public", "events__2024_01")).isTrue();
        assertThat(catalog.count("events WHERE created_at < '2024-02-01'")).isEqualTo(5);
    }

    @Test
    void anOrphanStillExpiredIsDroppedOnceItsGraceHasElapsed() {
        clock.add(Duration.ofDays(7));

        MaintenanceResult result = maintainer.runMaintenance(monthly(2).build());

        assertThat(result.droppedCount()).isEqualTo(1);
        assertThat(catalog.exists("public", "events__2024_01")).isFalse();
    }
}
