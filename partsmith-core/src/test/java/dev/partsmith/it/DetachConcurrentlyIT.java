package dev.partsmith.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
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
import dev.partsmith.plan.FinalizeDetach;
import dev.partsmith.plan.MaintenanceIssueStep;
import dev.partsmith.test.TestCatalog;
import dev.partsmith.test.TestDatabase;

class DetachConcurrentlyIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private final MutableClock clock = MutableClock.of(Instant.parse("2024-03-15T10:00:00Z"), ZoneOffset.UTC);
    private TestCatalog catalog;

    private final TablePartitionConfig config = TablePartitionConfig.builder().maxClockSkew(Maintenance.MOVED_CLOCK).tableName("events").partitionColumn("created_at")
            .granularity(PartitionGranularity.MONTH).createAheadCount(1).retentionCount(2).lockTimeout(Duration.ofMillis(100))
            .retryBudget(Duration.ofMillis(600)).build();

    @BeforeEach
    void createTables() {
        catalog = new TestCatalog(db.dataSource());
        catalog.exec("DROP TABLE IF EXISTS events, events__2024_01",
                "CREATE TABLE events (id bigint, created_at timestamptz NOT NULL) PARTITION BY RANGE (created_at)",
                "CREATE TABLE events__2024_01 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2024-02-01')",
                "CREATE TABLE events__2024_02 PARTITION OF events FOR VALUES FROM ('2024-02-01') TO ('2024-03-01')",
                "CREATE TABLE events__2024_03 PARTITION OF events FOR VALUES FROM ('2024-03-01') TO ('2024-04-01')",
                "INSERT INTO events VALUES (1, '2024-01-10'), (2, '2024-02-10'), (3, '2024-03-10')");
    }

    @Test
    void anInterruptedConcurrentDetachIsFinalizedByTheNextRun() throws Exception {
        MaintenanceResult interrupted;
        try (Connection reader = db.newDataSource(1).getConnection()) {
            // An open transaction that has read the parent: DETACH CONCURRENTLY's second phase waits for it.
            reader.setAutoCommit(false);
            try (Statement statement = reader.createStatement()) {
                statement.executeQuery("SELECT count(*) FROM events").close();
            }
            interrupted = Maintenance.maintainer(db.dataSource(), clock).runMaintenance(config);
            reader.commit();
        }

        assertThat(interrupted.success()).isFalse();
        assertThat(interrupted.errors()).singleElement().satisfies(issue -> {
            assertThat(issue.step()).isEqualTo(MaintenanceIssueStep.DETACH);
            assertThat(issue.message()).contains("is pending and the next run finalizes it");
        });
        assertThat(catalog.detachPending("public", "events__2024_01")).isTrue();
        assertThat(catalog.comment("public", "events__2024_01")).startsWith("partsmith:orphan at=2024-03-15T10:00:00Z");

        MaintenanceResult next = Maintenance.maintainer(db.dataSource(), clock).runMaintenance(config);

        assertThat(next.success()).as(String.valueOf(next.error())).isTrue();
        assertThat(next.plan().operations(FinalizeDetach.class)).hasSize(1);
        assertThat(next.detachedCount()).isEqualTo(1);
        assertThat(catalog.partitions("events")).containsExactly("events__2024_02", "events__2024_03");
        assertThat(catalog.count("events__2024_01")).isEqualTo(1);

        MaintenanceResult third = Maintenance.maintainer(db.dataSource(), clock).runMaintenance(config);
        assertThat(third.droppedCount()).as("the finalized orphan goes once its (zero) grace has elapsed").isEqualTo(1);
        assertThat(catalog.exists("public", "events__2024_01")).isFalse();
    }
}
