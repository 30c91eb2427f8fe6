package dev.partsmith.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.threeten.extra.MutableClock;

import dev.partsmith.autoconfigure.event.MaintenanceFinishedEvent;
import dev.partsmith.test.TestCatalog;
import dev.partsmith.test.TestDatabase;
import dev.partsmith.test.TestRabbit;

/**
 * The sample's RabbitMQ listener against a real broker: a message naming a table brings a run of that
 * table, which creates the partitions the moved clock calls for; an empty message brings a run of every
 * table. The queue is one of this test's own, deleted afterwards.
 */
@SpringBootTest(classes = { PartsmithSampleApplication.class, MaintenanceRequestsIT.Config.class }, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = { "sample.writer.enabled=false", "partsmith.schedule.cron=-", "partsmith.safety.max-clock-skew=36500d",
                "sample.maintenance-requests.enabled=true" })
@DirtiesContext
class MaintenanceRequestsIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    static Path work;

    static final String QUEUE = "partsmith-it-requests-" + UUID.randomUUID();

    static AmqpAdmin admin;
    static RabbitListenerEndpointRegistry listeners;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", db::jdbcUrl);
        registry.add("spring.datasource.username", db::user);
        registry.add("spring.datasource.password", db::password);
        registry.add("sample.archive.directory", () -> work.resolve("archive").toString());
        registry.add("sample.maintenance-requests.queue", () -> QUEUE);
        registry.add("spring.rabbitmq.host", TestRabbit::host);
        registry.add("spring.rabbitmq.port", TestRabbit::port);
        registry.add("spring.rabbitmq.username", TestRabbit::username);
        registry.add("spring.rabbitmq.password", TestRabbit::password);
    }

    @Autowired
    MutableClock clock;

    @Autowired
    RabbitTemplate rabbit;

    @Autowired
    Runs runs;

    @Autowired
    void rabbit(AmqpAdmin amqpAdmin, RabbitListenerEndpointRegistry registry) {
        admin = amqpAdmin;
        listeners = registry;
    }

    @AfterAll
    static void deleteQueue() {
        listeners.stop();
        admin.deleteQueue(QUEUE);
    }

    @Test
    void aMessageNamingATableBringsARunThatCreatesItsPartitionsAndAnEmptyOneRunsEveryTable() throws InterruptedException {
        TestCatalog catalog = new TestCatalog(db.dataSource());
        assertThat(catalog.partitions("audit_log")).hasSize(7).doesNotContain("audit_log__2024_03_22");

        clock.add(Duration.ofDays(2));
        rabbit.convertAndSend("", QUEUE, "audit-log");

        MaintenanceFinishedEvent run = runs.finished.poll(30, TimeUnit.SECONDS);
        assertThat(run).as("the message brought a run").isNotNull();
        assertThat(run.table().key()).isEqualTo("audit-log");
        assertThat(run.result().createdCount()).isEqualTo(2);
        assertThat(catalog.partitions("audit_log")).contains("audit_log__2024_03_22", "audit_log__2024_03_23");

        clock.add(Duration.ofDays(31));
        rabbit.convertAndSend("", QUEUE, "");

        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            MaintenanceFinishedEvent each = runs.finished.poll(30, TimeUnit.SECONDS);
            assertThat(each).as("a run of each table").isNotNull();
            keys.add(each.table().key());
        }
        assertThat(keys).containsExactlyInAnyOrder("events", "audit-log");
        assertThat(catalog.partitions("events")).contains("events__2024_06");
        assertThat(catalog.partitions("audit_log")).contains("audit_log__2024_04_23");
    }

    @TestConfiguration
    static class Config {

        @Bean
        MutableClock partsmithClock() {
            return MutableClock.of(Instant.parse("2024-03-15T10:00:00Z"), ZoneOffset.UTC);
        }

        @Bean
        Runs runs() {
            return new Runs();
        }
    }

    /** The runs after start-up. */
    static class Runs {

        final BlockingQueue<MaintenanceFinishedEvent> finished = new LinkedBlockingQueue<>();
        private int startup = 2;

        @EventListener
        synchronized void on(MaintenanceFinishedEvent event) {
            if (startup > 0) {
                startup--;
                return;
            }
            finished.add(event);
        }
    }
}
