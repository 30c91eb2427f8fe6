package dev.partsmith.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.datasource.DelegatingDataSource;

import com.zaxxer.hikari.HikariDataSource;

import dev.partsmith.InvalidParentTableException;
import dev.partsmith.catalog.QualifiedName;
import dev.partsmith.config.PartitionGranularity;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.lifecycle.MaintenanceResult;
import dev.partsmith.lifecycle.PartitionLifecycleService;
import dev.partsmith.lifecycle.PartitionMaintainer;
import dev.partsmith.lock.LockHandle;
import dev.partsmith.plan.MaintenanceIssueStep;
import dev.partsmith.plan.MaintenancePlan;
import dev.partsmith.postgres.PostgresAdvisoryLockManager;
import dev.partsmith.postgres.PostgresMetadataProvider;
import dev.partsmith.postgres.PostgresPartitionRepository;
import dev.partsmith.test.TestCatalog;
import dev.partsmith.test.TestDatabase;

class PartitionMaintainerIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-03-15T10:00:00Z"), ZoneOffset.UTC);
    private static TestCatalog catalog;

    @BeforeAll
    static void createTables() {
        catalog = new TestCatalog(db.dataSource());
        for (String table : new String[] { "alpha", "gamma", "delta", "dry", "steady", "fresh", "busy", "taken" }) {
            catalog.exec("CREATE TABLE " + table + " (id bigint, created_at timestamptz NOT NULL) PARTITION BY RANGE (created_at)");
        }
    }

    private static TablePartitionConfig config(String table) {
        return TablePartitionConfig.builder().maxClockSkew(Maintenance.MOVED_CLOCK).tableName(table).partitionColumn("created_at").granularity(PartitionGranularity.MONTH)
                .createAheadCount(2).build();
    }

    @Test
    void oneFailingTableDoesNotStopTheOthers() {
        List<MaintenanceResult> results = Maintenance.maintainer(db.dataSource(), CLOCK)
                .runMaintenanceSafe(List.of(config("alpha"), config("beta_missing"), config("gamma")));

        assertThat(results).extracting(MaintenanceResult::success).containsExactly(true, false, true);
        assertThat(results.get(1).error()).isEqualTo("table public.beta_missing does not exist");
        assertThat(results.get(1).errors()).singleElement().extracting(issue -> issue.step()).isEqualTo(MaintenanceIssueStep.CATALOG);
        assertThat(catalog.partitions("alpha")).hasSize(2);
        assertThat(catalog.partitions("gamma")).hasSize(2);
    }

    @Test
    void aTakenNameFailsItsOwnPartitionOnlyWhenTablesAreCreatedTogether() {
        catalog.exec("CREATE TABLE taken__2024_04 (note text)");

        MaintenanceResult result = Maintenance.maintainer(db.dataSource(), CLOCK).runMaintenanceSafe(config("taken"));

        assertThat(result.createdCount()).isEqualTo(1);
        assertThat(result.errors()).singleElement().satisfies(issue -> {
            assertThat(issue.step()).isEqualTo(MaintenanceIssueStep.CREATE);
            assertThat(issue.partition()).isEqualTo("public.taken__2024_04");
            assertThat(issue.message()).isEqualTo("a relation named public.taken__2024_04 already exists and is not a table partsmith created"
                    + " for public.taken; partsmith leaves it alone");
        });
        assertThat(catalog.partitions("taken")).containsExactly("taken__2024_03");
        assertThat(catalog.count("taken__2024_04")).isZero();
    }

    @Test
    void theSafeVariantNeverThrowsTheOtherDoes() {
        assertThatThrownBy(() -> Maintenance.maintainer(db.dataSource(), CLOCK).runMaintenance(config("beta_missing")))
                .isInstanceOf(InvalidParentTableException.class);
        MaintenanceResult result = Maintenance.maintainer(db.dataSource(), CLOCK).runMaintenanceSafe(config("beta_missing"));
        assertThat(result.success()).isFalse();
        assertThat(result.outcome()).isEqualTo(MaintenanceResult.Outcome.FAILURE);
    }

    @Test
    void anUnreachableLockServiceIsAFailedResult() {
        HikariDataSource unreachable = new HikariDataSource();
        unreachable.setJdbcUrl("jdbc:postgresql://127.0.0.1:1/none");
        unreachable.setConnectionTimeout(250);
        unreachable.setInitializationFailTimeout(-1);
        try (unreachable) {
            PartitionMaintainer maintainer = new PartitionMaintainer(new PartitionLifecycleService(new PostgresPartitionRepository(db.dataSource()),
                    new PostgresMetadataProvider(db.dataSource()), new PostgresAdvisoryLockManager(unreachable), List.of(), CLOCK));
            MaintenanceResult result = maintainer.runMaintenanceSafe(config("delta"));
            assertThat(result.success()).isFalse();
            assertThat(result.errors()).singleElement().satisfies(issue -> {
                assertThat(issue.step()).isEqualTo(MaintenanceIssueStep.LOCK);
                assertThat(issue.message()).startsWith("cannot get a connection for the advisory lock on public.delta: cannot connect to"
                        + " PostgreSQL at 127.0.0.1:1, database \"none\", role ").contains(": Connection to 127.0.0.1:1 refused.");
            });
        }
        assertThat(catalog.partitions("delta")).as("nothing is done without the lock").isEmpty();
    }

    @Test
    void aDatabaseThatCannotBeReachedFailsEveryTableAtOnceSayingWhere() {
        AtomicInteger attempts = new AtomicInteger();
        HikariDataSource unreachable = new HikariDataSource();
        unreachable.setJdbcUrl("jdbc:postgresql://127.0.0.1:1/none");
        unreachable.setUsername("app");
        unreachable.setPassword("secret");
        unreachable.setConnectionTimeout(250);
        unreachable.setInitializationFailTimeout(-1);
        try (unreachable) {
            DataSource counting = new DelegatingDataSource(unreachable) {
                @Override
                public Connection getConnection() throws SQLException {
                    attempts.incrementAndGet();
                    return super.getConnection();
                }
            };

            List<MaintenanceResult> results = Maintenance.maintainer(counting, CLOCK).runMaintenanceSafe(List.of(config("alpha"), config("beta")));

            assertThat(results).hasSize(2).allSatisfy(result -> assertThat(result.errors()).singleElement().satisfies(issue -> {
                assertThat(issue.step()).isEqualTo(MaintenanceIssueStep.CATALOG);
                assertThat(issue.message()).startsWith("cannot connect to PostgreSQL at 127.0.0.1:1, database \"none\", role \"app\": Connection"
                        + " to 127.0.0.1:1 refused.").endsWith("[SQLSTATE 08001]").doesNotContain("secret");
            }));
            assertThat(attempts).as("one attempt for all tables, not one more per table").hasValue(1);
        }
    }

    @Test
    void anInterruptStopsTheRunReportsItAndKeepsTheFlag() {
        PartitionMaintainer maintainer = Maintenance.maintainer(db.dataSource(), CLOCK);
        Thread.currentThread().interrupt();
        List<MaintenanceResult> results;
        try {
            results = maintainer.runMaintenanceSafe(List.of(config("delta"), config("gamma")));
        }
        finally {
            assertThat(Thread.interrupted()).as("the interrupt flag is left set").isTrue();
        }
        assertThat(results).allMatch(result -> !result.success());
        assertThat(results.get(0).error()).isEqualTo("interrupted before this table was maintained");
    }

    @Test
    void aDryRunPlansWithoutChangingAnything() {
        MaintenancePlan plan = Maintenance.maintainer(db.dataSource(), CLOCK).plan(config("dry"));
        assertThat(plan.operations()).extracting(op -> op.describe()).containsExactly(
                "create public.dry__2024_03 for [2024-03-01 00:00:00+00:00, 2024-04-01 00:00:00+00:00)",
                "create public.dry__2024_04 for [2024-04-01 00:00:00+00:00, 2024-05-01 00:00:00+00:00)");
        assertThat(catalog.partitions("dry")).isEmpty();
    }

    @Test
    void manyTablesAreReadTogetherAndUpToDateOnesNeedNoLock() {
        PartitionMaintainer maintainer = Maintenance.maintainer(db.dataSource(), CLOCK);
        assertThat(maintainer.runMaintenance(config("steady")).createdCount()).isEqualTo(2);
        PostgresAdvisoryLockManager otherInstance = new PostgresAdvisoryLockManager(db.newDataSource(2));
        Optional<LockHandle> steadyLock = otherInstance.tryLock(new QualifiedName("public", "steady"));
        Optional<LockHandle> busyLock = otherInstance.tryLock(new QualifiedName("public", "busy"));
        assertThat(steadyLock).isPresent();
        assertThat(busyLock).isPresent();
        List<MaintenanceResult> results;
        try {
            results = maintainer.runMaintenanceSafe(List.of(config("steady"), config("fresh"), config("busy"), config("beta_missing")));
        }
        finally {
            steadyLock.get().close();
            busyLock.get().close();
        }

        MaintenanceResult steady = results.get(0);
        assertThat(steady.success()).isTrue();
        assertThat(steady.skipped()).as("nothing to do needs no lock, so another maintainer holding it is no reason to skip").isFalse();
        assertThat(steady.plan().operations()).isEmpty();
        assertThat(steady.tree().rangedPartitions()).hasSize(2);
        assertThat(results.get(1).createdCount()).isEqualTo(2);
        assertThat(catalog.partitions("fresh")).hasSize(2);
        assertThat(results.get(2).skipped()).as("a table with work still waits for its lock").isTrue();
        assertThat(catalog.partitions("busy")).isEmpty();
        assertThat(results.get(3).error()).isEqualTo("table public.beta_missing does not exist");
    }
}
