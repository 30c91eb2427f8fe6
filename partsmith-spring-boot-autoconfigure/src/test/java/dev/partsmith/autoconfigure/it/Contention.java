package dev.partsmith.autoconfigure.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;

import dev.partsmith.autoconfigure.MaintenanceRunner;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.lifecycle.MaintenanceResult;
import dev.partsmith.lifecycle.PartitionLifecycleHooks;
import dev.partsmith.test.TestDatabase;

/**
 * Two instances of one application maintaining the same table: the first is held inside its run
 * (in a before-create hook) while the second tries; the second must be skipped and do nothing.
 */
final class Contention {

    private Contention() {
    }

    /** The properties both instances share: one monthly table, no start-up run, no schedule. */
    static Map<String, Supplier<Object>> properties(TestDatabase db, Map<String, Supplier<Object>> more) {
        Map<String, Supplier<Object>> properties = new LinkedHashMap<>();
        properties.put("spring.datasource.url", db::jdbcUrl);
        properties.put("spring.datasource.username", db::user);
        properties.put("spring.datasource.password", db::password);
        properties.put("spring.flyway.locations", () -> "classpath:db/lock-it");
        properties.put("partsmith.run-on-startup", () -> "false");
        properties.put("partsmith.schedule.cron", () -> "-");
        properties.put("partsmith.tables.events.partition-column", () -> "created_at");
        properties.put("partsmith.tables.events.granularity", () -> "month");
        properties.putAll(more);
        return properties;
    }

    static void register(DynamicPropertyRegistry registry, Map<String, Supplier<Object>> properties) {
        properties.forEach(registry::add);
    }

    /** A second instance of the application, started as its own Spring Boot application. */
    static ConfigurableApplicationContext secondInstance(Class<?> application, Map<String, Supplier<Object>> properties) {
        Map<String, Object> resolved = new LinkedHashMap<>();
        properties.forEach((name, value) -> resolved.put(name, value.get()));
        SpringApplication second = new SpringApplicationBuilder(application).web(WebApplicationType.NONE).properties(resolved).build();
        return second.run();
    }

    /**
     * Holds the first instance inside its run, has the second one try, and checks it was skipped;
     * {@code whileHeld} checks the lock store while the first holds the lock.
     */
    static void assertTheSecondIsSkipped(ConfigurableApplicationContext first, ConfigurableApplicationContext second, Runnable whileHeld)
            throws Exception {
        Gate firstGate = first.getBean(Gate.class);
        Gate secondGate = second.getBean(Gate.class);
        firstGate.holdNextCreate();
        CompletableFuture<MaintenanceResult> winner = CompletableFuture.supplyAsync(() -> first.getBean(MaintenanceRunner.class).run("events"));
        MaintenanceResult loser;
        try {
            assertThat(firstGate.awaitHeld()).as("the first instance is inside its run").isTrue();
            loser = second.getBean(MaintenanceRunner.class).run("events");
            whileHeld.run();
        }
        finally {
            firstGate.release();
        }
        assertThat(loser.skipped()).isTrue();
        assertThat(loser.success()).as("a skipped run is no failure").isTrue();
        assertThat(loser.skippedReason()).contains("another maintainer holds the lock on public.events");
        assertThat(loser.createdCount()).isZero();
        assertThat(secondGate.calls).as("the skipped instance ran no hook").isEmpty();

        MaintenanceResult won = winner.get(60, TimeUnit.SECONDS);
        assertThat(won.success()).isTrue();
        assertThat(won.createdCount()).isEqualTo(3);

        MaintenanceResult next = second.getBean(MaintenanceRunner.class).run("events");
        assertThat(next.skipped()).as("the lock was released").isFalse();
        assertThat(next.success()).isTrue();
        assertThat(next.createdCount()).isZero();
    }

    /** A before-create hook that can hold a run until the test lets it go. */
    static final class Gate implements PartitionLifecycleHooks {

        final List<String> calls = new CopyOnWriteArrayList<>();
        private volatile CountDownLatch held;
        private volatile CountDownLatch release;

        void holdNextCreate() {
            held = new CountDownLatch(1);
            release = new CountDownLatch(1);
        }

        boolean awaitHeld() throws InterruptedException {
            return held.await(60, TimeUnit.SECONDS);
        }

        void release() {
            CountDownLatch current = release;
            release = null;
            if (current != null) {
                current.countDown();
            }
        }

        @Override
        public void beforeCreate(TablePartitionConfig config, String partitionName, ZonedDateTime from, ZonedDateTime to) {
            calls.add(partitionName);
            CountDownLatch current = release;
            if (current != null) {
                held.countDown();
                try {
                    current.await(60, TimeUnit.SECONDS);
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
