package dev.partsmith.autoconfigure.it;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

/**
 * An application on the starter, as a user runs it: a web server on a free port, Actuator exposing health
 * (with details), partsmith and metrics, no scheduled runs and no migrations (the test makes the tables);
 * asked over HTTP.
 */
final class WebApp implements AutoCloseable {

    private final ConfigurableApplicationContext context;
    private final RestClient http;

    private WebApp(ConfigurableApplicationContext context) {
        this.context = context;
        this.http = RestClient.create("http://localhost:" + ((WebServerApplicationContext) context).getWebServer().getPort());
    }

    /** Starts the application on the database at {@code jdbcUrl} as {@code user}, with {@code properties} on top. */
    static WebApp start(String jdbcUrl, String user, String password, String... properties) {
        List<String> all = new ArrayList<>(List.of("server.port=0", "spring.datasource.url=" + jdbcUrl, "spring.datasource.username=" + user,
                "spring.datasource.password=" + (password == null ? "" : password), "spring.flyway.enabled=false", "partsmith.schedule.cron=-",
                "management.endpoints.web.exposure.include=health,partsmith,metrics", "management.endpoint.health.show-details=always"));
        all.addAll(List.of(properties));
        return new WebApp(new SpringApplicationBuilder(App.class).properties(all.toArray(String[]::new)).run());
    }

    ConfigurableApplicationContext context() {
        return context;
    }

    Response get(String path) {
        return http.get().uri(path).exchange((request, response) -> new Response(response.getStatusCode().value(), body(response)));
    }

    Response post(String path, String json) {
        return http.post().uri(path).contentType(MediaType.APPLICATION_JSON).body(json)
                .exchange((request, response) -> new Response(response.getStatusCode().value(), body(response)));
    }

    Response delete(String path) {
        return http.delete().uri(path).exchange((request, response) -> new Response(response.getStatusCode().value(), body(response)));
    }

    /** The value of a meter as Actuator's metrics endpoint gives it, for the tags given ({@code table:events}). */
    double metric(String name, String... tags) {
        StringBuilder path = new StringBuilder("/actuator/metrics/").append(name);
        for (int i = 0; i < tags.length; i++) {
            path.append(i == 0 ? '?' : '&').append("tag=").append(tags[i]);
        }
        Response response = get(path.toString());
        if (response.code() != 200) {
            throw new AssertionError(path + " answered " + response.code());
        }
        return ((Number) map(list(response.body().get("measurements")).get(0)).get("value")).doubleValue();
    }

    private static Map<String, Object> body(RestClient.RequestHeadersSpec.ConvertibleClientHttpResponse response) throws IOException {
        if (response.getStatusCode().isError() && response.getStatusCode().value() != 503) {
            return Map.of();
        }
        return response.bodyTo(new ParameterizedTypeReference<Map<String, Object>>() {
        });
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return (List<Object>) value;
    }

    @Override
    public void close() {
        context.close();
    }

    /** An HTTP answer: its status code and its JSON body (empty for an error other than 503, which health answers with). */
    record Response(int code, Map<String, Object> body) {

        Map<String, Object> at(String key) {
            return map(body.get(key));
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }
}
