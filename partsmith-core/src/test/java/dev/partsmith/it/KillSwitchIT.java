package dev.partsmith.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.threeten.extra.MutableClock;

import dev.partsmith.catalog.QualifiedName;
import dev.partsmith.config.PartitionGranularity;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.lifecycle.HookPoint;
import dev.partsmith.lifecycle.MaintenanceResult;
import dev.partsmith.lifecycle.PartitionContext;
import dev.partsmith.lifecycle.PartitionLifecycleHooks;
import dev.partsmith.lifecycle.PartitionMaintainer;
import dev.partsmith.plan.MaintenanceIssue;
import dev.partsmith.plan.MaintenancePlan;
import dev.partsmith.safety.MaintenancePauses;
import dev.partsmith.safety.SafetyHold;
import dev.partsmith.safety.Safeguards;
import dev.partsmith.status.TableStatus;
import dev.partsmith.status.TableStatus.Problem;
import dev.partsmith.test.TestCatalog;
import dev.partsmith.test.TestDatabase;

/** The kill switches: a paused table is not touched, even by a run already going that has not reached it. */
class KillSwitchIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final String[] TABLES = { "alpha", "beta", "gamma" };

    private final MutableClock clock = MutableClock.of(Instant.parse("2024-03-15T10:00:00Z"), ZoneOffset.UTC);
    private TestCatalog catalog;

    @BeforeEach
    void createTables() {
        catalog = new TestCatalog(db.dataSource());
        for (String table : TABLES) {
            catalog.exec("DROP TABLE IF EXISTS " + table, "CREATE TABLE " + table + " (id bigint, created_at timestamptz NOT NULL)"
                    + " PARTITION BY RANGE (created_at)");
        }
    }

    private static TablePartitionConfig config(String table) {
        return TablePartitionConfig.builder().maxClockSkew(Maintenance.MOVED_CLOCK).tableName(table).partitionColumn("created_at")
                .granularity(PartitionGranularity.MONTH).createAheadCount(3).build();
    }

    private static List<TablePartitionConfig> all() {
        return List.of(config("alpha"), config("beta"), config("gamma"));
    }

    private static QualifiedName table(String name) {
        return new QualifiedName("public", name);
    }

    @Test
    void aTablePausedWhileAPassRunsIsNotTouchedWhenThePassReachesIt() throws Exception {
        CountDownLatch alphaStarted = new CountDownLatch(1);
        CountDownLatch paused = new CountDownLatch(1);
        PartitionLifecycleHooks holdAlpha = new PartitionLifecycleHooks() {
            @Override
            public void on(HookPoint point, PartitionContext context) {
                if (point == HookPoint.BEFORE_CREATE && context.config().tableName().equals("alpha") && alphaStarted.getCount() > 0) {
                    alphaStarted.countDown();
                    await(paused);
                }
            }
        };
        Safeguards safeguards = Safeguards.pausesOnly(clock);
        PartitionMaintainer maintainer = Maintenance.maintainer(db.dataSource(), clock, safeguards, holdAlpha);

        CompletableFuture<List<MaintenanceResult>> pass = CompletableFuture.supplyAsync(() -> maintainer.runMaintenanceSafe(all()));
        assertThat(alphaStarted.await(1, TimeUnit.MINUTES)).as("the pass is at alpha's first partition").isTrue();
        safeguards.pauses().pause(table("beta"), "restoring a backup");
        paused.countDown();
        List<MaintenanceResult> results = pass.get(1, TimeUnit.MINUTES);

        assertThat(results.get(0).createdCount()).isEqualTo(3);
        MaintenanceResult beta = results.get(1);
        assertThat(beta.skipped()).isTrue();
        assertThat(beta.success()).isTrue();
        assertThat(beta.skippedReason()).isEqualTo("maintenance of public.beta is paused since 2024-03-15T10:00:00Z (restoring a backup)");
        assertThat(beta.holds()).extracting(SafetyHold::kind).containsExactly(SafetyHold.Kind.PAUSED);
        assertThat(catalog.partitions("beta")).as("never touched").isEmpty();
        assertThat(results.get(2).createdCount()).isEqualTo(3);
    }

    @Test
    void aTablePausedDuringItsOwnRunStopsBeforeItsNextOperation() {
        Safeguards safeguards = Safeguards.pausesOnly(clock);
        PartitionLifecycleHooks pauseAfterFirst = new PartitionLifecycleHooks() {
            @Override
            public void on(HookPoint point, PartitionContext context) {
                if (point == HookPoint.AFTER_CREATE) {
                    safeguards.pauses().pause(context.config().qualifiedName(), null);
                }
            }
        };

        MaintenanceResult result = Maintenance.maintainer(db.dataSource(), clock, safeguards, pauseAfterFirst).runMaintenance(config("alpha"));

        assertThat(result.createdCount()).isEqualTo(1);
        assertThat(result.success()).isTrue();
        assertThat(result.skipped()).as("it did something before the pause").isFalse();
        assertThat(result.issues()).extracting(MaintenanceIssue::toString)
                .containsExactly("WARNING PLAN: maintenance of public.alpha is paused since 2024-03-15T10:00:00Z; 2 operations were not applied");
        assertThat(result.holds()).extracting(SafetyHold::kind).containsExactly(SafetyHold.Kind.PAUSED);
        assertThat(catalog.partitions("alpha")).containsExactly("alpha__2024_03");
    }

    @Test
    void aPausedTableShowsInItsStatusAndPlanAndIsMaintainedOnceResumed() {
        Safeguards safeguards = Safeguards.pausesOnly(clock);
        PartitionMaintainer maintainer = Maintenance.maintainer(db.dataSource(), clock, safeguards);
        safeguards.pauses().pause(table("gamma"), "month-end close");

        MaintenanceResult held = maintainer.runMaintenance(config("gamma"));
        MaintenancePlan plan = maintainer.plan(config("gamma"));
        TableStatus status = maintainer.status(config("gamma"), held);

        assertThat(held.skippedReason()).isEqualTo("maintenance of public.gamma is paused since 2024-03-15T10:00:00Z (month-end close)");
        assertThat(catalog.partitions("gamma")).isEmpty();
        assertThat(plan.operations()).as("what waits for the resume").hasSize(3);
        assertThat(plan.issues()).extracting(MaintenanceIssue::toString).containsExactly("WARNING PLAN: maintenance of public.gamma is paused"
                + " since 2024-03-15T10:00:00Z (month-end close); a run now would change nothing");
        assertThat(status.pause()).isNotNull();
        assertThat(status.problems()).extracting(Problem::kind).contains(Problem.Kind.PAUSED);

        assertThat(safeguards.pauses().resume(table("gamma"))).isEmpty();
        MaintenanceResult resumed = maintainer.runMaintenance(config("gamma"));

        assertThat(resumed.createdCount()).isEqualTo(3);
        assertThat(maintainer.status(config("gamma"), resumed).healthy()).isTrue();
    }

    @Test
    void pausingEveryTableHoldsThemAllUntilAllAreResumed() {
        Safeguards safeguards = Safeguards.pausesOnly(clock);
        PartitionMaintainer maintainer = Maintenance.maintainer(db.dataSource(), clock, safeguards);
        MaintenancePauses pauses = safeguards.pauses();
        pauses.pauseAll("incident 4711");

        assertThat(pauses.resume(table("alpha"))).as("the pause of every table still holds alpha")
                .hasValueSatisfying(pause -> assertThat(pause.allTables()).isTrue());
        List<MaintenanceResult> held = maintainer.runMaintenanceSafe(all());

        assertThat(held).allSatisfy(result -> assertThat(result.skippedReason())
                .isEqualTo("maintenance of every table is paused since 2024-03-15T10:00:00Z (incident 4711)"));
        assertThat(catalog.partitions("alpha")).isEmpty();

        pauses.pause(table("beta"), null);
        pauses.resumeAll();
        List<MaintenanceResult> resumed = maintainer.runMaintenanceSafe(all());

        assertThat(resumed).extracting(MaintenanceResult::createdCount).containsExactly(3, 3, 3);
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(1, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the test did not release the run");
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}
