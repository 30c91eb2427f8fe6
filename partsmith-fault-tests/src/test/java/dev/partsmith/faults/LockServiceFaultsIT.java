package dev.partsmith.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;

import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;

import dev.partsmith.LockAcquisitionException;
import dev.partsmith.config.PartitionGranularity;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.lifecycle.MaintenanceResult;
import dev.partsmith.lifecycle.PartitionLifecycleHooks;
import dev.partsmith.lifecycle.PartitionLifecycleService;
import dev.partsmith.lifecycle.PartitionMaintainer;
import dev.partsmith.lock.LockHandle;
import dev.partsmith.lock.LockManager;
import dev.partsmith.lock.RedisDistributedLockManager;
import dev.partsmith.lock.ShedLockLockManager;
import dev.partsmith.plan.MaintenanceIssueStep;
import dev.partsmith.postgres.PostgresMetadataProvider;
import dev.partsmith.postgres.PostgresPartitionRepository;
import dev.partsmith.test.TestCatalog;
import dev.partsmith.test.TestDatabase;

/**
 * The lock service fails: a Redis of the test's own is unreachable when a run starts, or stops in the
 * middle of one; ShedLock's table is missing. Each run reports it and changes nothing it should not.
 */
class LockServiceFaultsIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-03-15T10:00:00Z"), ZoneOffset.UTC);
    private static final TablePartitionConfig CONFIG = TablePartitionConfig.builder().maxClockSkew(TableSpec.MOVED_CLOCK).tableName("events").partitionColumn("created_at")
            .granularity(PartitionGranularity.MONTH).createAheadCount(3).build();

    private TestCatalog sql;

    @BeforeEach
    void createParent() {
        sql = new TestCatalog(db.dataSource());
        sql.exec("DROP SCHEMA public CASCADE", "CREATE SCHEMA public",
                "CREATE TABLE events (id bigint NOT NULL, created_at timestamptz NOT NULL) PARTITION BY RANGE (created_at)");
    }

    private static PartitionMaintainer maintainer(LockManager locks, PartitionLifecycleHooks... hooks) {
        return new PartitionMaintainer(new PartitionLifecycleService(new PostgresPartitionRepository(db.dataSource()),
                new PostgresMetadataProvider(db.dataSource()), locks, List.of(hooks), CLOCK));
    }

    /** A client as an application would configure it: commands give up after a second rather than Lettuce's minute. */
    private static LettuceConnectionFactory redis(int port) {
        LettuceConnectionFactory factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", port),
                LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(1)).build());
        factory.afterPropertiesSet();
        factory.start();
        return factory;
    }

    @Test
    void redisUnreachableWhenTheRunStarts() {
        try (RedisServerProcess server = new RedisServerProcess().start()) {
            server.stop();
            LettuceConnectionFactory factory = redis(server.port());
            try (RedisDistributedLockManager locks = new RedisDistributedLockManager(factory, "partsmith", Duration.ofSeconds(5))) {
                List<String> before = sql.snapshot();

                MaintenanceResult result = maintainer(locks).runMaintenanceSafe(CONFIG);

                assertThat(result.outcome()).isEqualTo(MaintenanceResult.Outcome.FAILURE);
                assertThat(result.errors()).singleElement().satisfies(issue -> {
                    assertThat(issue.step()).isEqualTo(MaintenanceIssueStep.LOCK);
                    assertThat(issue.message()).isEqualTo("cannot take the Redis lock partsmith:\"public\".\"events\" on public.events:"
                            + " Connection refused");
                });
                assertThatThrownBy(() -> maintainer(locks).runMaintenance(CONFIG)).isInstanceOf(LockAcquisitionException.class);
                assertThat(sql.snapshot()).as("nothing is done without the lock").isEqualTo(before);
            }
            finally {
                factory.destroy();
            }
        }
    }

    @Test
    void redisStoppedInTheMiddleOfARun() throws Exception {
        // Long enough that a renewal thread starved by a busy machine still renews in time; the test waits for the lapse once.
        Duration ttl = Duration.ofSeconds(10);
        PauseBeforeCreate pauseBeforeApril = new PauseBeforeCreate("events__2024_04");
        try (RedisServerProcess server = new RedisServerProcess().start()) {
            LettuceConnectionFactory factory = redis(server.port());
            try (RedisDistributedLockManager redisLocks = new RedisDistributedLockManager(factory, "partsmith", ttl)) {
                List<LockHandle> handles = new CopyOnWriteArrayList<>();
                LockManager recording = table -> {
                    Optional<LockHandle> handle = redisLocks.tryLock(table);
                    handle.ifPresent(handles::add);
                    return handle;
                };
                CompletableFuture<MaintenanceResult> run = CompletableFuture.supplyAsync(
                        () -> maintainer(recording, pauseBeforeApril).runMaintenanceSafe(CONFIG));
                await().atMost(Duration.ofSeconds(60)).until(() -> pauseBeforeApril.reached() || run.isDone());
                assertThat(pauseBeforeApril.reached()).as("the run reached the pause: %s", run.isDone() ? run.join().error() : "").isTrue();
                assertThat(new StringRedisTemplate(factory).hasKey("partsmith:\"public\".\"events\"")).isTrue();

                server.stop();
                // The run sees what this handle sees: wait until the lease has lapsed unrenewed.
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    try {
                        handles.get(0).verifyHeld();
                        return false;
                    }
                    catch (LockAcquisitionException ex) {
                        return true;
                    }
                });
                pauseBeforeApril.resume();
                MaintenanceResult result = run.get(60, TimeUnit.SECONDS);

                assertThat(result.outcome()).isEqualTo(MaintenanceResult.Outcome.FAILURE);
                assertThat(result.errors()).singleElement().satisfies(issue -> {
                    assertThat(issue.step()).isEqualTo(MaintenanceIssueStep.LOCK);
                    assertThat(issue.message()).isEqualTo("the lock on public.events was not renewed within its time to live of PT10S"
                            + " (is the lock service reachable?); it may be held by another maintainer now; 3 operations were not applied");
                });
                // March, April and May are created together, after the before-create hook of each: the lock lapsed before any of them.
                assertThat(result.createdCount()).isZero();
                assertThat(sql.bounds("events")).as("no DDL after the lock could no longer be trusted").isEmpty();
                assertThat(sql.exists("public", "events__2024_03")).isFalse();
                assertThat(sql.exists("public", "events__2024_04")).isFalse();
            }
            finally {
                factory.destroy();
            }

            // Redis is back (empty, as it keeps nothing on disk); the application reconnects and the next run finishes the job.
            server.start();
            LettuceConnectionFactory again = redis(server.port());
            try (RedisDistributedLockManager redisLocks = new RedisDistributedLockManager(again, "partsmith", ttl)) {
                MaintenanceResult next = maintainer(redisLocks).runMaintenanceSafe(CONFIG);

                assertThat(next.outcome()).as(String.valueOf(next.error())).isEqualTo(MaintenanceResult.Outcome.SUCCESS);
                assertThat(next.createdCount()).isEqualTo(3);
                assertThat(sql.bounds("events")).containsOnlyKeys("events__2024_03", "events__2024_04", "events__2024_05");
                assertThat(new StringRedisTemplate(again).hasKey("partsmith:\"public\".\"events\"")).as("released").isFalse();
            }
            finally {
                again.destroy();
            }
        }
    }

    @Test
    void shedLocksTableIsMissing() {
        JdbcTemplateLockProvider provider = new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
                .withJdbcTemplate(new JdbcTemplate(db.dataSource())).withTableName("shedlock").usingDbTime().build());
        try (ShedLockLockManager locks = new ShedLockLockManager(provider, "partsmith", Duration.ofMinutes(5))) {
            List<String> before = sql.snapshot();

            MaintenanceResult result = maintainer(locks).runMaintenanceSafe(CONFIG);

            assertThat(result.outcome()).isEqualTo(MaintenanceResult.Outcome.FAILURE);
            assertThat(result.error()).isEqualTo("ShedLock could not lock partsmith:public.events for public.events:"
                    + " ERROR: relation \"shedlock\" does not exist");
            assertThat(result.errors()).singleElement().extracting(issue -> issue.step()).isEqualTo(MaintenanceIssueStep.LOCK);
            assertThat(sql.snapshot()).as("nothing is done without the lock").isEqualTo(before);
        }
    }
}
