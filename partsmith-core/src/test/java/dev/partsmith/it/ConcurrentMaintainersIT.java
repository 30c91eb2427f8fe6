package dev.partsmith.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.threeten.extra.MutableClock;

import dev.partsmith.config.PartitionGranularity;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.lifecycle.MaintenanceResult;
import dev.partsmith.lifecycle.PartitionLifecycleHooks;
import dev.partsmith.test.TestCatalog;
import dev.partsmith.test.TestDatabase;

class ConcurrentMaintainersIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @Test
    void twoMaintainersOnOneTableOneWorksTheOtherIsSkipped() throws Exception {
        TestCatalog catalog = new TestCatalog(db.dataSource());
        catalog.exec("CREATE TABLE events (id bigint, created_at timestamptz NOT NULL) PARTITION BY RANGE (created_at)");
        TablePartitionConfig config = TablePartitionConfig.builder().maxClockSkew(Maintenance.MOVED_CLOCK).tableName("events").partitionColumn("created_at")
                .granularity(PartitionGranularity.DAY).createAheadCount(5).build();
        MutableClock clock = MutableClock.of(Instant.parse("2024-03-15T10:00:00Z"), ZoneOffset.UTC);

        CountDownLatch firstIsWorking = new CountDownLatch(1);
        CountDownLatch secondIsDone = new CountDownLatch(1);
        PartitionLifecycleHooks holdFirst = new PartitionLifecycleHooks() {
            @Override
            public void beforeCreate(TablePartitionConfig table, String partitionName, ZonedDateTime from, ZonedDateTime to) {
                firstIsWorking.countDown();
                try {
                    secondIsDone.await(30, TimeUnit.SECONDS);
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        // Separate pools, as two application instances would have.
        CompletableFuture<MaintenanceResult> first = CompletableFuture.supplyAsync(
                () -> Maintenance.maintainer(db.newDataSource(3), clock, holdFirst).runMaintenance(config));
        assertThat(firstIsWorking.await(30, TimeUnit.SECONDS)).isTrue();

        MaintenanceResult second = Maintenance.maintainer(db.newDataSource(3), clock).runMaintenance(config);
        secondIsDone.countDown();

        assertThat(second.skipped()).isTrue();
        assertThat(second.success()).isTrue();
        assertThat(second.skippedReason()).isEqualTo("another maintainer holds the lock on public.events");
        assertThat(second.createdCount()).isZero();
        MaintenanceResult firstResult = first.get(60, TimeUnit.SECONDS);
        assertThat(firstResult.createdCount()).isEqualTo(5);
        assertThat(catalog.partitions("events")).hasSize(5);
        assertThat(Maintenance.maintainer(db.dataSource(), clock).runMaintenance(config).plan().operations())
                .as("the tree converged: nothing left to do").isEmpty();
        assertThat(catalog.advisoryLocks()).as("every advisory lock was released").isZero();
    }
}
