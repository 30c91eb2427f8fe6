package dev.partsmith.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.zaxxer.hikari.HikariDataSource;

import dev.partsmith.config.PartitionGranularity;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.lifecycle.MaintenanceResult;
import dev.partsmith.lifecycle.PartitionLifecycleService;
import dev.partsmith.lifecycle.PartitionMaintainer;
import dev.partsmith.plan.MaintenanceIssueStep;
import dev.partsmith.postgres.PostgresAdvisoryLockManager;
import dev.partsmith.postgres.PostgresMetadataProvider;
import dev.partsmith.postgres.PostgresPartitionRepository;
import dev.partsmith.test.TestCatalog;
import dev.partsmith.test.TestDatabase;

/**
 * partsmith run by roles that are not superusers: the owner of the tables, a member of the owner's
 * role, and a role with rights on the schema but no ownership. Three roles are created in the test
 * server's cluster for this class and dropped after it.
 */
class PrivilegesIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
    private static final String OWNER = "pst_owner_" + SUFFIX;
    private static final String MEMBER = "pst_member_" + SUFFIX;
    private static final String STRANGER = "pst_stranger_" + SUFFIX;
    private static final Clock MARCH = Clock.fixed(Instant.parse("2024-03-15T10:00:00Z"), ZoneOffset.UTC);

    private static TestCatalog sql;
    private static HikariDataSource asOwner;
    private static HikariDataSource asMember;
    private static HikariDataSource asStranger;

    private final TablePartitionConfig config = TablePartitionConfig.builder().maxClockSkew(TableSpec.MOVED_CLOCK).schema("app").tableName("events").partitionColumn("created_at")
            .granularity(PartitionGranularity.MONTH).createAheadCount(3).retentionCount(2).build();

    @BeforeAll
    static void createRoles() {
        sql = new TestCatalog(db.dataSource());
        for (String role : List.of(OWNER, MEMBER, STRANGER)) {
            sql.exec("CREATE ROLE " + role + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE");
        }
        sql.exec("GRANT " + OWNER + " TO " + MEMBER);
        asOwner = db.newDataSource(3, config -> config.setUsername(OWNER));
        asMember = db.newDataSource(3, config -> config.setUsername(MEMBER));
        asStranger = db.newDataSource(3, config -> config.setUsername(STRANGER));
    }

    @AfterAll
    static void dropRoles() {
        for (HikariDataSource pool : new HikariDataSource[] { asOwner, asMember, asStranger }) {
            if (pool != null) {
                pool.close();
            }
        }
        sql.exec("DROP SCHEMA IF EXISTS app CASCADE");
        for (String role : List.of(STRANGER, MEMBER, OWNER)) {
            if (Boolean.TRUE.equals(sql.jdbc().queryForObject("SELECT EXISTS (SELECT FROM pg_roles WHERE rolname = ?)", Boolean.class, role))) {
                sql.exec("DROP OWNED BY " + role, "DROP ROLE " + role);
            }
        }
    }

    @BeforeEach
    void createTables() {
        sql.exec("DROP SCHEMA IF EXISTS app CASCADE", "CREATE SCHEMA app AUTHORIZATION " + OWNER,
                "GRANT USAGE, CREATE ON SCHEMA app TO " + MEMBER + ", " + STRANGER,
                "SET ROLE " + OWNER,
                "CREATE TABLE app.events (id bigint NOT NULL, created_at timestamptz NOT NULL, PRIMARY KEY (id, created_at))"
                        + " PARTITION BY RANGE (created_at)",
                "CREATE TABLE app.events__2024_01 PARTITION OF app.events FOR VALUES FROM ('2024-01-01 00:00+00') TO ('2024-02-01 00:00+00')",
                "CREATE TABLE app.events__2024_02 PARTITION OF app.events FOR VALUES FROM ('2024-02-01 00:00+00') TO ('2024-03-01 00:00+00')",
                "CREATE TABLE app.events__2024_03 PARTITION OF app.events FOR VALUES FROM ('2024-03-01 00:00+00') TO ('2024-04-01 00:00+00')",
                "CREATE TABLE app.events_default PARTITION OF app.events DEFAULT",
                "INSERT INTO app.events SELECT g, timestamptz '2024-01-01 00:00+00' + g * interval '1 hour' FROM generate_series(0, 2999) g",
                "RESET ROLE");
    }

    private static PartitionMaintainer maintainer(DataSource dataSource, Clock clock) {
        return new PartitionMaintainer(new PartitionLifecycleService(new PostgresPartitionRepository(dataSource),
                new PostgresMetadataProvider(dataSource), new PostgresAdvisoryLockManager(dataSource), List.of(), clock));
    }

    @Test
    void theOwnerWithoutSuperuserRightsRunsTheWholeLifecycle() {
        long rowsToMove = sql.count("app.events_default WHERE created_at >= '2024-04-01 00:00+00' AND created_at < '2024-06-01 00:00+00'");
        long januaryRows = sql.count("app.events__2024_01");
        long rowsBefore = sql.count("app.events");

        MaintenanceResult result = maintainer(asOwner, MARCH).runMaintenanceSafe(config);

        assertThat(result.outcome()).as(String.valueOf(result.error())).isEqualTo(MaintenanceResult.Outcome.SUCCESS);
        assertThat(result.createdCount()).isEqualTo(2);
        assertThat(result.movedRowCount()).isEqualTo(rowsToMove).isPositive();
        assertThat(result.detachedCount()).isEqualTo(1);
        assertThat(result.droppedCount()).isEqualTo(1);
        assertThat(sql.bounds("app.events")).containsOnlyKeys("events__2024_02", "events__2024_03", "events__2024_04", "events__2024_05",
                "events_default");
        assertThat(sql.owner("app", "events__2024_04")).isEqualTo(OWNER);
        assertThat(sql.owner("app", "events__2024_05")).isEqualTo(OWNER);
        assertThat(sql.count("app.events")).isEqualTo(rowsBefore - januaryRows);
        assertThat(sql.advisoryLocks()).isZero();
    }

    @Test
    void aMemberOfTheOwnersRoleCreatesPartitionsTheOwnerOwns() {
        MaintenanceResult result = maintainer(asMember, MARCH).runMaintenanceSafe(config);

        assertThat(result.outcome()).as(String.valueOf(result.error())).isEqualTo(MaintenanceResult.Outcome.SUCCESS);
        assertThat(result.createdCount()).isEqualTo(2);
        assertThat(sql.owner("app", "events__2024_04")).as("owned like the parent, not by the member who ran it").isEqualTo(OWNER);
        assertThat(sql.owner("app", "events__2024_05")).isEqualTo(OWNER);
    }

    @Test
    void aRoleThatDoesNotOwnTheTableIsRefusedAndNothingChanges() {
        List<String> before = sql.snapshot();

        MaintenanceResult result = maintainer(asStranger, MARCH).runMaintenanceSafe(config);

        String message = "the current role neither owns app.events nor is a member of its owner role '" + OWNER
                + "'; ATTACH, DETACH and DROP need the owner's rights, so nothing is planned";
        assertThat(result.outcome()).isEqualTo(MaintenanceResult.Outcome.FAILURE);
        assertThat(result.error()).isEqualTo(message);
        assertThat(result.errors()).singleElement().satisfies(issue -> {
            assertThat(issue.step()).isEqualTo(MaintenanceIssueStep.PLAN);
            assertThat(issue.message()).isEqualTo(message);
        });
        assertThat(result.plan().operations()).isEmpty();
        assertThat(sql.snapshot()).as("nothing created, moved, marked or detached, though the role may create tables in the schema")
                .isEqualTo(before);
    }

    @Test
    void anExpiredPartitionOwnedByAnotherRoleIsLeftAttachedAndUnmarked() {
        sql.exec("ALTER TABLE app.events__2024_01 OWNER TO " + STRANGER);
        long rowsBefore = sql.count("app.events");

        MaintenanceResult result = maintainer(asOwner, MARCH).runMaintenanceSafe(config);

        assertThat(result.outcome()).isEqualTo(MaintenanceResult.Outcome.FAILURE);
        assertThat(result.errors()).singleElement().satisfies(issue -> {
            assertThat(issue.step()).isEqualTo(MaintenanceIssueStep.DETACH);
            assertThat(issue.partition()).isEqualTo("app.events__2024_01");
            assertThat(issue.message()).isEqualTo("could not mark app.events__2024_01 for detach: ERROR: must be owner of table events__2024_01"
                    + " [SQLSTATE 42501]; run partsmith as the table's owner (or a member of its role)");
        });
        assertThat(result.createdCount()).as("the other operations still ran").isEqualTo(2);
        assertThat(sql.isPartition("app", "events__2024_01")).isTrue();
        assertThat(sql.comment("app", "events__2024_01")).as("not even marked").isNull();
        assertThat(sql.count("app.events")).isEqualTo(rowsBefore);
    }
}
