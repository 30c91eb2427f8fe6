package dev.partsmith.autoconfigure.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.threeten.extra.MutableClock;

import dev.partsmith.autoconfigure.MaintenanceRunner;
import dev.partsmith.autoconfigure.event.MaintenanceFinishedEvent;
import dev.partsmith.autoconfigure.trigger.RunwayWatcher;
import dev.partsmith.test.TestCatalog;
import dev.partsmith.test.TestDatabase;

/**
 * A table whose runway drops below its min-runway between scheduled runs (there is no schedule here) is
 * maintained at once: the clock moves, the watcher's next tick sees the runway from the tree the last run
 * read, and requests a run. The check itself takes no connection. The tests run in order.
 */
@SpringBootTest(classes = RunwayTriggerIT.App.class, webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
        "spring.flyway.locations=classpath:db/schedule-it",
        "partsmith.schedule.cron=-",
        "partsmith.safety.max-clock-skew=36500d",
        "partsmith.trigger.runway.enabled=true",
        "partsmith.trigger.runway.interval=200ms",
        "partsmith.tables.events.partition-column=created_at",
        "partsmith.tables.events.granularity=month",
        "partsmith.tables.events.create-ahead=2",
        "partsmith.tables.events.min-runway=30d" })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DirtiesContext
class RunwayTriggerIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    static final MutableClock CLOCK = MutableClock.of(Instant.parse("2024-03-15T10:00:00Z"), ZoneOffset.UTC);

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", db::jdbcUrl);
        registry.add("spring.datasource.username", db::user);
        registry.add("spring.datasource.password", db::password);
    }

    @Autowired
    RunwayWatcher watcher;

    @Autowired
    MaintenanceRunner runner;

    @Autowired
    Runs runs;

    @Autowired
    CountingDataSource dataSource;

    @Test
    @Order(1)
    void checkingTheRunwaysTakesNoConnection() {
        assertThat(runner.lastStatus("events")).hasValueSatisfying(status -> assertThat(status.runway()).hasToString("PT1118H"));
        long connections = dataSource.connections.get();

        for (int i = 0; i < 100; i++) {
            watcher.check();
        }

        assertThat(dataSource.connections.get()).as("connections taken while checking").isEqualTo(connections);
        assertThat(runs.finished).as("a runway of 47 days is above min-runway 30d: no run").isEmpty();
    }

    @Test
    @Order(2)
    void aRunwayThatDropsBelowMinRunwayGetsARunAtOnce() throws InterruptedException {
        CLOCK.setInstant(Instant.parse("2024-04-10T10:00:00Z"));
        assertThat(runner.lastStatus("events")).hasValueSatisfying(status -> assertThat(status.runway()).as("to 1 May").hasToString("PT494H"));

        MaintenanceFinishedEvent run = runs.finished.poll(30, TimeUnit.SECONDS);

        assertThat(run).as("the watcher's next tick requested a run").isNotNull();
        assertThat(run.result().success()).isTrue();
        assertThat(run.result().createdCount()).isEqualTo(1);
        assertThat(new TestCatalog(db.dataSource()).partitions("events")).contains("events__2024_05");
        assertThat(runner.lastStatus("events")).hasValueSatisfying(status -> assertThat(status.runway()).as("to 1 June").hasToString("PT1238H"));
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

        @Bean
        MutableClock partsmithClock() {
            return CLOCK;
        }

        @Bean
        Runs runs() {
            return new Runs();
        }

        @Bean
        static BeanPostProcessor countConnections() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String beanName) {
                    return bean instanceof DataSource dataSource && !(bean instanceof CountingDataSource) ? new CountingDataSource(dataSource) : bean;
                }
            };
        }
    }

    /** The runs after start-up. */
    static class Runs implements ApplicationListener<MaintenanceFinishedEvent> {

        final BlockingQueue<MaintenanceFinishedEvent> finished = new LinkedBlockingQueue<>();
        private boolean started;

        @Override
        public synchronized void onApplicationEvent(MaintenanceFinishedEvent event) {
            if (started) {
                finished.add(event);
            }
            started = true;
        }
    }

    /** Counts the connections taken from the application's DataSource. */
    static class CountingDataSource extends DelegatingDataSource {

        final AtomicLong connections = new AtomicLong();

        CountingDataSource(DataSource target) {
            super(target);
        }

        @Override
        public Connection getConnection() throws SQLException {
            connections.incrementAndGet();
            return super.getConnection();
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            connections.incrementAndGet();
            return super.getConnection(username, password);
        }
    }
}
