package dev.partsmith.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.partsmith.config.PartitionGranularity;
import dev.partsmith.lifecycle.MaintenanceResult;
import dev.partsmith.lifecycle.PartitionLifecycleService;
import dev.partsmith.lifecycle.PartitionMaintainer;
import dev.partsmith.postgres.PostgresAdvisoryLockManager;
import dev.partsmith.postgres.PostgresMetadataProvider;
import dev.partsmith.postgres.PostgresPartitionRepository;
import dev.partsmith.test.TestCatalog;
import dev.partsmith.test.TestDatabase;

/**
 * A multi-level create killed with SIGKILL at every half-done step: a month partitioned by hash is
 * built standalone (the month created and partitioned, each hash partition created and attached to it)
 * and attached last. Whatever step the kill cut, the next run, in a new JVM, finishes the month's
 * subtree and attaches it, and no row of the DEFAULT partition is lost.
 */
class CrashInSubtreeIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final Instant NOW = Instant.parse("2024-03-15T10:00:00Z");
    private static final TableSpec EVENTS = TableSpec.of("events", "created_at", PartitionGranularity.MONTH, 2, null, Duration.ZERO)
            .withSubpartitionHash("user_id", 4);

    private TestCatalog sql;

    @BeforeEach
    void createTables() {
        sql = new TestCatalog(db.dataSource());
        sql.exec("DROP SCHEMA public CASCADE", "CREATE SCHEMA public",
                "CREATE TABLE events (id bigint NOT NULL, user_id bigint NOT NULL, created_at timestamptz NOT NULL) PARTITION BY RANGE (created_at)",
                "CREATE TABLE events_default PARTITION OF events DEFAULT",
                // One row an hour from 1 March to 30 April, each of another user.
                "INSERT INTO events SELECT g, g * 7, timestamptz '2024-03-01 00:00+00' + g * interval '1 hour' FROM generate_series(0, 1439) g");
    }

    @ParameterizedTest(name = "killed {0} {1}")
    @CsvSource({
            "AFTER_CREATE, events__2024_04",
            "AFTER_ATTACH, events__2024_04__h0",
            "AFTER_CREATE, events__2024_04__h2",
            "AFTER_ATTACH, events__2024_04__h3",
    })
    void theNextRunFinishesTheSubtreeAndAttachesIt(PausingRepository.Point point, String table) {
        long rowsBefore = sql.count("events");
        String application = "crash-subtree-" + point.name().toLowerCase(Locale.ROOT) + "-" + table;

        try (ChildJvm child = ChildJvm.start(application, db, application, 1, point, table, List.of(EVENTS))) {
            child.send("RUN 1 " + NOW);
            assertThat(child.awaitLine(line -> line.startsWith(PausingRepository.PAUSED), Duration.ofSeconds(60)))
                    .isEqualTo("@@PAUSED " + point + " public." + table);
            assertThat(sql.isPartition("public", "events__2024_04")).as("April is not attached to the live table yet").isFalse();
            assertThat(child.kill()).isEqualTo(ChildJvm.SIGKILLED);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> sql.backends(application) == 0);
        assertThat(sql.count("events")).as("April's rows are still in DEFAULT").isEqualTo(rowsBefore);

        try (ChildJvm child = ChildJvm.start(application + "-next", db, application + "-next", 1, null, null, List.of(EVENTS))) {
            List<ChildResult> results = child.runRound(2, NOW, Duration.ofSeconds(120));
            assertThat(child.exit()).isZero();
            assertThat(results).singleElement().satisfies(result ->
                    assertThat(result.outcome()).as(String.valueOf(result.error())).isEqualTo(MaintenanceResult.Outcome.SUCCESS));
        }

        assertThat(sql.partitions("events")).containsExactly("events__2024_03", "events__2024_04", "events_default");
        for (String month : List.of("events__2024_03", "events__2024_04")) {
            assertThat(sql.bounds(month)).containsExactly(
                    Map.entry(month + "__h0", "FOR VALUES WITH (modulus 4, remainder 0)"),
                    Map.entry(month + "__h1", "FOR VALUES WITH (modulus 4, remainder 1)"),
                    Map.entry(month + "__h2", "FOR VALUES WITH (modulus 4, remainder 2)"),
                    Map.entry(month + "__h3", "FOR VALUES WITH (modulus 4, remainder 3)"));
        }
        assertThat(sql.count("events")).as("no row lost").isEqualTo(rowsBefore);
        assertThat(sql.count("events_default")).as("March's and April's rows moved out of DEFAULT").isZero();
        assertThat(sql.count("pg_class WHERE starts_with(obj_description(oid, 'pg_class'), 'partsmith:pending-attach')"))
                .as("no table is left waiting for its attach").isZero();
        PartitionMaintainer maintainer = new PartitionMaintainer(new PartitionLifecycleService(new PostgresPartitionRepository(db.dataSource()),
                new PostgresMetadataProvider(db.dataSource()), new PostgresAdvisoryLockManager(db.dataSource()), List.of(),
                Clock.fixed(NOW, ZoneOffset.UTC)));
        assertThat(maintainer.plan(EVENTS.config()).operations()).as("nothing is left to do").isEmpty();
    }
}
