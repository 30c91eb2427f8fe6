package dev.partsmith.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.partsmith.config.PartitionGranularity;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.lifecycle.MaintenanceResult;
import dev.partsmith.lifecycle.PartitionLifecycleHooks;
import dev.partsmith.lifecycle.PartitionLifecycleService;
import dev.partsmith.lifecycle.PartitionMaintainer;
import dev.partsmith.plan.MaintenanceIssue;
import dev.partsmith.plan.MaintenanceIssueStep;
import dev.partsmith.postgres.PostgresAdvisoryLockManager;
import dev.partsmith.postgres.PostgresMetadataProvider;
import dev.partsmith.postgres.PostgresPartitionRepository;
import dev.partsmith.test.TestCatalog;
import dev.partsmith.test.TestDatabase;

/**
 * The backend running partsmith's DDL, and the one holding its advisory lock, are terminated with
 * {@code pg_terminate_backend} in the middle of a run: the run ends with a result saying what failed,
 * the lock is free, and the next run finishes what was left.
 */
class KilledConnectionsIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-03-15T10:00:00Z"), ZoneOffset.UTC);

    private TestCatalog sql;

    @BeforeEach
    void createTables() {
        sql = new TestCatalog(db.dataSource());
        sql.exec("DROP SCHEMA public CASCADE", "CREATE SCHEMA public",
                "CREATE TABLE events (id bigint NOT NULL, created_at timestamptz NOT NULL, PRIMARY KEY (id, created_at))"
                        + " PARTITION BY RANGE (created_at)");
    }

    private static TablePartitionConfig.Builder monthly() {
        return TablePartitionConfig.builder().maxClockSkew(TableSpec.MOVED_CLOCK).tableName("events").partitionColumn("created_at").granularity(PartitionGranularity.MONTH)
                .createAheadCount(3);
    }

    private static DataSource pool(String application) {
        return db.newDataSource(4, config -> config.addDataSourceProperty("ApplicationName", application));
    }

    private static PartitionMaintainer maintainer(DataSource dataSource, PartitionLifecycleHooks... hooks) {
        return new PartitionMaintainer(new PartitionLifecycleService(new PostgresPartitionRepository(dataSource),
                new PostgresMetadataProvider(dataSource), new PostgresAdvisoryLockManager(dataSource), List.of(hooks), CLOCK));
    }

    @Test
    void theBackendMovingRowsOutOfDefaultIsTerminated() throws Exception {
        sql.exec("CREATE TABLE events_default PARTITION OF events DEFAULT",
                "INSERT INTO events SELECT g, timestamptz '2024-04-01 00:00+00' + g * interval '5 seconds' FROM generate_series(0, 299999) g",
                // A row of no partition: the DEFAULT cannot become April's partition, April's rows are moved.
                "INSERT INTO events VALUES (-1, '2019-01-01 00:00+00')");
        long rowsBefore = sql.count("events");
        String app = "kill-move";

        CompletableFuture<MaintenanceResult> run = CompletableFuture.supplyAsync(() -> maintainer(pool(app)).runMaintenanceSafe(monthly().build()));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10))
                .until(() -> run.isDone() || sql.backendRunning(app, "WITH moved AS (DELETE FROM", false) != null);
        Integer mover = sql.backendRunning(app, "WITH moved AS (DELETE FROM", false);
        assertThat(mover).as("caught the move in flight").isNotNull();
        assertThat(sql.terminate(mover)).isTrue();
        MaintenanceResult result = run.get(60, TimeUnit.SECONDS);

        assertThat(result.outcome()).isEqualTo(MaintenanceResult.Outcome.FAILURE);
        assertThat(result.errors()).singleElement().satisfies(issue -> {
            assertThat(issue.step()).isEqualTo(MaintenanceIssueStep.ATTACH);
            assertThat(issue.partition()).isEqualTo("public.events__2024_04");
            assertThat(issue.message()).isEqualTo("could not attach public.events__2024_04 [2024-04-01 00:00:00+00:00, 2024-05-01 00:00:00+00:00):"
                    + " FATAL: terminating connection due to administrator command [SQLSTATE 57P01]");
        });
        assertThat(result.createdCount()).as("March and May, which did not depend on the killed step").isEqualTo(2);
        assertThat(sql.advisoryLocks()).as("the lock is free").isZero();
        assertThat(sql.count("events_default")).as("the killed move was rolled back whole").isEqualTo(rowsBefore);
        assertThat(sql.comment("public", "events__2024_04")).startsWith("partsmith:pending-attach");

        MaintenanceResult next = maintainer(db.dataSource()).runMaintenanceSafe(monthly().build());

        assertThat(next.outcome()).as(String.valueOf(next.error())).isEqualTo(MaintenanceResult.Outcome.SUCCESS);
        assertThat(next.createdCount()).isEqualTo(1);
        assertThat(next.movedRowCount()).isEqualTo(rowsBefore - 1);
        assertThat(sql.bounds("events")).containsOnlyKeys("events__2024_03", "events__2024_04", "events__2024_05", "events_default");
        assertThat(sql.count("events")).isEqualTo(rowsBefore);
        assertThat(sql.count("events_default")).isEqualTo(1);
    }

    @Test
    void theBackendRunningDetachConcurrentlyIsTerminated() throws Exception {
        sql.exec("CREATE TABLE events__2024_01 PARTITION OF events FOR VALUES FROM ('2024-01-01 00:00+00') TO ('2024-02-01 00:00+00')",
                "CREATE TABLE events__2024_02 PARTITION OF events FOR VALUES FROM ('2024-02-01 00:00+00') TO ('2024-03-01 00:00+00')",
                "INSERT INTO events VALUES (1, '2024-01-10'), (2, '2024-02-10')");
        TablePartitionConfig config = monthly().retentionCount(2).dropGrace(Duration.ofDays(1)).lockTimeout(Duration.ofSeconds(30)).build();
        String app = "kill-detach";
        MaintenanceResult result;
        try (Connection reader = db.newDataSource(1).getConnection()) {
            reader.setAutoCommit(false);
            try (Statement statement = reader.createStatement()) {
                statement.executeQuery("SELECT count(*) FROM events").close();
            }
            CompletableFuture<MaintenanceResult> run = CompletableFuture.supplyAsync(() -> maintainer(pool(app)).runMaintenanceSafe(config));
            String detach = "ALTER TABLE \"public\".\"events\" DETACH PARTITION \"public\".\"events__2024_01\" CONCURRENTLY";
            await().atMost(Duration.ofSeconds(60)).until(() -> run.isDone() || sql.backendRunning(app, detach, true) != null);
            assertThat(sql.terminate(sql.backendRunning(app, detach, true))).isTrue();
            result = run.get(60, TimeUnit.SECONDS);
            reader.commit();
        }

        assertThat(result.outcome()).isEqualTo(MaintenanceResult.Outcome.FAILURE);
        assertThat(result.errors()).extracting(MaintenanceIssue::step, MaintenanceIssue::partition, MaintenanceIssue::message)
                .containsExactly(tuple(MaintenanceIssueStep.DETACH, "public.events__2024_01",
                        "could not detach public.events__2024_01: FATAL: terminating connection due to administrator command [SQLSTATE 57P01]"
                                + "; the detach of public.events__2024_01 is pending and the next run finalizes it"));
        assertThat(result.createdCount()).isEqualTo(3);
        assertThat(sql.detachPending("public", "events__2024_01")).isTrue();
        assertThat(sql.advisoryLocks()).isZero();

        MaintenanceResult next = maintainer(db.dataSource()).runMaintenanceSafe(config);

        assertThat(next.outcome()).as(String.valueOf(next.error())).isEqualTo(MaintenanceResult.Outcome.SUCCESS);
        assertThat(next.detachedCount()).as("finalized").isEqualTo(1);
        assertThat(sql.bounds("events")).containsOnlyKeys("events__2024_02", "events__2024_03", "events__2024_04", "events__2024_05");
        assertThat(sql.count("events__2024_01")).isEqualTo(1);
        assertThat(sql.comment("public", "events__2024_01")).startsWith("partsmith:orphan");
    }

    @Test
    void theBackendHoldingTheAdvisoryLockIsTerminatedMidRun() throws Exception {
        String app = "kill-lock";
        PauseBeforeCreate pauseBeforeApril = new PauseBeforeCreate("events__2024_04");
        CompletableFuture<MaintenanceResult> run = CompletableFuture.supplyAsync(
                () -> maintainer(pool(app), pauseBeforeApril).runMaintenanceSafe(monthly().build()));
        assertThat(pauseBeforeApril.awaitReached()).isTrue();
        Integer holder = sql.advisoryLockHolder();
        assertThat(holder).isNotNull();
        assertThat(sql.terminate(holder)).isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> sql.advisoryLocks() == 0);
        pauseBeforeApril.resume();
        MaintenanceResult result = run.get(60, TimeUnit.SECONDS);

        assertThat(result.outcome()).isEqualTo(MaintenanceResult.Outcome.FAILURE);
        assertThat(result.errors()).singleElement().satisfies(issue -> {
            assertThat(issue.step()).isEqualTo(MaintenanceIssueStep.LOCK);
            assertThat(issue.message()).startsWith("the advisory lock on public.events was lost with its connection: ")
                    .endsWith("; 3 operations were not applied");
        });
        // March, April and May are created together, after the before-create hook of each: the lock was lost before any of them.
        assertThat(result.createdCount()).isZero();
        assertThat(sql.bounds("events")).as("no DDL ran after the lock was lost").isEmpty();
        assertThat(sql.exists("public", "events__2024_03")).isFalse();
        assertThat(sql.exists("public", "events__2024_04")).isFalse();
        assertThat(sql.advisoryLocks()).isZero();

        MaintenanceResult next = maintainer(db.dataSource()).runMaintenanceSafe(monthly().build());

        assertThat(next.outcome()).as(String.valueOf(next.error())).isEqualTo(MaintenanceResult.Outcome.SUCCESS);
        assertThat(next.createdCount()).isEqualTo(3);
        assertThat(sql.bounds("events")).containsOnlyKeys("events__2024_03", "events__2024_04", "events__2024_05");
    }
}
