package dev.partsmith.autoconfigure.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import dev.partsmith.test.TestDatabase;

/**
 * The dashboard is served by the starter under the actuator's base path when {@code partsmith.dashboard.enabled}
 * is set, on the management server when that has a port of its own, and nowhere by default; the endpoint
 * says whether the page may offer runs. (The page itself is tested in a browser with the sample.)
 */
class DashboardServingIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static ConfigurableApplicationContext start(Map<String, Object> more) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("spring.datasource.url", db.jdbcUrl());
        properties.put("spring.datasource.username", db.user());
        properties.put("spring.datasource.password", db.password());
        properties.put("spring.flyway.locations", "classpath:db/schedule-it");
        properties.put("spring.flyway.clean-disabled", false);
        properties.put("spring.flyway.clean-on-validation-error", true);
        properties.put("server.port", 0);
        properties.put("partsmith.schedule.cron", "-");
        properties.put("partsmith.tables.events.partition-column", "created_at");
        properties.put("partsmith.tables.events.granularity", "month");
        properties.put("management.endpoints.web.exposure.include", "partsmith");
        properties.putAll(more);
        return new SpringApplicationBuilder(App.class).properties(properties).run();
    }

    private static RestClient http(ConfigurableApplicationContext context, String portProperty) {
        return RestClient.builder().baseUrl("http://localhost:" + context.getEnvironment().getProperty(portProperty))
                .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {
                }).build();
    }

    @Test
    void servedUnderTheActuatorsBasePathWithTheEndpointsUrlAndWritableWhenTheEndpointAllowsWrites() {
        try (ConfigurableApplicationContext context = start(Map.of("partsmith.dashboard.enabled", true,
                "management.endpoint.partsmith.access", "unrestricted"))) {
            RestClient http = http(context, "local.server.port");

            assertThat(get(http, "/actuator/partsmith-dashboard")).as("to the path with a slash, for the relative links")
                    .matches("302 http://localhost:\\d+/actuator/partsmith-dashboard/ null null");
            assertThat(get(http, "/actuator/partsmith-dashboard/")).startsWith("200 null text/html;charset=UTF-8 <!DOCTYPE html>")
                    .contains("<body data-endpoint=\"../partsmith\">", "<script src=\"dashboard.js\"></script>");
            assertThat(get(http, "/actuator/partsmith-dashboard/dashboard.js")).startsWith("200 null text/javascript;charset=UTF-8 'use strict';");
            assertThat(get(http, "/actuator/partsmith-dashboard/dashboard.css")).startsWith("200 null text/css;charset=UTF-8 :root {");
            assertThat(get(http, "/actuator/partsmith-dashboard/application.yml")).startsWith("404 ");
            int post = http.post().uri("/actuator/partsmith-dashboard/").exchange((request, response) -> response.getStatusCode().value());
            assertThat(post).isEqualTo(405);
            assertThat(endpoint(http, "/actuator/partsmith")).containsEntry("writable", true);
        }
    }

    @Test
    void onTheManagementServerWhenItHasAPortOfItsOwnAndReadOnlyByDefault() {
        try (ConfigurableApplicationContext context = start(Map.of("partsmith.dashboard.enabled", true, "management.server.port", 0,
                "management.endpoints.web.base-path", "/manage", "management.endpoints.web.path-mapping.partsmith", "partitions"))) {
            RestClient management = http(context, "local.management.port");

            assertThat(get(management, "/manage/partsmith-dashboard/")).contains("<body data-endpoint=\"../partitions\">");
            assertThat(endpoint(management, "/manage/partitions")).containsEntry("writable", false);
            assertThat(get(http(context, "local.server.port"), "/manage/partsmith-dashboard/")).as("not on the application's port").startsWith("404 ");
        }
    }

    @Test
    void notServedByDefault() {
        try (ConfigurableApplicationContext context = start(Map.of())) {
            RestClient http = http(context, "local.server.port");

            assertThat(get(http, "/actuator/partsmith-dashboard/")).startsWith("404 ");
            assertThat(endpoint(http, "/actuator/partsmith")).containsEntry("writable", false);
        }
    }

    /** The status, location, content type and body of a GET. */
    private static String get(RestClient http, String path) {
        return http.get().uri(path).exchange((request, response) -> response.getStatusCode().value() + " " + response.getHeaders().getLocation()
                + " " + response.getHeaders().getContentType() + " " + response.bodyTo(String.class));
    }

    private static Map<String, Object> endpoint(RestClient http, String path) {
        return http.get().uri(path).accept(MediaType.APPLICATION_JSON).retrieve()
                .body(new ParameterizedTypeReference<Map<String, Object>>() {
                });
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }
}
