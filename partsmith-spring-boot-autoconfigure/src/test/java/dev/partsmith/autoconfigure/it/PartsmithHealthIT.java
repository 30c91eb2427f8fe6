package dev.partsmith.autoconfigure.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import dev.partsmith.autoconfigure.MaintenanceRunner;
import dev.partsmith.test.TestDatabase;

/**
 * The {@code partsmith} health contributor over HTTP, one indicator per table: a table partsmith cannot
 * manage as configured is MISCONFIGURED, which Spring Boot's default status order and HTTP mapping leave
 * out of the aggregate (200), and which the application can make count the Boot way (503).
 */
class PartsmithHealthIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    /** {@code events} is kept as configured; {@code ledger} is partitioned on another column than configured. */
    private static final String[] TABLES = { "partsmith.tables.events.partition-column=created_at", "partsmith.tables.events.granularity=month",
            "partsmith.tables.ledger.partition-column=created_at", "partsmith.tables.ledger.granularity=month" };

    @BeforeAll
    static void createParents() {
        db.jdbc().execute("""
                CREATE TABLE events (id bigint NOT NULL, created_at timestamptz NOT NULL) PARTITION BY RANGE (created_at);
                CREATE TABLE ledger (id bigint NOT NULL, booked_on date NOT NULL) PARTITION BY RANGE (booked_on);
                """);
    }

    @Test
    void aMisconfiguredTableShowsInItsOwnIndicatorAndLeavesTheAggregateAlone() {
        try (ConfigurableApplicationContext app = start(TABLES)) {
            RestClient http = http(app);

            Response events = get(http, "/actuator/health/partsmith/events");
            assertThat(events.code()).isEqualTo(200);
            assertThat(events.body()).containsEntry("status", "UP");
            assertThat(details(events.body())).containsEntry("table", "public.events").containsEntry("partitions", 3).containsEntry("lastRun", "success")
                    .containsKeys("runway", "minRunway", "lastRunAt", "lastSuccess").doesNotContainKey("problem");

            Response ledger = get(http, "/actuator/health/partsmith/ledger");
            assertThat(ledger.code()).isEqualTo(200);
            assertThat(ledger.body()).as("misconfigured, not merely the failed run it causes").containsEntry("status", "MISCONFIGURED")
                    .containsEntry("description", "partsmith cannot read or manage the table as configured");
            assertThat(details(ledger.body())).containsEntry("table", "public.ledger")
                    .containsEntry("problem", "cannot read the table: public.ledger is partitioned on column \"booked_on\", not on \"created_at\""
                            + " as configured (partitionColumn)")
                    .containsEntry("lastRun", "failure").containsKey("lastRunError").doesNotContainKey("lastSuccess");

            Response partsmith = get(http, "/actuator/health/partsmith");
            assertThat(partsmith.code()).isEqualTo(200);
            assertThat(partsmith.body()).containsEntry("status", "UP");
            assertThat(map(partsmith.body().get("components"))).containsOnlyKeys("events", "ledger");
            assertThat(map(map(partsmith.body().get("components")).get("ledger"))).containsEntry("status", "MISCONFIGURED");

            Response application = get(http, "/actuator/health");
            assertThat(application.code()).isEqualTo(200);
            assertThat(application.body()).containsEntry("status", "UP");

            assertThat(get(http, "/actuator/health/partsmith/nothing-here").code()).isEqualTo(404);
            int post = http.post().uri("/actuator/partsmith").contentType(MediaType.APPLICATION_JSON).body("{\"dryRun\": true}")
                    .exchange((request, response) -> response.getStatusCode().value());
            assertThat(post).as("writes are not granted").isEqualTo(405);
        }
    }

    @Test
    void aPartitionWithAnInvalidIndexMakesItsTableDownAndShowsInTheGauge() {
        db.jdbc().execute("CREATE TABLE orders (id bigint NOT NULL, created_at timestamptz NOT NULL) PARTITION BY RANGE (created_at)");
        try (ConfigurableApplicationContext app = start("partsmith.tables.orders.partition-column=created_at",
                "partsmith.tables.orders.granularity=month")) {
            RestClient http = http(app);
            assertThat(get(http, "/actuator/health/partsmith/orders").body()).containsEntry("status", "UP");
            db.jdbc().execute("INSERT INTO orders VALUES (1, now()), (1, now())");
            String current = db.jdbc().queryForObject("SELECT tableoid::regclass::text FROM orders LIMIT 1", String.class);
            db.jdbc().execute("CREATE UNIQUE INDEX orders_id ON ONLY orders (id, created_at)");
            assertThatThrownBy(() -> db.jdbc().execute("CREATE UNIQUE INDEX CONCURRENTLY " + current + "_id ON " + current + " (id, created_at)"))
                    .hasMessageContaining("could not create unique index");
            db.jdbc().execute("ALTER INDEX orders_id ATTACH PARTITION " + current + "_id");

            Response orders = get(http, "/actuator/health/partsmith/orders");

            assertThat(orders.code()).isEqualTo(503);
            assertThat(orders.body()).containsEntry("status", "DOWN");
            assertThat(details(orders.body()).get("problems")).asInstanceOf(InstanceOfAssertFactories.list(String.class))
                    .contains("partition public." + current + " is not aligned with public.orders: its index " + current + "_id attached to"
                            + " public.orders_id is INVALID (a failed CREATE INDEX CONCURRENTLY leaves it so): remove what made it fail,"
                            + " rebuild it with REINDEX INDEX CONCURRENTLY \"public\".\"" + current + "_id\" and attach it again with"
                            + " ALTER INDEX \"public\".\"orders_id\" ATTACH PARTITION, which marks the parent's index valid once all are");

            app.getBean(MaintenanceRunner.class).run("orders");
            long partitions = db.jdbc().queryForObject("SELECT count(*) FROM pg_catalog.pg_inherits WHERE inhparent = 'orders'::regclass",
                    Long.class);
            assertThat(app.getBean(MeterRegistry.class).get("partsmith.partitions.misaligned").tag("table", "orders").gauge().value())
                    .as("the invalid one, and the others that have no index attached yet").isEqualTo(partitions);
        }
    }

    @Test
    void withOnlyMisconfiguredTablesPartsmithIsUnknown() {
        try (ConfigurableApplicationContext app = start("partsmith.tables.ledger.partition-column=created_at",
                "partsmith.tables.ledger.granularity=month")) {
            RestClient http = http(app);

            assertThat(get(http, "/actuator/health/partsmith").body()).containsEntry("status", "UNKNOWN");
            Response application = get(http, "/actuator/health");
            assertThat(application.code()).isEqualTo(200);
            assertThat(application.body()).containsEntry("status", "UP");
        }
    }

    @Test
    void theApplicationMakesMisconfiguredCountWithBootsStatusOrderAndHttpMapping() {
        List<String> properties = new ArrayList<>(List.of(TABLES));
        properties.add("management.endpoint.health.status.order=misconfigured,down,out-of-service,up,unknown");
        properties.add("management.endpoint.health.status.http-mapping.misconfigured=503");
        try (ConfigurableApplicationContext app = start(properties.toArray(String[]::new))) {
            RestClient http = http(app);

            assertThat(get(http, "/actuator/health/partsmith/events").code()).isEqualTo(200);
            for (String path : List.of("/actuator/health/partsmith/ledger", "/actuator/health/partsmith", "/actuator/health")) {
                Response response = get(http, path);
                assertThat(response.code()).as(path).isEqualTo(503);
                assertThat(response.body()).as(path).containsEntry("status", "MISCONFIGURED");
            }
        }
    }

    private static ConfigurableApplicationContext start(String... properties) {
        List<String> all = new ArrayList<>(List.of("server.port=0", "spring.datasource.url=" + db.jdbcUrl(),
                "spring.datasource.username=" + db.user(), "spring.datasource.password=" + db.password(), "partsmith.schedule.cron=-",
                "management.endpoints.web.exposure.include=health,partsmith", "management.endpoint.health.show-details=always"));
        all.addAll(List.of(properties));
        return new SpringApplicationBuilder(App.class).properties(all.toArray(String[]::new)).run();
    }

    private static RestClient http(ConfigurableApplicationContext app) {
        return RestClient.create("http://localhost:" + ((WebServerApplicationContext) app).getWebServer().getPort());
    }

    private static Response get(RestClient http, String path) {
        return http.get().uri(path).exchange((request, response) -> new Response(response.getStatusCode().value(),
                response.getStatusCode().value() == 404 ? Map.of() : response.bodyTo(new ParameterizedTypeReference<Map<String, Object>>() {
                })));
    }

    private static Map<String, Object> details(Map<String, Object> health) {
        return map(health.get("details"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    private record Response(int code, Map<String, Object> body) {
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }
}
