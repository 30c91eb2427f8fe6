package dev.partsmith.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.threeten.extra.MutableClock;

import dev.partsmith.config.PartitionGranularity;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.lifecycle.MaintenanceResult;
import dev.partsmith.plan.MaintenanceIssue;
import dev.partsmith.plan.MaintenanceIssueStep;
import dev.partsmith.test.TestCatalog;
import dev.partsmith.test.TestDatabase;

class LockTimeoutIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private final MutableClock clock = MutableClock.of(Instant.parse("2024-03-15T10:00:00Z"), ZoneOffset.UTC);
    private TestCatalog catalog;

    @BeforeEach
    void createParent() {
        catalog = new TestCatalog(db.dataSource());
        catalog.exec("DROP TABLE IF EXISTS events",
                "CREATE TABLE events (id bigint, created_at timestamptz NOT NULL) PARTITION BY RANGE (created_at)");
    }

    private static TablePartitionConfig config(Duration budget) {
        return TablePartitionConfig.builder().maxClockSkew(Maintenance.MOVED_CLOCK).tableName("events").partitionColumn("created_at").granularity(PartitionGranularity.MONTH)
                .createAheadCount(2).lockTimeout(Duration.ofMillis(100)).retryBudget(budget).build();
    }

    /** A transaction of another client holding ACCESS EXCLUSIVE on the parent until closed. */
    private static Connection holdParentLock() throws Exception {
        Connection holder = db.newDataSource(1).getConnection();
        holder.setAutoCommit(false);
        try (Statement statement = holder.createStatement()) {
            statement.execute("LOCK TABLE events IN ACCESS EXCLUSIVE MODE");
        }
        return holder;
    }

    @Test
    void retriesUntilTheLockIsReleasedThenSucceeds() throws Exception {
        Connection holder = holdParentLock();
        CompletableFuture<MaintenanceResult> run = CompletableFuture.supplyAsync(
                () -> Maintenance.maintainer(db.dataSource(), clock).runMaintenance(config(Duration.ofSeconds(60))));
        // Wait until partsmith's DDL has met the lock at least once: it shows up waiting in pg_stat_activity.
        await().until(() -> catalog.count("pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'CREATE TABLE%'") > 0);
        assertThat(run).isNotDone();

        holder.commit();
        holder.close();
        MaintenanceResult result = run.get();

        assertThat(result.success()).as(String.valueOf(result.error())).isTrue();
        assertThat(result.createdCount()).isEqualTo(2);
        assertThat(catalog.partitions("events")).containsExactly("events__2024_03", "events__2024_04");
    }

    @Test
    void reportsAnIssueWhenTheBudgetRunsOutAndNeverWaitsUnbounded() throws Exception {
        try (Connection holder = holdParentLock()) {
            // The run returns while the lock is still held: no attempt waits without a timeout.
            MaintenanceResult result = Maintenance.maintainer(db.dataSource(), clock).runMaintenance(config(Duration.ofMillis(400)));

            assertThat(result.success()).isFalse();
            assertThat(result.createdCount()).isZero();
            assertThat(result.errors()).hasSize(2).allSatisfy(issue -> {
                assertThat(issue.step()).isEqualTo(MaintenanceIssueStep.CREATE);
                assertThat(issue.message()).startsWith("CREATE TABLE public.events__2024_0")
                        .contains("could not get its locks within lock_timeout in").contains("the next run tries again");
            });
            assertThat(result.errors()).extracting(MaintenanceIssue::partition).containsExactly("public.events__2024_03", "public.events__2024_04");
            holder.rollback();
        }
        assertThat(catalog.partitions("events")).isEmpty();
        assertThat(catalog.exists("public", "events__2024_03")).as("a timed-out step leaves nothing behind").isFalse();

        MaintenanceResult next = Maintenance.maintainer(db.dataSource(), clock).runMaintenance(config(Duration.ofMillis(400)));
        assertThat(next.createdCount()).as("the next run tries again").isEqualTo(2);
    }
}
