package dev.partsmith.autoconfigure.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.threeten.extra.MutableClock;

import dev.partsmith.autoconfigure.MaintenanceRunner;
import dev.partsmith.autoconfigure.route.PartitionMapChangedEvent;
import dev.partsmith.autoconfigure.route.RedisPartitionRouter;
import dev.partsmith.catalog.QualifiedName;
import dev.partsmith.lifecycle.MaintenanceResult;
import dev.partsmith.route.PartitionMapUnavailableException;
import dev.partsmith.route.PartitionRouter;
import dev.partsmith.route.RoutedPartition;
import dev.partsmith.route.RoutingKey;
import dev.partsmith.test.TestDatabase;
import dev.partsmith.test.TestRedis;

/**
 * Two applications on one Redis: one maintains the table and publishes its partition map after every
 * change; the other only routes, through the Redis router. The reader resolves a key of a partition the
 * maintainer has just created right after the announcement reaches it (no restart, no polling), and never
 * answers from a map older than a version announced; a table of several levels is routed through the
 * registry where PostgreSQL puts the row. The tests run in order, each from where the one before left off.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisRegistryIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    /** Keys of their own, since other test runs may share the Redis server. */
    static final String PREFIX = "partsmith-it-registry-" + UUID.randomUUID();

    static final MutableClock CLOCK = MutableClock.of(Instant.parse("2024-03-15T10:00:00Z"), ZoneOffset.UTC);

    static final QualifiedName EVENTS = new QualifiedName("public", "events");

    static final QualifiedName VISITS = new QualifiedName("public", "visits");

    static ConfigurableApplicationContext maintainer;
    static ConfigurableApplicationContext reader;
    static PartitionRouter router;
    static BlockingQueue<PartitionMapChangedEvent> announcements;
    static StringRedisTemplate redis;

    @BeforeAll
    static void startBothApplications() {
        maintainer = start(true);
        reader = start(false);
        router = reader.getBean(PartitionRouter.class);
        announcements = reader.getBean(Announcements.class).received;
        redis = new StringRedisTemplate(reader.getBean(RedisConnectionFactory.class));
    }

    @AfterAll
    static void stop() {
        redis.delete(redis.keys(PREFIX + ":*"));
        reader.close();
        maintainer.close();
    }

    private static ConfigurableApplicationContext start(boolean maintains) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("spring.datasource.url", db.jdbcUrl());
        properties.put("spring.datasource.username", db.user());
        properties.put("spring.datasource.password", db.password());
        properties.put("spring.flyway.locations", "classpath:db/registry-it");
        properties.put("spring.flyway.enabled", maintains);
        properties.put("spring.data.redis.url", TestRedis.uri().toString());
        properties.put("partsmith.registry.redis.enabled", true);
        properties.put("partsmith.registry.redis.prefix", PREFIX);
        properties.put("partsmith.run-on-startup", maintains);
        properties.put("partsmith.schedule.cron", "-");
        properties.put("partsmith.safety.max-clock-skew", "36500d");
        properties.put("partsmith.tables.events.partition-column", "created_at");
        properties.put("partsmith.tables.events.granularity", "month");
        properties.put("partsmith.tables.events.create-ahead", 2);
        properties.put("partsmith.tables.visits.partition-column", "at");
        properties.put("partsmith.tables.visits.granularity", "month");
        properties.put("partsmith.tables.visits.epoch", "seconds");
        properties.put("partsmith.tables.visits.create-ahead", 2);
        properties.put("partsmith.tables.visits.subpartitions[0].partition-column", "user_id");
        properties.put("partsmith.tables.visits.subpartitions[0].hash.modulus", 4);
        return new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE).properties(properties).run();
    }

    @Test
    @Order(1)
    void theReaderRoutesThroughTheMapTheMaintainerPublished() {
        assertThat(router).isInstanceOf(RedisPartitionRouter.class);

        assertThat(resolve("2024-03-15T10:00:00Z")).extracting(RoutedPartition::name).isEqualTo("events__2024_03");
        assertThat(resolve("2024-04-30T23:59:59Z")).extracting(RoutedPartition::name).isEqualTo("events__2024_04");
        RoutedPartition may = resolve("2024-05-10T00:00:00Z");
        assertThat(may.name()).isEqualTo("events_default");
        assertThat(may.defaultPartition()).as("no range holds May yet").isTrue();

        Map<Object, Object> stored = redis.opsForHash().entries(PREFIX + ":map:\"public\".\"events\"");
        assertThat(stored).containsEntry("version", "2").containsKeys("readAt", "map");
        assertThat((String) stored.get("map")).startsWith("{\"schema\":\"public\",\"table\":\"events\",\"encoding\":\"UTF8\",\"littleEndian\":true,"
                + "\"key\":{\"strategy\":\"RANGE\",\"columns\":[{\"name\":\"created_at\",\"type\":\"timestamp with time zone\","
                + "\"defaultOperatorClass\":true}]},\"partitions\":[")
                .contains("{\"schema\":\"public\",\"name\":\"events__2024_03\",\"bound\":\"FOR VALUES FROM ('2024-03-01 00:00:00+00') TO"
                        + " ('2024-04-01 00:00:00+00')\",\"from\":[{\"kind\":\"VALUE\",\"text\":\"2024-03-01 00:00:00+00\","
                        + "\"point\":1709251200000000}],\"to\":[{\"kind\":\"VALUE\",\"text\":\"2024-04-01 00:00:00+00\",\"point\":1711929600000000}]}")
                .contains("{\"schema\":\"public\",\"name\":\"events_default\",\"bound\":\"DEFAULT\"}");
    }

    @Test
    @Order(2)
    void aPartitionTheMaintainerCreatesIsResolvedByTheReaderRightAfterTheAnnouncement() throws InterruptedException {
        CLOCK.add(Duration.ofDays(31));
        MaintenanceResult result = maintainer.getBean(MaintenanceRunner.class).run("events");
        assertThat(result.createdCount()).isEqualTo(1);

        PartitionMapChangedEvent announced = announcements.poll(30, TimeUnit.SECONDS);
        assertThat(announced).as("the announcement reached the reader").isNotNull();
        assertThat(announced.table()).isEqualTo(EVENTS);
        assertThat(announced.version()).isEqualTo(3);

        RoutedPartition may = resolve("2024-05-10T00:00:00Z");
        assertThat(may.name()).isEqualTo("events__2024_05");
        assertThat(may.defaultPartition()).isFalse();
        assertThat(announcements).as("a run with nothing more to change announces nothing").isEmpty();
    }

    @Test
    @Order(3)
    void aMapOlderThanAnAnnouncedVersionIsNeverUsed() throws InterruptedException {
        assertThat(resolve("2024-05-10T00:00:00Z").name()).as("version 3, held by the reader").isEqualTo("events__2024_05");

        redis.convertAndSend(PREFIX + ":changes", "{\"schema\":\"public\",\"table\":\"events\",\"version\":4}");
        assertThat(announcements.poll(30, TimeUnit.SECONDS)).extracting(PartitionMapChangedEvent::version).isEqualTo(4L);

        assertThatThrownBy(() -> resolve("2024-05-10T00:00:00Z")).isInstanceOf(PartitionMapUnavailableException.class)
                .hasMessage("Redis holds version 3 of the partition map of public.events (" + PREFIX + ":map:\"public\".\"events\"), older than"
                        + " version 4 announced on " + PREFIX + ":changes");

        CLOCK.add(Duration.ofDays(30));
        assertThat(maintainer.getBean(MaintenanceRunner.class).run("events").createdCount()).isEqualTo(1);
        assertThat(announcements.poll(30, TimeUnit.SECONDS)).extracting(PartitionMapChangedEvent::version).isEqualTo(4L);
        assertThat(resolve("2024-06-10T00:00:00Z").name()).as("version 4 as published").isEqualTo("events__2024_06");
    }

    @Test
    @Order(4)
    void aTableTheRegistryHoldsNoMapOfIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> router.resolve(new QualifiedName("public", "ledger"), RoutingKey.of(Instant.parse("2024-05-10T00:00:00Z"))))
                .isInstanceOf(PartitionMapUnavailableException.class)
                .hasMessage("Redis holds no partition map of public.ledger (" + PREFIX + ":map:\"public\".\"ledger\"); partsmith publishes it"
                        + " after each change, and after its first run of the table");
    }

    @Test
    @Order(5)
    void aTreeOfSeveralLevelsIsRoutedThroughTheRegistryAsPostgresRoutesTheRow() {
        String stored = (String) redis.opsForHash().get(PREFIX + ":map:\"public\".\"visits\"", "map");
        assertThat(stored).contains("\"key\":{\"strategy\":\"RANGE\",\"columns\":[{\"name\":\"at\",\"type\":\"bigint\",\"epoch\":\"seconds\","
                + "\"defaultOperatorClass\":true}]}")
                .contains("\"subpartitions\":{\"key\":{\"strategy\":\"HASH\",\"columns\":[{\"name\":\"user_id\",\"type\":\"bigint\","
                        + "\"defaultOperatorClass\":true}]},\"partitions\":[{\"schema\":\"public\",\"name\":\"visits__2024_03__h0\","
                        + "\"bound\":\"FOR VALUES WITH (modulus 4, remainder 0)\",\"modulus\":4,\"remainder\":0}");

        JdbcTemplate jdbc = new JdbcTemplate(maintainer.getBean(DataSource.class));
        Random random = new Random(20240315);
        for (Instant at : List.of(Instant.parse("2024-03-01T00:00:00Z"), Instant.parse("2024-03-31T23:59:59.999Z"), Instant.parse("2024-04-15T12:00:00Z"),
                Instant.parse("2024-05-01T00:00:00Z"))) {
            for (long userId : List.of(0L, -1L, 42L, Long.MAX_VALUE, random.nextLong(), random.nextLong(), random.nextLong())) {
                Optional<String> routed = router.resolve(VISITS, RoutingKey.with("at", at).and("user_id", userId)).map(RoutedPartition::name);
                assertThat(routed).as("%s, user %s", at, userId).isEqualTo(inserted(jdbc, at.getEpochSecond(), userId));
            }
        }
        assertThat(router.resolve(VISITS, RoutingKey.with("at", Instant.parse("2024-03-10T00:00:00Z")).and("user_id", 42L)))
                .map(RoutedPartition::name).hasValueSatisfying(name -> assertThat(name).startsWith("visits__2024_03__h"));
    }

    /** Where PostgreSQL puts the row; empty when it refuses it for want of a partition. */
    private static Optional<String> inserted(JdbcTemplate jdbc, long at, long userId) {
        try {
            return Optional.of(jdbc.queryForObject("INSERT INTO visits (at, user_id) VALUES (?, ?) RETURNING tableoid::regclass::text", String.class,
                    at, userId));
        }
        catch (DataIntegrityViolationException ex) {
            assertThat(ex).hasMessageContaining("no partition of relation");
            return Optional.empty();
        }
    }

    private static RoutedPartition resolve(String instant) {
        return router.resolve(EVENTS, RoutingKey.of(Instant.parse(instant))).orElseThrow();
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

        @Bean
        MutableClock partsmithClock() {
            return CLOCK;
        }

        @Bean
        Announcements announcements() {
            return new Announcements();
        }
    }

    /** The announcements the application's router received. */
    static class Announcements implements ApplicationListener<PartitionMapChangedEvent> {

        final BlockingQueue<PartitionMapChangedEvent> received = new LinkedBlockingQueue<>();

        @Override
        public void onApplicationEvent(PartitionMapChangedEvent event) {
            received.add(event);
        }
    }
}
