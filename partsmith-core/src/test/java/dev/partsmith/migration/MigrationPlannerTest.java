package dev.partsmith.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.partsmith.catalog.QualifiedName;
import dev.partsmith.config.MaintenanceSettings;
import dev.partsmith.config.PartitionGranularity;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.migration.MigrationSnapshot.Relation;

class MigrationPlannerTest {

    private static final Instant NOW = Instant.parse("2024-03-15T10:00:00Z");
    private static final Relation PLAIN = new Relation(100, "r");
    private static final Relation TWIN = new Relation(200, "p");

    private final MigrationRequest partition = MigrationRequest.partition(TablePartitionConfig.builder().tableName("events")
            .partitionColumn("created_at").granularity(PartitionGranularity.MONTH).build(), MigrationOptions.DEFAULTS);

    @Test
    void aPlainTableWithoutStateStartsWithItsTwin() {
        MigrationDecision decision = MigrationPlanner.next(partition, snapshot(PLAIN, Relation.MISSING, null, false));

        assertThat(decision).isEqualTo(new MigrationDecision(MigrationDecision.Kind.RUN, MigrationStep.CREATE_TWIN, null));
    }

    @Test
    void theRecordedStepRunsWhenTheCatalogAgreesWithIt() {
        MigrationDecision decision = MigrationPlanner.next(partition, snapshot(PLAIN, TWIN, state(MigrationStep.COPY, MigrationDirection.PARTITION), true));

        assertThat(decision.step()).isEqualTo(MigrationStep.COPY);
    }

    @Test
    void aCopyWithoutItsSyncTriggerIsRefused() {
        MigrationDecision decision = MigrationPlanner.next(partition, snapshot(PLAIN, TWIN, state(MigrationStep.COPY, MigrationDirection.PARTITION), false));

        assertThat(decision.kind()).isEqualTo(MigrationDecision.Kind.REFUSED);
        assertThat(decision.message()).isEqualTo("partsmith's sync trigger on public.events is gone, so rows written since it was dropped may be"
                + " missing from public.events_intermediate; abort the partitioning and start again");
    }

    @Test
    void aReplacedTwinIsRefused() {
        MigrationDecision decision = MigrationPlanner.next(partition, snapshot(PLAIN, new Relation(201, "p"),
                state(MigrationStep.ANALYZE, MigrationDirection.PARTITION), true));

        assertThat(decision.message()).isEqualTo("the new table public.events_intermediate that the partitioning of public.events created is gone"
                + " or was replaced; abort the partitioning and start again");
    }

    @Test
    void anUnpartitioningInProgressStopsAPartitioning() {
        MigrationDecision decision = MigrationPlanner.next(partition, snapshot(PLAIN, TWIN, state(MigrationStep.COPY, MigrationDirection.UNPARTITION),
                true));

        assertThat(decision.message()).isEqualTo("the unpartitioning of public.events is in progress (next step COPY); finish it with the same"
                + " command, or abort it");
    }

    @Test
    void aTwinOrRetiredNameTakenByAnotherTableIsRefusedBeforeAnythingIsMade() {
        assertThat(MigrationPlanner.next(partition, snapshot(PLAIN, TWIN, null, false)).message())
                .startsWith("a relation named public.events_intermediate exists, and partsmith has no migration of public.events");
        assertThat(MigrationPlanner.next(partition, new MigrationSnapshot(PLAIN, Relation.MISSING, new Relation(300, "r"), Optional.empty(), false, NOW))
                .message()).startsWith("a relation named public.events_retired exists");
    }

    @Test
    void aPartitionedTableIsDoneAndSaysSinceWhenAfterItsOwnSwap() {
        MigrationState done = new MigrationState(MigrationDirection.PARTITION, MigrationStep.DONE, 100, 200, List.of("id"), null, null, 0, 0, null, NOW,
                NOW);

        assertThat(MigrationPlanner.next(partition, snapshot(new Relation(200, "p"), Relation.MISSING, done, false)).message())
                .isEqualTo("public.events was partitioned at 2024-03-15T10:00:00Z; the old table is kept as public.events_retired");
        assertThat(MigrationPlanner.next(partition, snapshot(new Relation(999, "p"), Relation.MISSING, null, false)).message())
                .isEqualTo("public.events is partitioned already: nothing to do");
    }

    @Test
    void unpartitioningHasNoPartitionsToCreate() {
        assertThat(MigrationPlanner.after(MigrationStep.CREATE_TWIN, MigrationDirection.UNPARTITION)).isEqualTo(MigrationStep.INSTALL_SYNC);
        assertThat(MigrationPlanner.after(MigrationStep.CREATE_TWIN, MigrationDirection.PARTITION)).isEqualTo(MigrationStep.CREATE_PARTITIONS);
        assertThat(MigrationRequest.unpartition(new QualifiedName("s", "t"), MaintenanceSettings.DEFAULTS, MigrationOptions.DEFAULTS).retired())
                .isEqualTo(new QualifiedName("s", "t_retired"));
    }

    private static MigrationState state(MigrationStep step, MigrationDirection direction) {
        return new MigrationState(direction, step, 100, 200, List.of("id"), List.of("10"), null, 0, 10, null, NOW, NOW);
    }

    private static MigrationSnapshot snapshot(Relation source, Relation twin, MigrationState state, boolean sync) {
        return new MigrationSnapshot(source, twin, Relation.MISSING, Optional.ofNullable(state), sync, NOW);
    }
}
