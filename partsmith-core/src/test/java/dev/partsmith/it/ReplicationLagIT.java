package dev.partsmith.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.postgresql.ds.PGSimpleDataSource;

import dev.partsmith.config.PartitionGranularity;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.lifecycle.MaintenanceResult;
import dev.partsmith.lifecycle.PartitionMaintainer;
import dev.partsmith.plan.MaintenanceIssue;
import dev.partsmith.plan.MaintenancePlan;
import dev.partsmith.postgres.PostgresServerProbe;
import dev.partsmith.safety.MaintenancePauses;
import dev.partsmith.safety.ReplicationLag;
import dev.partsmith.safety.SafetyHold;
import dev.partsmith.safety.SafetyLimits;
import dev.partsmith.safety.Safeguards;
import dev.partsmith.status.TableStatus.Problem;
import dev.partsmith.test.PostgresServer;
import dev.partsmith.test.TestReplication;

/**
 * The replication-lag breaker on a real streaming standby whose replay the test pauses, so that its lag
 * is real. The pair is started here from zonky's binaries, so the test runs once, not on each version (tag {@code once}).
 */
@Tag("once")
@EnabledOnOs(value = OS.LINUX, architectures = "amd64")
class ReplicationLagIT {

    /** Above the standby's report interval (1 s), so a standby that keeps up never reads as far behind. */
    private static final Duration MAX_LAG = Duration.ofSeconds(3);

    private static final String[] TABLES = { "events", "orders", "audit" };

    private static TestReplication replication;

    @BeforeAll
    static void startPrimaryAndStandby() {
        replication = TestReplication.start();
    }

    @AfterAll
    static void stop() {
        if (replication != null) {
            replication.close();
        }
    }

    @BeforeEach
    void freshTablesOnACaughtUpStandby() throws SQLException {
        replication.resumeReplay();
        onPrimary("DROP ROLE IF EXISTS lag_watcher");
        for (String table : TABLES) {
            onPrimary("DROP TABLE IF EXISTS " + table, "CREATE TABLE " + table + " (id bigint, created_at timestamptz NOT NULL) PARTITION BY RANGE"
                    + " (created_at)");
        }
        await().atMost(Duration.ofMinutes(1)).until(replication::caughtUp);
    }

    private static TablePartitionConfig config(String table) {
        return TablePartitionConfig.builder().tableName(table).partitionColumn("created_at").granularity(PartitionGranularity.DAY)
                .createAheadCount(3).build();
    }

    private static Safeguards breaker(DataSource dataSource) {
        return new Safeguards(new PostgresServerProbe(dataSource), new SafetyLimits(MAX_LAG, null), Map.of(),
                new MaintenancePauses(Clock.systemUTC()));
    }

