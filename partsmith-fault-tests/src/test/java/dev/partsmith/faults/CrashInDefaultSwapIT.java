package dev.partsmith.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

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
 * A DEFAULT partition holding many rows of April, all of them, being turned into April's partition,
 * killed with SIGKILL after each step that leaves something behind: the CHECK added, the CHECK
 * validated. The next run, in a new JVM, removes the CHECK, starts again and swaps; no row is lost
 * and the DEFAULT ends empty.
 */
class CrashInDefaultSwapIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final Instant NOW = Instant.parse("2024-03-15T10:00:00Z");
    private static final TableSpec EVENTS = TableSpec.of("events", "created_at", PartitionGranularity.MONTH, 2, null, Duration.ZERO);
    private static final int APRIL_ROWS = 20_000;

    private TestCatalog sql;

    @BeforeEach
    void createTables() {
        sql = new TestCatalog(db.dataSource());
        sql.exec("DROP SCHEMA public CASCADE", "CREATE SCHEMA public",
                "CREATE TABLE events (id bigint NOT NULL, created_at timestamptz NOT NULL, PRIMARY KEY (id, created_at)) PARTITION BY RANGE (created_at)",
                "CREATE TABLE events_default PARTITION OF events DEFAULT",
                "INSERT INTO events SELECT g, timestamptz '2024-04-01 00:00+00' + g * interval '1 minute' FROM generate_series(0, " + (APRIL_ROWS - 1)
                        + ") g");
    }

    @ParameterizedTest(name = "killed {0}")
    @CsvSource({ "AFTER_DRAIN_CHECK, false", "AFTER_DRAIN_VALIDATE, true" })
    void theNextRunRemovesTheCheckAndSwaps(PausingRepository.Point point, boolean validated) {
        long defaultOid = sql.jdbc().queryForObject("SELECT 'events_default'::regclass::oid::bigint", Long.class);
        String application = "crash-swap-" + point.name().toLowerCase(Locale.ROOT);

        try (ChildJvm child = ChildJvm.start(application, db, application, 1, point, "events__2024_04", List.of(EVENTS))) {
            child.send("RUN 1 " + NOW);
            assertThat(child.awaitLine(line -> line.startsWith(PausingRepository.PAUSED), Duration.ofSeconds(60)))
                    .isEqualTo("@@PAUSED " + point + " public.events__2024_04");
            assertThat(sql.jdbc().queryForList("SELECT convalidated FROM pg_constraint WHERE conname = 'partsmith_default_drain'"
                    + " AND conrelid = 'events_default'::regclass", Boolean.class)).containsExactly(validated);
            assertThat(child.kill()).isEqualTo(ChildJvm.SIGKILLED);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> sql.backends(application) == 0);
        assertThat(sql.count("ONLY events_default")).as("April's rows are still in DEFAULT").isEqualTo(APRIL_ROWS);
        sql.exec("INSERT INTO events VALUES (-1, '2024-04-20 12:00+00')");

        try (ChildJvm child = ChildJvm.start(application + "-next", db, application + "-next", 1, null, null, List.of(EVENTS))) {
            List<ChildResult> results = child.runRound(2, NOW, Duration.ofSeconds(120));
            assertThat(child.exit()).isZero();
            assertThat(results).singleElement().satisfies(result ->
                    assertThat(result.outcome()).as(String.valueOf(result.error())).isEqualTo(MaintenanceResult.Outcome.SUCCESS));
        }

        assertThat(sql.partitions("events")).containsExactly("events__2024_03", "events__2024_04", "events_default");
        assertThat(sql.jdbc().queryForObject("SELECT 'events__2024_04'::regclass::oid::bigint", Long.class))
                .as("the DEFAULT table became April's partition").isEqualTo(defaultOid);
        assertThat(sql.count("ONLY events__2024_04")).as("no row lost").isEqualTo(APRIL_ROWS + 1);
        assertThat(sql.count("ONLY events_default")).isZero();
        assertThat(sql.count("pg_constraint WHERE conname = 'partsmith_default_drain'")).as("no CHECK is left behind").isZero();
        assertThat(sql.count("pg_class WHERE starts_with(obj_description(oid, 'pg_class'), 'partsmith:pending-attach')"))
                .as("no table is left waiting for its attach").isZero();
        PartitionMaintainer maintainer = new PartitionMaintainer(new PartitionLifecycleService(new PostgresPartitionRepository(db.dataSource()),
                new PostgresMetadataProvider(db.dataSource()), new PostgresAdvisoryLockManager(db.dataSource()), List.of(),
                Clock.fixed(NOW, ZoneOffset.UTC)));
        assertThat(maintainer.plan(EVENTS.config()).operations()).as("nothing is left to do").isEmpty();
    }
}
