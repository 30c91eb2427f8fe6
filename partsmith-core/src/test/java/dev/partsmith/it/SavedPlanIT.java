package dev.partsmith.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.threeten.extra.MutableClock;

import dev.partsmith.config.PartitionGranularity;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.lifecycle.MaintenanceResult;
import dev.partsmith.lifecycle.PartitionContext;
import dev.partsmith.lifecycle.PartitionLifecycleHooks;
import dev.partsmith.lifecycle.PartitionMaintainer;
import dev.partsmith.plan.MaintenanceIssue;
import dev.partsmith.plan.SavedPlan;
import dev.partsmith.test.TestCatalog;
import dev.partsmith.test.TestDatabase;

/** A plan saved, then applied exactly: only its steps run, and only on the very objects it was made for. */
class SavedPlanIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private final TestCatalog catalog = new TestCatalog(db.dataSource());
    private final MutableClock clock = MutableClock.of(Instant.parse("2024-03-15T10:00:00Z"), ZoneOffset.UTC);
    private final PartitionMaintainer maintainer = Maintenance.maintainer(db.dataSource(), clock);

    private static TablePartitionConfig.Builder monthly(String table) {
        return TablePartitionConfig.builder().maxClockSkew(Maintenance.MOVED_CLOCK).tableName(table).partitionColumn("created_at")
                .granularity(PartitionGranularity.MONTH);
    }

    private void createParent(String table) {
        catalog.exec("CREATE TABLE " + table + " (id bigint, created_at timestamptz NOT NULL) PARTITION BY RANGE (created_at)");
    }

    private long oid(String table) {
        return catalog.queryLong("SELECT ?::regclass::oid::bigint", table);
    }

    private MaintenanceResult apply(TablePartitionConfig config, PartitionMaintainer.PlanToSave planned) {
        return maintainer.apply(List.of(config), new SavedPlan(SavedPlan.VERSION, planned.plan().plannedAt(), List.of(planned.saved())))
                .get(0);
    }

    @Test
    void aSavedPlanCreatesExactlyThePartitionsItPlanned() {
        createParent("events");
        PartitionMaintainer.PlanToSave planned = maintainer.planToSave(monthly("events").createAheadCount(2).build());
        assertThat(planned.saved().oid()).isEqualTo(oid("events"));
        assertThat(planned.saved().steps()).extracting(SavedPlan.Step::action, step -> step.partition().name(), SavedPlan.Step::partitionOid)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("create", "events__2024_03", 0L),
                        org.assertj.core.groups.Tuple.tuple("create", "events__2024_04", 0L));

        // Since the plan was reviewed, create-ahead was raised: a run now would create May too.
        MaintenanceResult result = apply(monthly("events").createAheadCount(3).build(), planned);

        assertThat(result.success()).isTrue();
        assertThat(result.createdCount()).isEqualTo(2);
        assertThat(catalog.partitions("events")).containsExactly("events__2024_03", "events__2024_04");
        assertThat(result.issues()).extracting(MaintenanceIssue::message)
                .containsExactly("not in the saved plan, not applied: create public.events__2024_05 for [2024-05-01 00:00:00+00:00, 2024-06-01 00:00:00+00:00)");

        MaintenanceResult again = apply(monthly("events").createAheadCount(2).build(), planned);

        assertThat(again.success()).isFalse();
        assertThat(again.createdCount()).isZero();
        assertThat(again.errors()).extracting(MaintenanceIssue::message).startsWith(
                "step 1 (create public.events__2024_03 for [2024-03-01 00:00:00+00:00, 2024-04-01 00:00:00+00:00)) refused: public.events__2024_03 exists now (OID "
                        + oid("events__2024_03") + ")");
    }

    @Test
    void aParentDroppedAndCreatedAgainIsRefusedAndNothingRuns() {
        createParent("ledger");
        PartitionMaintainer.PlanToSave planned = maintainer.planToSave(monthly("ledger").build());
        long before = oid("ledger");
        catalog.exec("DROP TABLE ledger");
        createParent("ledger");

        MaintenanceResult result = apply(monthly("ledger").build(), planned);

        assertThat(result.success()).isFalse();
        assertThat(result.errors()).extracting(MaintenanceIssue::message).containsExactly(
                "public.ledger is OID " + oid("ledger") + " now, the plan was made for OID " + before + " (dropped and created again)",
                "nothing of the saved plan of public.ledger was applied: " + planned.saved().steps().size() + " operations were not applied");
        assertThat(catalog.partitions("ledger")).isEmpty();
    }

    @Test
    void aRenamedPartitionIsRefusedAndNothingRuns() {
        createParent("orders");
        TablePartitionConfig config = monthly("orders").createAheadCount(1).retentionCount(1).build();
        maintainer.runMaintenance(config);
        clock.setInstant(Instant.parse("2024-06-10T00:00:00Z"));
        PartitionMaintainer.PlanToSave planned = maintainer.planToSave(config);
        assertThat(planned.saved().steps()).extracting(SavedPlan.Step::action).contains("create", "detach");
        long march = oid("orders__2024_03");
        catalog.exec("ALTER TABLE orders__2024_03 RENAME TO orders_march");

        MaintenanceResult result = apply(config, planned);

        assertThat(result.success()).isFalse();
        assertThat(result.createdCount() + result.detachedCount() + result.droppedCount()).isZero();
        assertThat(result.errors()).extracting(MaintenanceIssue::message)
                .containsExactly("step 2 (detach public.orders__2024_03 FOR VALUES FROM ('2024-03-01 00:00:00+00') TO ('2024-04-01 00:00:00+00')"
                        + " concurrently) refused: public.orders__2024_03 (OID " + march + ") was renamed to public.orders_march",
                        "step 3 (drop public.orders__2024_03 (detached by this run, no grace)) refused: public.orders__2024_03 (OID " + march
                                + ") was renamed to public.orders_march",
                        "nothing of the saved plan of public.orders was applied: 3 operations were not applied");
        assertThat(catalog.partitions("orders")).containsExactly("orders_march");
    }

    @Test
    void eachStepIsCheckedAgainRightBeforeItRunsAndARefusalStopsTheRest() {
        createParent("carts");
        TablePartitionConfig config = monthly("carts").createAheadCount(1).retentionCount(1).build();
        maintainer.runMaintenance(config);
        clock.setInstant(Instant.parse("2024-06-10T00:00:00Z"));
        PartitionMaintainer.PlanToSave planned = maintainer.planToSave(config);
        long march = oid("carts__2024_03");
        // Someone renames March while the plan is being applied: after its first step, before its second.
        PartitionLifecycleHooks renamesMarch = new PartitionLifecycleHooks() {
            @Override
            public void afterCreate(PartitionContext context) {
                catalog.exec("ALTER TABLE carts__2024_03 RENAME TO carts_march");
            }
        };
        PartitionMaintainer renaming = Maintenance.maintainer(db.dataSource(), clock, renamesMarch);

        MaintenanceResult result = renaming.apply(List.of(config),
                new SavedPlan(SavedPlan.VERSION, planned.plan().plannedAt(), List.of(planned.saved()))).get(0);

        assertThat(result.success()).isFalse();
        assertThat(result.createdCount()).isEqualTo(1);
        assertThat(result.detachedCount() + result.droppedCount()).isZero();
        assertThat(result.errors()).extracting(MaintenanceIssue::message).containsExactly(
                "step 2 (detach public.carts__2024_03 FOR VALUES FROM ('2024-03-01 00:00:00+00') TO ('2024-04-01 00:00:00+00') concurrently)"
                        + " refused: public.carts__2024_03 (OID " + march + ") was renamed to public.carts_march; 2 operations were not applied");
        assertThat(catalog.partitions("carts")).containsExactly("carts__2024_06", "carts_march");
    }

    @Test
    void aPartitionDroppedAndCreatedAgainIsRefusedAndNothingRuns() {
        createParent("visits");
        TablePartitionConfig config = monthly("visits").createAheadCount(1).retentionCount(1).build();
        maintainer.runMaintenance(config);
        clock.setInstant(Instant.parse("2024-06-10T00:00:00Z"));
        PartitionMaintainer.PlanToSave planned = maintainer.planToSave(config);
        long march = oid("visits__2024_03");
        catalog.exec("DROP TABLE visits__2024_03",
                "CREATE TABLE visits__2024_03 PARTITION OF visits FOR VALUES FROM ('2024-03-01 00:00:00+00') TO ('2024-04-01 00:00:00+00')");

        MaintenanceResult result = apply(config, planned);

        assertThat(result.success()).isFalse();
        assertThat(result.createdCount() + result.detachedCount() + result.droppedCount()).isZero();
        assertThat(result.errors()).extracting(MaintenanceIssue::message).anySatisfy(message -> assertThat(message)
                .startsWith("step 2 (detach public.visits__2024_03 ")
                .endsWith(" refused: public.visits__2024_03 is OID " + oid("visits__2024_03") + " now, the plan was made for OID " + march
                        + " (dropped and created again)"));
        assertThat(catalog.partitions("visits")).containsExactly("visits__2024_03");
    }
}