    private static PGSimpleDataSource primary(String user) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(replication.primary().jdbcUrl("postgres"));
        dataSource.setUser(user);
        return dataSource;
    }

    @Test
    void aStandbyThatKeepsUpLetsThePassRun() {
        PGSimpleDataSource dataSource = primary(replication.primary().superuser());
        Safeguards safeguards = breaker(dataSource);

        List<MaintenanceResult> results = Maintenance.maintainer(dataSource, Clock.systemUTC(), safeguards)
                .runMaintenanceSafe(List.of(config("events"), config("orders")));

        assertThat(results).extracting(MaintenanceResult::createdCount).containsExactly(3, 3);
        assertThat(results).allSatisfy(result -> assertThat(result.holds()).isEmpty());
        assertThat(safeguards.lastReplicationLag()).hasValueSatisfying(lag -> {
            assertThat(lag.standbys()).as("the standby is seen").hasSize(1);
            assertThat(lag.furthestBehind().orElseThrow().lag()).isLessThanOrEqualTo(MAX_LAG);
        });
    }

    @Test
    void aStandbyFurtherBehindThanTheLimitHoldsBackEveryDdlOfThePassAndSaysWhy() throws SQLException {
        PGSimpleDataSource dataSource = primary(replication.primary().superuser());
        PartitionMaintainer setUp = Maintenance.maintainer(dataSource, Clock.systemUTC());
        assertThat(setUp.runMaintenance(config("audit")).createdCount()).as("audit is up to date before the standby falls behind").isEqualTo(3);
        await().atMost(Duration.ofMinutes(1)).until(replication::caughtUp);
        replication.pauseReplay();
        onPrimary("CREATE TABLE written_while_replay_is_paused (id bigint)");
        PostgresServerProbe probe = new PostgresServerProbe(dataSource);
        await().atMost(Duration.ofMinutes(1)).until(() -> probe.replicationLag().furthestBehind().orElseThrow().lag().compareTo(MAX_LAG) > 0);
        Safeguards safeguards = breaker(dataSource);
        PartitionMaintainer maintainer = Maintenance.maintainer(dataSource, Clock.systemUTC(), safeguards);

        List<MaintenanceResult> results = maintainer.runMaintenanceSafe(List.of(config("events"), config("audit"), config("orders")));
        // The lag the pass read: the dry run below reads it again, and it has grown by then
        ReplicationLag lag = safeguards.lastReplicationLag().orElseThrow();
        ReplicationLag.Standby standby = lag.furthestBehind().orElseThrow();
        MaintenancePlan dryRun = maintainer.plan(config("events"));

        String reason = "replication lag: standby " + standby.name() + " is " + standby.lag() + " behind, more than"
                + " partsmith.safety.max-replication-lag (PT3S); no DDL runs on this server in this pass, and the next pass tries again";
        MaintenanceResult events = results.get(0);
        assertThat(events.skipped()).isTrue();
        assertThat(events.success()).as("held back, not failed").isTrue();
        assertThat(events.skippedReason()).isEqualTo(reason);
        assertThat(events.holds()).containsExactly(new SafetyHold(SafetyHold.Kind.REPLICATION_LAG, reason));
        assertThat(events.plan().operations()).as("what waits for the standby").hasSize(3);
        assertThat(results.get(1).holds()).as("audit has nothing to do: no DDL to hold back").isEmpty();
        assertThat(results.get(1).success()).isTrue();
        assertThat(results.get(2).skippedReason()).as("the breaker holds for the rest of the pass").isEqualTo(reason);
        assertThat(partitions("events")).isZero();
        assertThat(partitions("orders")).isZero();
        assertThat(maintainer.status(config("events"), events).problems()).extracting(Problem::kind).contains(Problem.Kind.REPLICATION_LAG);
        assertThat(dryRun.issues()).extracting(MaintenanceIssue::severity).containsExactly(MaintenanceIssue.Severity.WARNING);
        assertThat(dryRun.issues().get(0).message()).startsWith("replication lag: standby " + standby.name() + " is ")
                .endsWith("; a run now would change nothing");

        replication.resumeReplay();
        await().atMost(Duration.ofMinutes(1)).until(replication::caughtUp);
        List<MaintenanceResult> resumed = maintainer.runMaintenanceSafe(List.of(config("events"), config("orders")));

        assertThat(resumed).extracting(MaintenanceResult::createdCount).containsExactly(3, 3);
    }

    @Test
    void aRoleThatMayNotReadTheLagHoldsBackAndSaysWhatToGrant() throws SQLException {
        onPrimary("CREATE ROLE lag_watcher LOGIN", "GRANT CREATE ON SCHEMA public TO lag_watcher", "ALTER TABLE events OWNER TO lag_watcher");
        PGSimpleDataSource dataSource = primary("lag_watcher");
        PartitionMaintainer maintainer = Maintenance.maintainer(dataSource, Clock.systemUTC(), breaker(dataSource));

        MaintenanceResult held = maintainer.runMaintenance(config("events"));

        assertThat(held.skippedReason()).startsWith("replication lag: the role lag_watcher may not read the replay lag of 1 standby server in"
                + " pg_stat_replication (").endsWith("); it needs the privileges of pg_read_all_stats (GRANT pg_monitor TO lag_watcher). No DDL"
                        + " runs on this server in this pass; grant it, or switch the breaker off with"
                        + " partsmith.safety.check-replication-lag=false");
        assertThat(partitions("events")).isZero();

        onPrimary("GRANT pg_read_all_stats TO lag_watcher");
        MaintenanceResult granted = maintainer.runMaintenance(config("events"));

        assertThat(granted.holds()).isEmpty();
        assertThat(granted.createdCount()).isEqualTo(3);
        onPrimary("DROP TABLE events", "REVOKE CREATE ON SCHEMA public FROM lag_watcher", "REVOKE pg_read_all_stats FROM lag_watcher");
    }

    private static void onPrimary(String... statements) throws SQLException {
        try (Connection connection = replication.connect(replication.primary(), "postgres"); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static int partitions(String table) throws SQLException {
        PostgresServer primary = replication.primary();
        try (Connection connection = replication.connect(primary, "postgres"); Statement statement = connection.createStatement();
                var rows = statement.executeQuery("SELECT count(*) FROM pg_inherits WHERE inhparent = 'public." + table + "'::regclass")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
