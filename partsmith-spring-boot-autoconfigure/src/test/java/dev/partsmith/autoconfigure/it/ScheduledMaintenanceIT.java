package dev.partsmith.autoconfigure.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import dev.partsmith.autoconfigure.MaintenanceRunner;
import dev.partsmith.autoconfigure.MaintenanceScheduler;
import dev.partsmith.test.TestCatalog;
import dev.partsmith.test.TestDatabase;

/**
 * partsmith with the defaults a user gets, except a cron that fires every second: the schedule runs
 * maintenance on its own, the endpoint is read-only, health stays out of the probes. Nothing here depends
 * on the PostgreSQL version, so it runs once (tag {@code once}).
 */
@Tag("once")
@SpringBootTest(classes = ScheduledMaintenanceIT.App.class, webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "spring.flyway.locations=classpath:db/schedule-it",
        "partsmith.run-on-startup=false",
        "partsmith.schedule.cron=* * * * * *",
        "partsmith.tables.events.partition-column=created_at",
        "partsmith.tables.events.granularity=day",
        "management.endpoints.web.exposure.include=partsmith,health",
        "management.endpoint.health.show-details=always",
        "management.endpoint.health.probes.enabled=true" })
@DirtiesContext
class ScheduledMaintenanceIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", db::jdbcUrl);
        registry.add("spring.datasource.username", db::user);
        registry.add("spring.datasource.password", db::password);
    }

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    MaintenanceRunner runner;

    @Autowired
    DataSource dataSource;

    private RestClient http() {
        return RestClient.create("http://localhost:" + port);
    }

    @Test
    void theCronRunsMaintenance() {
        TestCatalog catalog = new TestCatalog(dataSource);
        await().atMost(Duration.ofSeconds(30)).until(() -> catalog.bounds("events").size() >= 3);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(runner.lastResult("events"))
                .hasValueSatisfying(result -> assertThat(result.success()).isTrue()));
        assertThat(context.getBean(MaintenanceScheduler.class).nextRun()).isPresent();
    }

    @Test
    void theScheduleDoesNotSwitchOnScheduledProcessing() {
        assertThat(context.containsBean("org.springframework.context.annotation.internalScheduledAnnotationProcessor")).isFalse();
        assertThat(context.getBeanNamesForType(TaskScheduler.class)).as("no scheduler bean for the application's @Scheduled to pick up")
                .isEmpty();
    }

    @Test
    void theEndpointIsReadOnlyByDefault() {
        Map<String, Object> read = http().get().uri("/actuator/partsmith").retrieve().body(new ParameterizedTypeReference<Map<String, Object>>() {
        });
        assertThat(read).containsKeys("tables", "schedule");
        assertThat(((Map<?, ?>) read.get("schedule")).get("cron")).isEqualTo("* * * * * *");
        int status = http().post().uri("/actuator/partsmith").contentType(MediaType.APPLICATION_JSON).body("{}")
                .exchange((request, response) -> response.getStatusCode().value());
        assertThat(status).isEqualTo(405);
    }

    @Test
    void healthIsNotPartOfTheProbes() {
        String health = http().get().uri("/actuator/health").exchange((request, response) -> response.bodyTo(String.class));
        assertThat(health).contains("\"partsmith\"");
        for (String probe : new String[] { "/actuator/health/liveness", "/actuator/health/readiness" }) {
            String group = http().get().uri(probe).exchange((request, response) -> response.bodyTo(String.class));
            assertThat(group).as(probe).contains("\"status\"").doesNotContain("partsmith");
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }
}
