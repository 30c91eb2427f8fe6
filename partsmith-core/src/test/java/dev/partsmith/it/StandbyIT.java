package dev.partsmith.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
import dev.partsmith.plan.MaintenancePlanner;
import dev.partsmith.test.PostgresServer;
import dev.partsmith.test.TestReplication;

/**
 * partsmith pointed at a real streaming standby: it plans nothing, changes nothing and says why. The
 * pair is started here from zonky's binaries (Linux x86-64, as the runs on PostgreSQL 14 to 18), so
 * it runs once, not on each version (tag {@code once}).
 */
@Tag("once")
@EnabledOnOs(value = OS.LINUX, architectures = "amd64")
class StandbyIT {

    private static TestReplication replication;

    @BeforeAll
    static void startPrimaryAndStandby() throws SQLException {
        replication = TestReplication.start();
        try (Connection primary = replication.connect(replication.primary(), "postgres"); Statement statement = primary.createStatement()) {
            statement.execute("CREATE TABLE events (id bigint, created_at timestamptz NOT NULL) PARTITION BY RANGE (created_at)");
            statement.execute("CREATE TABLE orders (id bigint, created_at timestamptz NOT NULL) PARTITION BY RANGE (created_at)");
        }
        await().atMost(Duration.ofMinutes(1)).until(replication::caughtUp);
    }

    @AfterAll
    static void stop() {
        if (replication != null) {
            replication.close();
        }
    }

    private static TablePartitionConfig config(String table) {
        return TablePartitionConfig.builder().tableName(table).partitionColumn("created_at").granularity(PartitionGranularity.DAY)
                .createAheadCount(3).retentionCount(7).build();
    }

    private static PartitionMaintainer maintainerOn(PostgresServer server) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(server.jdbcUrl("postgres"));
        dataSource.setUser(server.superuser());
        return Maintenance.maintainer(dataSource, Clock.systemUTC());
    }

    @Test
    void onTheStandbyThePlanIsEmptyAndWarnsThatTheServerIsInRecovery() {
        MaintenancePlan plan = maintainerOn(replication.standby()).plan(config("events"));

        assertThat(plan.operations()).isEmpty();
        assertThat(plan.issues()).extracting(MaintenanceIssue::message).containsExactly(MaintenancePlanner.STANDBY);
    }

    @Test
    void onTheStandbyARunChangesNothingAndSaysWhy() throws SQLException {
        MaintenanceResult result = maintainerOn(replication.standby()).runMaintenance(config("events"));

        assertThat(result.skipped()).isTrue();
        assertThat(result.success()).isTrue();
        assertThat(result.skippedReason()).isEqualTo(MaintenancePlanner.STANDBY);
        assertThat(partitionsOf(replication.standby(), "events")).isEmpty();
    }

    @Test
    void theSameConfigurationOnThePrimaryCreatesThePartitionsTheStandbyThenReplays() throws SQLException {
        MaintenanceResult result = maintainerOn(replication.primary()).runMaintenance(config("orders"));
        await().atMost(Duration.ofMinutes(1)).until(replication::caughtUp);

        assertThat(result.createdCount()).isPositive();
        assertThat(partitionsOf(replication.standby(), "orders")).hasSize(result.createdCount())
                .isEqualTo(partitionsOf(replication.primary(), "orders"));
        MaintenancePlan onTheStandby = maintainerOn(replication.standby()).plan(config("orders"));
        assertThat(onTheStandby.operations()).isEmpty();
        assertThat(onTheStandby.issues()).extracting(MaintenanceIssue::message).containsExactly(MaintenancePlanner.STANDBY);
    }

    private static List<String> partitionsOf(PostgresServer server, String table) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection connection = replication.connect(server, "postgres"); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                        + " WHERE i.inhparent = 'public." + table + "'::regclass ORDER BY 1")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }
}
