package dev.partsmith.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.threeten.extra.MutableClock;

import dev.partsmith.config.PartitionGranularity;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.lifecycle.MaintenanceResult;
import dev.partsmith.lifecycle.PartitionLifecycleHooks;
import dev.partsmith.lifecycle.PartitionMaintainer;
import dev.partsmith.test.TestCatalog;
import dev.partsmith.test.TestDatabase;

/**
 * Runs requested from code coalesce: ten requests while a run is under way (held in a hook until the test
 * lets it go) bring one more run, which finds the work done; a request after that starts a run of its own.
 */
class RequestedRunsIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @Test
    void tenRequestsWhileARunIsUnderWayGiveOneMoreRun() throws Exception {
        TestCatalog catalog = new TestCatalog(db.dataSource());
        catalog.exec("CREATE TABLE events (id bigint, created_at timestamptz NOT NULL) PARTITION BY RANGE (created_at)");
        TablePartitionConfig config = TablePartitionConfig.builder().maxClockSkew(Maintenance.MOVED_CLOCK).tableName("events")
                .partitionColumn("created_at").granularity(PartitionGranularity.MONTH).createAheadCount(2).build();
        MutableClock clock = MutableClock.of(Instant.parse("2024-03-15T10:00:00Z"), ZoneOffset.UTC);
        CountDownLatch working = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger creates = new AtomicInteger();
        PartitionLifecycleHooks holdTheFirstCreate = new PartitionLifecycleHooks() {
            @Override
            public void beforeCreate(TablePartitionConfig table, String partitionName, ZonedDateTime from, ZonedDateTime to) {
                if (creates.getAndIncrement() == 0) {
                    working.countDown();
                    await(release);
                }
            }
        };

        try (PartitionMaintainer maintainer = Maintenance.maintainer(db.dataSource(), clock, holdTheFirstCreate)) {
            CompletableFuture<MaintenanceResult> first = maintainer.requestRun(config);
            assertThat(working.await(30, TimeUnit.SECONDS)).as("the first run is under way").isTrue();

            List<CompletableFuture<MaintenanceResult>> requests = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                requests.add(maintainer.requestRun(config));
            }
            release.countDown();

            assertThat(requests).allSatisfy(request -> assertThat(request).isSameAs(requests.get(0)).isNotSameAs(first));
            MaintenanceResult firstResult = first.get(30, TimeUnit.SECONDS);
            MaintenanceResult queuedResult = requests.get(0).get(30, TimeUnit.SECONDS);
            assertThat(firstResult.success()).isTrue();
            assertThat(firstResult.createdCount()).isEqualTo(2);
            assertThat(queuedResult.success()).isTrue();
            assertThat(queuedResult.skipped()).as("the first run had released the lock").isFalse();
            assertThat(queuedResult.createdCount()).as("one more run, which found the work done").isZero();
            assertThat(creates).as("partitions created once").hasValue(2);
            assertThat(catalog.partitions("events")).containsExactlyInAnyOrder("events__2024_03", "events__2024_04");

            clock.add(java.time.Duration.ofDays(31));
            MaintenanceResult later = maintainer.requestRun(config).get(30, TimeUnit.SECONDS);
            assertThat(later.createdCount()).as("a request after the runs ended starts a run of its own").isEqualTo(1);
            assertThat(catalog.partitions("events")).contains("events__2024_05");
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
