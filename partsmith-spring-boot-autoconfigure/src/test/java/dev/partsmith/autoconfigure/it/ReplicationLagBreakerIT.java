package dev.partsmith.autoconfigure.it;

import static dev.partsmith.autoconfigure.it.WebApp.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import dev.partsmith.autoconfigure.it.WebApp.Response;
import dev.partsmith.safety.ServerProbe;
import dev.partsmith.test.TestReplication;

/**
 * The replication-lag breaker as a user switches it on, with properties, in an application on a real
 * primary whose streaming standby's replay the test pauses: the run is held back, and the endpoint,
 * health and meters say why. The pair is started here from zonky's binaries, once (tag
 * {@code once}).
 */
@Tag("once")
@EnabledOnOs(value = OS.LINUX, architectures = "amd64")
class ReplicationLagBreakerIT {

    private static TestReplication replication;

    @BeforeAll
    static void startPrimaryAndStandby() throws SQLException {
        replication = TestReplication.start();
        onPrimary("CREATE TABLE events (id bigint NOT NULL, created_at timestamptz NOT NULL) PARTITION BY RANGE (created_at)");
    }

    @AfterAll
    static void stop() {
        if (replication != null) {
            replication.close();
        }
    }

    @Test
    void aLaggingStandbyHoldsTheRunBackAndTheEndpointHealthAndMetricsSayWhy() throws SQLException {
        await().atMost(Duration.ofMinutes(1)).until(replication::caughtUp);
        try (WebApp app = WebApp.start(replication.primary().jdbcUrl("postgres"), replication.primary().superuser(), null,
                "partsmith.tables.events.partition-column=created_at", "partsmith.tables.events.granularity=day",
                "partsmith.tables.events.min-runway=1h", "partsmith.safety.max-replication-lag=3s",
                "management.endpoint.partsmith.access=unrestricted")) {
            assertThat(partitions()).as("the start-up run, the standby keeping up").isEqualTo(3);
            onPrimary("DROP TABLE " + lastPartition());
            await().atMost(Duration.ofMinutes(1)).until(replication::caughtUp);
            ServerProbe probe = app.context().getBean(ServerProbe.class);
            replication.pauseReplay();
            onPrimary("CREATE TABLE written_while_replay_is_paused (id bigint)");
            await().atMost(Duration.ofMinutes(1))
                    .until(() -> probe.replicationLag().furthestBehind().orElseThrow().lag().compareTo(Duration.ofSeconds(3)) > 0);

            Map<String, Object> run = map(app.post("/actuator/partsmith", "{}").at("runs").get("events"));

            assertThat(run).containsEntry("outcome", "skipped").containsEntry("created", 0);
            String reason = (String) run.get("skippedReason");
            assertThat(reason).startsWith("replication lag: standby 'walreceiver' (127.0.0.1) is PT")
                    .endsWith(" behind, more than partsmith.safety.max-replication-lag (PT3S); no DDL runs on this server in this pass, and the"
                            + " next pass tries again");
            assertThat(partitions()).as("the partition dropped by hand is not made again yet").isEqualTo(2);
            Response health = app.get("/actuator/health/partsmith/events");
            assertThat(health.code()).isEqualTo(200);
            assertThat(health.body()).containsEntry("status", "HELD_BACK");
            assertThat(health.at("details")).containsEntry("problem", "the last run was held back: " + reason).containsKey("replicationLag")
                    .containsEntry("lastRun", "skipped");
            assertThat(app.get("/actuator/health").body()).as("a lagging standby takes no application out of service")
                    .containsEntry("status", "UP");
            assertThat(app.metric("partsmith.replication.lag")).isGreaterThan(3.0);
            assertThat(app.metric("partsmith.maintenance.held", "table:events", "reason:replication-lag")).isEqualTo(1.0);

            replication.resumeReplay();
            await().atMost(Duration.ofMinutes(1)).until(replication::caughtUp);
            Map<String, Object> resumed = map(app.post("/actuator/partsmith", "{}").at("runs").get("events"));

            assertThat(resumed).containsEntry("outcome", "success").containsEntry("created", 1);
            assertThat(app.get("/actuator/health/partsmith/events").body()).containsEntry("status", "UP");
            assertThat(app.metric("partsmith.replication.lag")).isLessThanOrEqualTo(3.0);
        }
        finally {
            replication.resumeReplay();
        }
    }

    private static void onPrimary(String sql) throws SQLException {
        try (Connection connection = replication.connect(replication.primary(), "postgres"); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String lastPartition() throws SQLException {
        try (Connection connection = replication.connect(replication.primary(), "postgres"); Statement statement = connection.createStatement();
                var rows = statement.executeQuery("SELECT max(inhrelid::regclass::text) FROM pg_inherits WHERE inhparent = 'public.events'::regclass")) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static int partitions() throws SQLException {
        try (Connection connection = replication.connect(replication.primary(), "postgres"); Statement statement = connection.createStatement();
                var rows = statement.executeQuery("SELECT count(*) FROM pg_inherits WHERE inhparent = 'public.events'::regclass")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
