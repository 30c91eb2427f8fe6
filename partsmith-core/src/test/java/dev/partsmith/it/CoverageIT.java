package dev.partsmith.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.threeten.extra.MutableClock;

import dev.partsmith.config.PartitionGranularity;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.lifecycle.MaintenanceResult;
import dev.partsmith.lifecycle.PartitionMaintainer;
import dev.partsmith.postgres.PostgresMetadataProvider;
import dev.partsmith.status.TableStatus;
import dev.partsmith.status.TableStatus.Problem;
import dev.partsmith.test.TestCatalog;
import dev.partsmith.test.TestDatabase;

/**
 * Runway is the time until the first instant no partition covers: a partition covering half the
 * current period, or a table whose zone changed, leaves now uncovered, and the run, the status and the
 * runway say so; an unbounded partition is covered time.
 */
class CoverageIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private final MutableClock clock = MutableClock.of(Instant.parse("2024-03-20T10:00:00Z"), ZoneOffset.UTC);
    private TestCatalog catalog;
    private PartitionMaintainer maintainer;

    @BeforeEach
    void createParent() {
        catalog = new TestCatalog(db.dataSource());
        catalog.exec("DROP TABLE IF EXISTS events",
                "CREATE TABLE events (id bigint NOT NULL, created_at timestamptz NOT NULL, PRIMARY KEY (id, created_at))"
                        + " PARTITION BY RANGE (created_at)");
        maintainer = Maintenance.maintainer(db.dataSource(), clock);
    }

    private static TablePartitionConfig.Builder monthly() {
        return TablePartitionConfig.builder().maxClockSkew(Maintenance.MOVED_CLOCK).tableName("events").partitionColumn("created_at")
                .granularity(PartitionGranularity.MONTH).createAheadCount(2);
    }

    private TableStatus status(TablePartitionConfig config, MaintenanceResult last) {
        return TableStatus.of(config, new PostgresMetadataProvider(db.dataSource()).readTree(config), clock.instant(), last);
    }

    @Test
    void aPartitionCoveringHalfTheCurrentPeriodLeavesNowUncoveredAndEveryoneSaysSo() {
        catalog.exec("CREATE TABLE events_half PARTITION OF events FOR VALUES FROM ('2024-03-01') TO ('2024-03-16')");
        TablePartitionConfig config = monthly().build();

        MaintenanceResult result = maintainer.runMaintenance(config);

        assertThat(result.success()).as("the run fails: inserts for now have no partition").isFalse();
        assertThat(result.error()).contains("wanted period 2024_03").contains("is covered only in part, by public.events_half");
        assertThat(result.createdCount()).as("April is made; March cannot be without overlapping").isEqualTo(1);
        TableStatus status = status(config, result);
        assertThat(status.runway().covered()).isFalse();
        assertThat(status.runway().length()).contains(Duration.ZERO);
        assertThat(status.problems()).extracting(Problem::kind).containsExactly(Problem.Kind.NOT_COVERED, Problem.Kind.LAST_RUN_FAILED);
        assertThat(status.problems().get(0).message()).isEqualTo("no partition covers the time ahead from 2024-03-20 10:00:00+00:00:"
                + " inserts for it fail with \"no partition of relation found for row\"");
        assertThatThrownBy(() -> catalog.exec("INSERT INTO events VALUES (1, '2024-03-20T10:00:00Z')"))
                .hasMessageContaining("no partition of relation \"events\" found for row");
    }

    @Test
    void aChangedTimeZoneLeavesTheStartOfItsPeriodUncovered() {
        maintainer.runMaintenance(monthly().build());
        // 2024-02-29T20:00Z is 1 March, 05:00 in Tokyo: the month began at 15:00 UTC, before the UTC partition of March.
        clock.setInstant(Instant.parse("2024-02-29T20:00:00Z"));
        TablePartitionConfig tokyo = monthly().timezone(ZoneId.of("Asia/Tokyo")).build();

        MaintenanceResult result = maintainer.runMaintenance(tokyo);

        assertThat(result.success()).isFalse();
        assertThat(result.error()).contains("wanted period 2024_03 [2024-03-01 00:00:00+09:00, 2024-04-01 00:00:00+09:00)");
        TableStatus status = status(tokyo, result);
        assertThat(status.has(Problem.Kind.NOT_COVERED)).isTrue();
        assertThatThrownBy(() -> catalog.exec("INSERT INTO events VALUES (1, '2024-02-29T20:00:00Z')"))
                .hasMessageContaining("no partition of relation \"events\" found for row");
    }

    @Test
    void runwayEndsAtTheFirstGapNotAtTheLastPartition() {
        catalog.exec("CREATE TABLE events__2024_03 PARTITION OF events FOR VALUES FROM ('2024-03-01') TO ('2024-04-01')",
                "CREATE TABLE events__2024_06 PARTITION OF events FOR VALUES FROM ('2024-06-01') TO ('2024-07-01')");
        TablePartitionConfig config = monthly().createAheadCount(1).minRunway(Duration.ofDays(20)).build();

        TableStatus status = status(config, null);

        assertThat(status.runway().length()).contains(Duration.parse("PT278H"));
        assertThat(status.problems()).extracting(Problem::message).containsExactly("runway PT278H is below min-runway PT480H");
    }

    @Test
    void aPartitionUpToMaxvalueIsCoveredTimeNotAnAlarm() {
        catalog.exec("CREATE TABLE events_rest PARTITION OF events FOR VALUES FROM ('2024-01-01') TO (MAXVALUE)");
        TablePartitionConfig config = monthly().build();

        MaintenanceResult result = maintainer.runMaintenance(config);

        assertThat(result.success()).isTrue();
        assertThat(result.createdCount()).isZero();
        TableStatus status = status(config, result);
        assertThat(status.runway().unbounded()).isTrue();
        assertThat(status.healthy()).isTrue();
    }
}
