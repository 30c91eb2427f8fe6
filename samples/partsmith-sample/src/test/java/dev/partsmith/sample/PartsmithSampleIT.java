package dev.partsmith.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
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

import dev.partsmith.sample.PartitionNotifier.PartitionAvailableEvent;
import dev.partsmith.test.TestCatalog;
import dev.partsmith.test.TestDatabase;

/**
 * The sample as it ships (its application.yml, migration and hooks) against the test database, with a
 * {@code partsmithClock} the test moves: start-up creates both tables' partitions, the endpoint and
 * Prometheus show them, the writer fills them, and retention archives each partition before dropping it
 * (and keeps it while the archive cannot be written). The tests run in order, each from where the one
 * before left off.
 */
@SpringBootTest(classes = { PartsmithSampleApplication.class, PartsmithSampleIT.Clock.class }, webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "sample.writer.enabled=false", "partsmith.schedule.cron=-", "partsmith.safety.max-clock-skew=36500d" })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DirtiesContext
class PartsmithSampleIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    static Path work;

    static final Instant START = Instant.parse("2024-03-15T10:00:00Z");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", db::jdbcUrl);
        registry.add("spring.datasource.username", db::user);
        registry.add("spring.datasource.password", db::password);
        registry.add("sample.archive.directory", () -> work.resolve("archive").toString());
    }

    @LocalServerPort
    int port;

    @Autowired
    MutableClock clock;

    @Autowired
    Notifications notifications;

    @Autowired
    SyntheticWriter writer;

    @Autowired
    JdbcTemplate jdbc;

    private final TestCatalog catalog = new TestCatalog(db.dataSource());
    private RestClient http;

    @BeforeEach
    void connect() {
        http = RestClient.create("http://localhost:" + port);
    }

    @Test
    @Order(1)
    void startupCreatedBothTablesPartitionsAndRanTheHooks() {
        assertThat(catalog.partitions("events")).containsExactlyInAnyOrder("events__2024_03", "events__2024_04", "events__2024_05", "events_default");
        assertThat(catalog.partitions("audit_log")).containsExactly("audit_log__2024_03_15", "audit_log__2024_03_16", "audit_log__2024_03_17",
                "audit_log__2024_03_18", "audit_log__2024_03_19", "audit_log__2024_03_20", "audit_log__2024_03_21");
        assertThat(jdbc.queryForList("SELECT indexrelid::regclass::text FROM pg_index WHERE indrelid = 'events__2024_04'::regclass ORDER BY 1",
                String.class)).as("the parent's index on the new partition").hasSize(2).anyMatch(name -> name.contains("kind_created_at"));

        assertThat(jdbc.queryForList("SELECT partition_name || ' ' || from_ts || ' ' || to_ts FROM partition_history ORDER BY id", String.class))
                .as("the SQL hook of partsmith.defaults, for both tables").hasSize(10)
                .contains("events__2024_03 2024-03-01 00:00:00+00 2024-04-01 00:00:00+00",
                        "audit_log__2024_03_21 2024-03-21 00:00:00+00 2024-03-22 00:00:00+00");
        assertThat(notifications.events).hasSize(10).contains(new PartitionAvailableEvent("public.events", "public.events__2024_05",
                "2024-05-01 00:00:00+00:00", "2024-06-01 00:00:00+00:00"));
    }

    @Test
    @Order(2)
    void theWriterFillsTheCurrentPartitions() {
        writer.write(5);

        assertThat(jdbc.queryForList("SELECT tableoid::regclass || ' ' || count(*) FROM events GROUP BY tableoid", String.class))
                .containsExactly("events__2024_03 5");
        assertThat(jdbc.queryForList("SELECT tableoid::regclass || ' ' || count(*) FROM audit_log GROUP BY tableoid", String.class))
                .containsExactly("audit_log__2024_03_15 5");
    }

    @Test
    @Order(3)
    void theEndpointShowsBothTablesWithTheirPartitions() {
        Map<String, Object> tables = map(get("/actuator/partsmith").get("tables"));

        assertThat(tables).containsOnlyKeys("events", "audit-log");
        assertThat(list(map(tables.get("events")).get("partitions"))).extracting(partition -> partition.get("name"))
                .containsExactlyInAnyOrder("events_default", "events__2024_03", "events__2024_04", "events__2024_05");
        Map<String, Object> auditLog = map(tables.get("audit-log"));
        assertThat(auditLog).containsEntry("table", "audit_log").containsEntry("granularity", "day").containsEntry("runway", "PT158H");
        assertThat(list(auditLog.get("partitions"))).hasSize(7).first().satisfies(partition -> assertThat(partition)
                .containsEntry("name", "audit_log__2024_03_15").containsEntry("from", "2024-03-15 00:00:00+00"));
        assertThat(map(auditLog.get("lastRun"))).containsEntry("outcome", "success").containsEntry("created", 7);

        assertThat(get("/actuator/health/partsmith")).containsEntry("status", "UP");
    }

    @Test
    @Order(4)
    void prometheusAndMetricsShowTheMeters() {
        String scrape = http.get().uri("/actuator/prometheus").retrieve().body(String.class);

        assertThat(scrape).contains("partsmith_partitions_runway_seconds{table=\"events\"} " + (1862 * 3600) + ".0")
                .contains("partsmith_partitions{table=\"audit-log\"} 7.0")
                .contains("partsmith_partitions_created_partitions_total{table=\"events\"} 3.0")
                .contains("partsmith_maintenance_seconds_count{outcome=\"success\",table=\"audit-log\"} 1");
        assertThat(list(get("/actuator/metrics/partsmith.partitions.future").get("availableTags"))).first()
                .satisfies(tag -> assertThat(tag.get("values")).asInstanceOf(InstanceOfAssertFactories.LIST)
                        .containsExactlyInAnyOrder("events", "audit-log"));
        Map<String, Object> runway = get("/actuator/metrics/partsmith.partitions.runway?tag=table:events");
        assertThat(runway).containsEntry("baseUnit", "seconds");
        assertThat(list(runway.get("measurements"))).singleElement().satisfies(measurement -> assertThat(measurement)
                .containsEntry("statistic", "VALUE").containsEntry("value", (double) (1862 * 3600)));
    }

    @Test
    @Order(5)
    void retentionArchivesEachPartitionBeforeItIsDropped() throws IOException {
        List<String> rows = jdbc.queryForList("SELECT id || ',' || actor || ',' || action FROM audit_log__2024_03_15 ORDER BY id", String.class);
        assertThat(rows).hasSize(5);

        clock.setInstant(Instant.parse("2024-04-15T10:00:00Z"));
        Map<String, Object> detach = run("audit-log");
        assertThat(detach).containsEntry("outcome", "success").containsEntry("detached", 2).containsEntry("dropped", 0);
        assertThat(catalog.partitions("audit_log")).doesNotContain("audit_log__2024_03_15", "audit_log__2024_03_16");

        clock.setInstant(Instant.parse("2024-04-17T10:00:00Z"));
        Map<String, Object> drop = run("audit-log");
        assertThat(drop).containsEntry("outcome", "success").containsEntry("dropped", 2);
        assertThat(catalog.exists("public", "audit_log__2024_03_15")).isFalse();

        Path archive = work.resolve("archive/public/audit_log__2024_03_15.csv.gz");
        List<String> archived = gunzip(archive);
        assertThat(archived.get(0)).isEqualTo("id,logged_at,actor,action");
        assertThat(archived.subList(1, archived.size())).extracting(PartsmithSampleIT::withoutTimestamp).containsExactlyElementsOf(rows);
        assertThat(gunzip(work.resolve("archive/public/audit_log__2024_03_16.csv.gz"))).containsExactly("id,logged_at,actor,action");
    }

    @Test
    @Order(6)
    void aPartitionWhoseArchiveFailsIsKeptUntilItCanBeArchived() throws IOException {
        // audit_log__2024_03_17 and _18 expired in the last run and wait for their grace
        Path schemaDirectory = work.resolve("archive/public");
        Path moved = work.resolve("archive-moved");
        Files.move(schemaDirectory, moved);
        Files.writeString(schemaDirectory, "a file where the archive directory should be");
        clock.setInstant(Instant.parse("2024-04-19T10:00:00Z"));

        Map<String, Object> refused = run("audit-log");

        assertThat(refused).containsEntry("outcome", "failure").containsEntry("dropped", 0);
        assertThat((String) refused.get("error")).contains("not dropping public.audit_log__2024_03_17: archiving it to")
                .contains("not dropping public.audit_log__2024_03_18");
        assertThat(catalog.exists("public", "audit_log__2024_03_17")).isTrue();
        assertThat(catalog.exists("public", "audit_log__2024_03_18")).isTrue();

        Files.delete(schemaDirectory);
        Files.move(moved, schemaDirectory);
        Map<String, Object> retried = run("audit-log");

        assertThat(retried).containsEntry("outcome", "success").containsEntry("dropped", 2);
        assertThat(catalog.exists("public", "audit_log__2024_03_17")).isFalse();
        assertThat(schemaDirectory.resolve("audit_log__2024_03_17.csv.gz")).exists();
        try (var files = Files.list(schemaDirectory)) {
            assertThat(files.map(file -> file.getFileName().toString())).as("no partial file left behind").noneMatch(name -> name.endsWith(".partial"));
        }
    }

    private Map<String, Object> run(String table) {
        Map<String, Object> response = http.post().uri("/actuator/partsmith/" + table).contentType(MediaType.APPLICATION_JSON).body("{}").retrieve()
                .body(new ParameterizedTypeReference<Map<String, Object>>() {
                });
        return map(map(response.get("runs")).get(table));
    }

    private Map<String, Object> get(String path) {
        return http.get().uri(path).retrieve().body(new ParameterizedTypeReference<Map<String, Object>>() {
        });
    }

    private static List<String> gunzip(Path file) throws IOException {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)),
                StandardCharsets.UTF_8))) {
            return reader.lines().toList();
        }
    }

    /** {@code id,logged_at,actor,action} without {@code logged_at}. */
    private static String withoutTimestamp(String csvLine) {
        String[] fields = csvLine.split(",");
        return fields[0] + "," + fields[2] + "," + fields[3];
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object value) {
        return (List<Map<String, Object>>) value;
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Clock {

        @Bean
        MutableClock partsmithClock() {
            return MutableClock.of(START, ZoneOffset.UTC);
        }

        @Bean
        Notifications notifications() {
            return new Notifications();
        }
    }

    /** What {@link PartitionNotifier} announced. */
    static class Notifications {

        final List<PartitionAvailableEvent> events = new CopyOnWriteArrayList<>();

        @EventListener
        void on(PartitionAvailableEvent event) {
            events.add(event);
        }
    }
}
