package dev.partsmith.autoconfigure.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import org.threeten.extra.MutableClock;

import dev.partsmith.autoconfigure.MaintenanceRunner;
import dev.partsmith.autoconfigure.event.MaintenanceFinishedEvent;
import dev.partsmith.autoconfigure.event.PartitionCreatedEvent;
import dev.partsmith.autoconfigure.event.PartitionDetachedEvent;
import dev.partsmith.autoconfigure.event.PartitionDroppedEvent;
import dev.partsmith.autoconfigure.event.PartsmithEvent;
import dev.partsmith.catalog.PartitionInfo;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.lifecycle.PartitionLifecycleHooks;
import dev.partsmith.test.TestCatalog;
import dev.partsmith.test.TestDatabase;

/**
 * An application as a user writes it: Flyway creates the parent, partsmith keeps it through
 * {@code application.yml}-style properties, hook beans and SQL hooks, and a moved {@code partsmithClock}
 * with a write to the endpoint retires old partitions. The tests run in order; each continues from the
 * state the one before left.
 */
@SpringBootTest(classes = PartsmithApplicationIT.App.class, webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "spring.flyway.locations=classpath:db/application-it",
        "partsmith.schedule.cron=-",
        "partsmith.safety.max-clock-skew=36500d",
        "partsmith.tables.events.partition-column=created_at",
        "partsmith.tables.events.granularity=month",
        "partsmith.tables.events.create-ahead=3",
        "partsmith.tables.events.retention=2",
        "partsmith.tables.events.hooks.after-create[0]=INSERT INTO partition_log (partition_name, lower_bound, upper_bound)"
                + " VALUES ({partition_name}, {from}, {to})",
        "partsmith.tables.events.hooks.before-drop[0]=INSERT INTO events_archive SELECT * FROM {partition}",
        "management.endpoints.web.exposure.include=partsmith,health",
        "management.endpoint.partsmith.access=unrestricted",
        "management.endpoint.health.show-details=always" })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DirtiesContext
class PartsmithApplicationIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    static final Instant START = Instant.parse("2024-03-15T10:00:00Z");

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", db::jdbcUrl);
        registry.add("spring.datasource.username", db::user);
        registry.add("spring.datasource.password", db::password);
    }

    @LocalServerPort
    int port;

    @Autowired
    MutableClock clock;

    @Autowired
    Recorder recorder;

    @Autowired
    MeterRegistry meters;

    @Autowired
    MaintenanceRunner runner;

    @Autowired
    DataSource dataSource;

    private TestCatalog catalog;
    private RestClient http;

    @BeforeEach
    void connect() {
        catalog = new TestCatalog(dataSource);
        http = RestClient.create("http://localhost:" + port);
    }

    private Map<String, Object> get(String path) {
        return http.get().uri(path).retrieve().body(new ParameterizedTypeReference<Map<String, Object>>() {
        });
    }

    private Map<String, Object> post(String path, String body) {
        return http.post().uri(path).contentType(MediaType.APPLICATION_JSON).body(body).retrieve()
                .body(new ParameterizedTypeReference<Map<String, Object>>() {
                });
    }

    private static int status(RestClient.RequestHeadersSpec<?> request) {
        return request.exchange((req, response) -> response.getStatusCode().value());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object value) {
        return (List<Map<String, Object>>) value;
    }

    private double meter(String name) {
        return meters.get(name).tag("table", "events").meter().measure().iterator().next().getValue();
    }

    @Test
    @Order(1)
    void startupCreatedThePartitionsAfterFlywayCreatedTheTable() {
        assertThat(catalog.bounds("events")).containsOnlyKeys("events_default", "events__2024_02", "events__2024_03", "events__2024_04",
                "events__2024_05");
        assertThat(catalog.bounds("events")).containsEntry("events__2024_05",
                "FOR VALUES FROM ('2024-05-01 00:00:00+00') TO ('2024-06-01 00:00:00+00')");
        assertThat(runner.lastResult("events")).hasValueSatisfying(result -> {
            assertThat(result.success()).isTrue();
            assertThat(result.createdCount()).isEqualTo(3);
            assertThat(result.startedAt()).as("planned with partsmithClock").isEqualTo(START);
        });
    }

    @Test
    @Order(2)
    void hookBeansAndSqlHooksRanInOrder() {
        // The three months are created together: each one's before-create hooks first, then each attached with its after-create hooks
        List<String> expected = new ArrayList<>();
        for (String month : List.of("03", "04", "05")) {
            for (String hook : List.of("early", "late", "unordered")) {
                expected.add(hook + " beforeCreate events__2024_" + month + " 2024-" + month + "-01T00:00Z");
            }
        }
        for (String month : List.of("03", "04", "05")) {
            expected.addAll(List.of("early afterCreate events__2024_" + month + " logged=0", "late afterCreate events__2024_" + month + " logged=1",
                    "unordered afterCreate events__2024_" + month + " logged=1"));
        }
        assertThat(recorder.calls).containsExactlyElementsOf(expected);
        assertThat(catalog.jdbc().queryForList("SELECT partition_name || ' ' || lower_bound || ' ' || upper_bound FROM partition_log ORDER BY id",
                String.class)).as("the SQL hook, with its placeholders filled in").containsExactly(
                        "events__2024_03 2024-03-01 00:00:00+00 2024-04-01 00:00:00+00",
                        "events__2024_04 2024-04-01 00:00:00+00 2024-05-01 00:00:00+00",
                        "events__2024_05 2024-05-01 00:00:00+00 2024-06-01 00:00:00+00");
        assertThat(recorder.events).containsExactly("created events__2024_03", "created events__2024_04", "created events__2024_05",
                "finished events success");
    }

    @Test
    @Order(3)
    void theEndpointShowsWhatTheCatalogSays() {
        // From a session of its own that then ends: a session reports its statistics at the latest when it ends
        // (PostgreSQL 14 has no pg_stat_force_next_flush(), and reports an idle session's only with its next transaction).
        try (HikariDataSource writer = db.newDataSource(1)) {
            new JdbcTemplate(writer).execute("INSERT INTO events VALUES (2, '2031-01-01 00:00:00+00', 'far ahead'),"
                    + " (3, '2031-01-02 00:00:00+00', 'far ahead')");
        }
        await().until(() -> catalog.queryLong("SELECT pg_stat_get_live_tuples('events_default'::regclass)") == 2);

        Map<String, Object> all = get("/actuator/partsmith");
        assertThat(map(all.get("tables"))).containsOnlyKeys("events");
        Map<String, Object> events = get("/actuator/partsmith/events");
        assertThat(map(map(all.get("tables")).get("events"))).isEqualTo(events);

        Map<String, String> fromCatalog = catalog.bounds("events");
        List<Map<String, Object>> partitions = list(events.get("partitions"));
        assertThat(partitions).extracting(p -> p.get("name")).containsExactlyInAnyOrderElementsOf(fromCatalog.keySet());
        for (Map<String, Object> partition : partitions) {
            String expression = Boolean.TRUE.equals(partition.get("defaultPartition")) ? "DEFAULT"
                    : "FOR VALUES FROM ('" + partition.get("from") + "') TO ('" + partition.get("to") + "')";
            assertThat(expression).as("bounds of %s", partition.get("name")).isEqualTo(fromCatalog.get(partition.get("name")));
            assertThat(partition.get("attached")).isEqualTo(true);
            assertThat(partition).as("a size from the statistics, named so").containsKey("sizeEstimateBytes").doesNotContainKey("sizeBytes");
        }
        assertThat(events).containsEntry("schema", "public").containsEntry("table", "events").containsEntry("keyType", "timestamp with time zone")
                .containsEntry("granularity", "month")
                .containsEntry("rowsInDefault", 2).containsEntry("runway", "PT1862H").containsEntry("runwaySeconds", 1862 * 3600)
                .containsEntry("minRunway", "PT744H");
        assertThat(events.get("nextScheduledRun")).as("scheduled runs are off").isNull();
        assertThat(events.get("error")).isNull();
        assertThat(map(events.get("lastRun"))).containsEntry("outcome", "success").containsEntry("created", 3)
                .containsEntry("startedAt", START.toString());
        assertThat(status(http.get().uri("/actuator/partsmith/nothing-here"))).as("unknown key").isEqualTo(404);
    }

    @Test
    @Order(4)
    void healthIsUpWithTheRunwayPerTable() {
        Map<String, Object> health = get("/actuator/health/partsmith");
        assertThat(health).containsEntry("status", "UP");
        assertThat(map(map(health.get("components")).get("events"))).isEqualTo(get("/actuator/health/partsmith/events"));
        assertThat(map(get("/actuator/health/partsmith/events").get("details"))).containsEntry("table", "public.events")
                .containsEntry("partitions", 4).containsEntry("rowsInDefault", 2).containsEntry("runway", "PT1862H")
                .containsEntry("minRunway", "PT744H").containsEntry("lastRun", "success").doesNotContainKey("problem");
    }

    @Test
    @Order(4)
    void theRunwayIsReportedToTheSecond() {
        clock.setInstant(START.plusMillis(500));
        try {
            assertThat(get("/actuator/partsmith/events")).containsEntry("runway", "PT1861H59M59S").containsEntry("runwaySeconds", 1862 * 3600 - 1);
            assertThat(map(get("/actuator/health/partsmith/events").get("details"))).containsEntry("runway", "PT1861H59M59S");
        }
        finally {
            clock.setInstant(START);
        }
    }

    @Test
    @Order(5)
    void metersShowTheLastRun() {
        assertThat(meter("partsmith.partitions")).isEqualTo(4);
        assertThat(meter("partsmith.partitions.future")).as("April and May start after now").isEqualTo(2);
        assertThat(meter("partsmith.partitions.misaligned")).isZero();
        assertThat(meter("partsmith.partitions.runway")).isEqualTo(Duration.between(START, Instant.parse("2024-06-01T00:00:00Z")).toSeconds());
        assertThat(meter("partsmith.partitions.created")).isEqualTo(3);
        assertThat(meter("partsmith.partitions.detached")).isZero();
        assertThat(meter("partsmith.maintenance.errors")).isZero();
        assertThat(meters.get("partsmith.maintenance").tags("table", "events", "outcome", "success").timer().count()).isEqualTo(1);

        clock.add(Duration.ofDays(1));
        assertThat(meter("partsmith.partitions.runway")).as("read from the clock, no run needed")
                .isEqualTo(Duration.between(START.plus(Duration.ofDays(1)), Instant.parse("2024-06-01T00:00:00Z")).toSeconds());
        clock.setInstant(START);
    }

    @Test
    @Order(6)
    void aDryRunShowsThePlanAndChangesNothing() {
        clock.setInstant(Instant.parse("2024-05-10T08:00:00Z"));
        Map<String, String> before = catalog.bounds("events");

        Map<String, Object> response = post("/actuator/partsmith", "{\"dryRun\": true}");

        assertThat(response).containsEntry("dryRun", true);
        assertThat(response.get("runs")).isNull();
        Map<String, Object> plan = map(map(response.get("plans")).get("events"));
        assertThat(plan).containsEntry("currentPeriod", "2024_05");
        assertThat(plan.get("error")).isNull();
        assertThat(list(plan.get("operations"))).extracting(op -> op.get("type") + " " + op.get("partition")).containsExactly(
                "CreatePartition public.events__2024_06", "CreatePartition public.events__2024_07",
                "DetachPartition public.events__2024_02", "DropPartition public.events__2024_02",
                "DetachPartition public.events__2024_03", "DropPartition public.events__2024_03");
        assertThat(catalog.bounds("events")).isEqualTo(before);
    }

    @Test
    @Order(7)
    void aMovedClockAndAWriteToTheEndpointDetachAndDrop() {
        recorder.events.clear();
        clock.setInstant(Instant.parse("2024-05-10T08:00:00Z"));

        Map<String, Object> response = post("/actuator/partsmith/events", "{}");

        Map<String, Object> run = map(map(response.get("runs")).get("events"));
        assertThat(run).containsEntry("outcome", "success").containsEntry("created", 2).containsEntry("detached", 2).containsEntry("dropped", 2);
        assertThat(catalog.bounds("events")).containsOnlyKeys("events_default", "events__2024_04", "events__2024_05", "events__2024_06",
                "events__2024_07");
        assertThat(catalog.exists("events__2024_02")).isFalse();
        assertThat(catalog.exists("events__2024_03")).isFalse();
        assertThat(catalog.jdbc().queryForList("SELECT payload FROM events_archive", String.class))
                .as("the before-drop SQL hook read the partition before it went").containsExactly("february");
        assertThat(recorder.events).containsExactly("created events__2024_06", "created events__2024_07", "detached events__2024_02",
                "dropped events__2024_02", "detached events__2024_03", "dropped events__2024_03", "finished events success");
        assertThat(meter("partsmith.partitions.created")).isEqualTo(5);
        assertThat(meter("partsmith.partitions.detached")).isEqualTo(2);
        assertThat(meter("partsmith.partitions.dropped")).isEqualTo(2);
        assertThat(meter("partsmith.partitions")).isEqualTo(4);
        assertThat(meters.get("partsmith.maintenance").tags("table", "events", "outcome", "success").timer().count()).isEqualTo(2);
    }

    @Test
    @Order(8)
    void healthIsDownOnceTheRunwayIsShort() {
        clock.setInstant(Instant.parse("2024-07-15T00:00:00Z"));

        assertThat(status(http.get().uri("/actuator/health/partsmith"))).isEqualTo(503);
        Map<String, Object> health = http.get().uri("/actuator/health/partsmith").exchange((request, response) -> response.bodyTo(
                new ParameterizedTypeReference<Map<String, Object>>() {
                }));

        assertThat(health).containsEntry("status", "DOWN");
        assertThat(map(map(map(health.get("components")).get("events")).get("details"))).containsEntry("runway", "PT408H")
                .containsEntry("minRunway", "PT744H").containsEntry("problem", "runway PT408H is below min-runway PT744H");
        assertThat(meter("partsmith.partitions.runway")).isEqualTo(408 * 3600);
        assertThat(status(http.get().uri("/actuator/health"))).as("the application's health follows").isEqualTo(503);
    }

    @Test
    @Order(9)
    void anUnknownTableIsABadRequest() {
        assertThat(status(http.post().uri("/actuator/partsmith/nothing-here").contentType(MediaType.APPLICATION_JSON).body("{}")))
                .isEqualTo(400);
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

        @Bean
        MutableClock partsmithClock() {
            return MutableClock.of(START, ZoneOffset.UTC);
        }

        @Bean
        Recorder recorder(DataSource dataSource) {
            return new Recorder(new TestCatalog(dataSource));
        }

        @Bean
        @org.springframework.core.annotation.Order(10)
        PartitionLifecycleHooks late(Recorder recorder) {
            return recorder.hook("late");
        }

        @Bean
        PartitionLifecycleHooks unordered(Recorder recorder) {
            return recorder.hook("unordered");
        }

        @Bean
        @org.springframework.core.annotation.Order(-10)
        PartitionLifecycleHooks early(Recorder recorder) {
            return recorder.hook("early");
        }
    }

    /** Records hook calls (with how many rows the SQL hook had logged at that moment) and partsmith's events. */
    static class Recorder {

        final List<String> calls = new CopyOnWriteArrayList<>();
        final List<String> events = new CopyOnWriteArrayList<>();
        private final TestCatalog catalog;

        Recorder(TestCatalog catalog) {
            this.catalog = catalog;
        }

        PartitionLifecycleHooks hook(String name) {
            return new PartitionLifecycleHooks() {
                @Override
                public void beforeCreate(TablePartitionConfig config, String partitionName, ZonedDateTime from, ZonedDateTime to) {
                    calls.add(name + " beforeCreate " + partitionName + " " + from);
                }

                @Override
                public void afterCreate(TablePartitionConfig config, PartitionInfo partition) {
                    calls.add(name + " afterCreate " + partition.name() + " logged="
                            + catalog.queryLong("SELECT count(*) FROM partition_log WHERE partition_name = ?", partition.name()));
                }
            };
        }

        @EventListener
        void on(PartsmithEvent event) {
            if (event instanceof PartitionCreatedEvent created) {
                events.add("created " + created.partition().name());
            }
            else if (event instanceof PartitionDetachedEvent detached) {
                events.add("detached " + detached.partition().name());
            }
            else if (event instanceof PartitionDroppedEvent dropped) {
                events.add("dropped " + dropped.partition().name());
            }
            else if (event instanceof MaintenanceFinishedEvent finished) {
                events.add("finished " + finished.table().key() + " " + finished.result().outcome().tag());
            }
        }
    }
}
