package dev.partsmith.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.partsmith.catalog.ByteLayout;
import dev.partsmith.catalog.KeyPoint;
import dev.partsmith.catalog.PartitionBound;
import dev.partsmith.catalog.PartitionBounds;
import dev.partsmith.catalog.PartitionInfo;
import dev.partsmith.catalog.PartitionKey;
import dev.partsmith.catalog.PartitionKeyType;
import dev.partsmith.catalog.PartitionNode;
import dev.partsmith.catalog.Partitions;
import dev.partsmith.catalog.PartitionMarker;
import dev.partsmith.catalog.PartitionTree;
import dev.partsmith.catalog.QualifiedName;
import dev.partsmith.config.PartitionAdoption;
import dev.partsmith.config.PartitionGranularity;
import dev.partsmith.config.TablePartitionConfig;

class MaintenancePlannerTest {

    private static final QualifiedName EVENTS = new QualifiedName("public", "events");
    private static final Instant NOW = Instant.parse("2024-03-15T10:00:00Z");

    private final List<PartitionInfo> partitions = new ArrayList<>();
    private final List<PartitionInfo> marked = new ArrayList<>();

    /** A monthly table; some tests plan at other instants than the database's time in {@link #tree()}, as if the clock were moved. */
    private static TablePartitionConfig.Builder monthly() {
        return TablePartitionConfig.builder().tableName("events").partitionColumn("created_at").granularity(PartitionGranularity.MONTH)
                .maxClockSkew(Duration.ofDays(36500));
    }

    private PartitionTree tree() {
        return tree(PartitionKeyType.TIMESTAMPTZ);
    }

    private PartitionTree tree(PartitionKeyType keyType) {
        return tree(keyType, "app", true);
    }

    private PartitionTree tree(PartitionKeyType keyType, String owner, boolean mayManage) {
        PartitionKey key = new PartitionKey(PartitionKey.Strategy.RANGE, List.of(new PartitionKey.Column("created_at", keyType.sqlName())));
        return new PartitionTree(new PartitionNode(EVENTS, key, partitions, marked), owner, mayManage, false, NOW, Map.of(), Map.of(),
                new ByteLayout("UTF8", true));
    }

    /** An attached partition of {@code [from, to)}: ISO instants, or MINVALUE and MAXVALUE. */
    private void partition(String name, String from, String to) {
        partitions.add(Partitions.partition(name, "MINVALUE".equals(from) ? null : from, "MAXVALUE".equals(to) ? null : to));
    }

    private static PartitionBound lower(CreatePartition create) {
        return ((PartitionBounds.Range) create.bounds()).lower();
    }

    private static PartitionBound upper(CreatePartition create) {
        return ((PartitionBounds.Range) create.bounds()).upper();
    }

    private static KeyPoint at(String instant) {
        return KeyPoint.ofInstant(Instant.parse(instant));
    }

    private static List<String> describe(MaintenancePlan plan) {
        return plan.operations().stream().map(PartitionOperation::describe).toList();
    }

    @Test
    void freshTableGetsCurrentAndAheadWithExactBounds() {
        MaintenancePlan plan = MaintenancePlanner.plan(monthly().build(), NOW, tree());
        assertThat(describe(plan)).containsExactly(
                "create public.events__2024_03 for [2024-03-01 00:00:00+00:00, 2024-04-01 00:00:00+00:00)",
                "create public.events__2024_04 for [2024-04-01 00:00:00+00:00, 2024-05-01 00:00:00+00:00)",
                "create public.events__2024_05 for [2024-05-01 00:00:00+00:00, 2024-06-01 00:00:00+00:00)");
        assertThat(plan.issues()).isEmpty();
        assertThat(plan.currentPeriod().label()).isEqualTo("2024_03");
        assertThat(plan.retainFrom()).isNull();
    }

    @Test
    void upToDateTableNeedsNothing() {
        partition("events__2024_03", "2024-03-01T00:00:00Z", "2024-04-01T00:00:00Z");
        partition("events__2024_04", "2024-04-01T00:00:00Z", "2024-05-01T00:00:00Z");
        partition("events__2024_05", "2024-05-01T00:00:00Z", "2024-06-01T00:00:00Z");
        assertThat(MaintenancePlanner.plan(monthly().build(), NOW, tree()).isEmpty()).isTrue();
    }

    @Test
    void presentIsDecidedByBoundsNotNames() {
        partition("legacy_march", "2024-03-01T00:00:00Z", "2024-04-01T00:00:00Z");
        MaintenancePlan plan = MaintenancePlanner.plan(monthly().createAheadCount(1).build(), NOW, tree());
        assertThat(plan.isEmpty()).isTrue();
    }

    @Test
    void aPeriodCoveredOnlyInPartIsAnErrorAndLeftAlone() {
        partition("events_q1", "2024-01-01T00:00:00Z", "2024-03-20T00:00:00Z");
        MaintenancePlan plan = MaintenancePlanner.plan(monthly().createAheadCount(2).build(), NOW, tree());
        assertThat(describe(plan)).containsExactly("create public.events__2024_04 for [2024-04-01 00:00:00+00:00, 2024-05-01 00:00:00+00:00)");
        assertThat(plan.issues()).singleElement().satisfies(issue -> {
            assertThat(issue.severity()).isEqualTo(MaintenanceIssue.Severity.ERROR);
            assertThat(issue.partition()).isEqualTo("public.events_q1");
            assertThat(issue.message()).contains("wanted period 2024_03").contains("is covered only in part, by public.events_q1")
                    .contains("rows for the rest of it have no partition");
        });
        assertThat(plan.notManaged()).singleElement().satisfies(other -> assertThat(other.partition().name()).isEqualTo("events_q1"));
    }

    @Test
    void aPeriodCoveredWhollyByOtherPartitionsNeedsNothing() {
        partition("events_march_a", "2024-03-01T00:00:00Z", "2024-03-16T00:00:00Z");
        partition("events_march_b", "2024-03-16T00:00:00Z", "2024-04-01T00:00:00Z");
        MaintenancePlan plan = MaintenancePlanner.plan(monthly().createAheadCount(1).build(), NOW, tree());
        assertThat(plan.operations()).isEmpty();
        assertThat(plan.issues()).isEmpty();
    }

    @Test
    void expiryComparesTheUpperBoundWithTheOldestKeptPeriod() {
        // retention 3 on 2024-03-15 keeps January, February and March.
        partition("events__2023_12", "2023-12-01T00:00:00Z", "2024-01-01T00:00:00Z");
        partition("wide", "2023-12-15T00:00:00Z", "2024-01-15T00:00:00Z");
        partition("events__2024_01", "2024-01-01T00:00:00Z", "2024-02-01T00:00:00Z");
        partition("old_catch_all", "MINVALUE", "2023-11-01T00:00:00Z");
        partition("future_catch_all", "2030-01-01T00:00:00Z", "MAXVALUE");
        MaintenancePlan plan = MaintenancePlanner.plan(monthly().createAheadCount(1).retentionCount(3).dropGrace(Duration.ofDays(1))
                .adoption(PartitionAdoption.BOUNDS).build(), NOW, tree());
        assertThat(plan.retainFrom().toInstant()).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
        assertThat(plan.operations(DetachPartition.class)).extracting(op -> op.partition().name())
                .containsExactly("old_catch_all", "events__2023_12");
        assertThat(plan.operations(DetachPartition.class)).allMatch(DetachPartition::concurrently);
        assertThat(plan.operations(DropPartition.class)).isEmpty();
    }

    @Test
    void withoutGraceTheDetachedPartitionIsDroppedInTheSameRun() {
        partition("events__2023_12", "2023-12-01T00:00:00Z", "2024-01-01T00:00:00Z");
        partitions.add(Partitions.defaultPartition());
        MaintenancePlan plan = MaintenancePlanner.plan(monthly().createAheadCount(1).retentionCount(3).build(), NOW, tree());
        assertThat(describe(plan)).containsExactly(
                "create public.events__2024_03 for [2024-03-01 00:00:00+00:00, 2024-04-01 00:00:00+00:00)",
                "create public.events__2024_02 for [2024-02-01 00:00:00+00:00, 2024-03-01 00:00:00+00:00)",
                "create public.events__2024_01 for [2024-01-01 00:00:00+00:00, 2024-02-01 00:00:00+00:00)",
                "detach public.events__2023_12 FOR VALUES FROM ('2023-12-01T00:00:00Z') TO ('2024-01-01T00:00:00Z')",
                "drop public.events__2023_12 (detached by this run, no grace)");
        assertThat(plan.operations(DetachPartition.class).get(0).concurrently()).as("a DEFAULT partition rules out CONCURRENTLY").isFalse();
    }

    @Test
    void orphansAreDroppedOnlyOnceTheirGraceHasElapsed() {
        marked.add(orphan("events__2023_10", NOW.minus(Duration.ofDays(7))));
        marked.add(orphan("events__2023_11", NOW.minus(Duration.ofDays(6))));
        MaintenancePlan plan = MaintenancePlanner.plan(monthly().createAheadCount(1).retentionCount(3).dropGrace(Duration.ofDays(7)).build(),
                NOW, tree());
        assertThat(plan.operations(DropPartition.class)).extracting(op -> op.partition().name()).containsExactly("events__2023_10");
    }

    @Test
    void pendingDetachIsFinalizedBeforeAnyOtherDetach() {
        QualifiedName november = new QualifiedName("public", "events__2023_11");
        String bounds = "FOR VALUES FROM ('2023-11-01T00:00:00Z') TO ('2023-12-01T00:00:00Z')";
        partitions.add(new PartitionInfo(november, bounds, Partitions.range("2023-11-01T00:00:00Z", "2023-12-01T00:00:00Z"), true, true, 0, 0,
                PartitionMarker.of("partsmith", PartitionMarker.State.ORPHAN, NOW, EVENTS, november, bounds), null));
        partition("events__2023_12", "2023-12-01T00:00:00Z", "2024-01-01T00:00:00Z");
        partition("events__2024_03", "2024-03-01T00:00:00Z", "2024-04-01T00:00:00Z");
        MaintenancePlan plan = MaintenancePlanner.plan(monthly().createAheadCount(1).retentionCount(3).dropGrace(Duration.ofDays(1)).build(),
                NOW, tree());
        assertThat(describe(plan)).containsExactly("finalize pending detach of public.events__2023_11",
                "detach public.events__2023_12 FOR VALUES FROM ('2023-12-01T00:00:00Z') TO ('2024-01-01T00:00:00Z') concurrently");
    }

    @Test
    void aDetachPendingThatPartsmithDidNotStartIsLeftAlone() {
        partitions.add(new PartitionInfo(new QualifiedName("public", "events__2023_11"), "FOR VALUES ...",
                Partitions.range("2023-11-01T00:00:00Z", "2023-12-01T00:00:00Z"), true, true, 0, 0, null, null));
        partition("events__2024_03", "2024-03-01T00:00:00Z", "2024-04-01T00:00:00Z");
        MaintenancePlan plan = MaintenancePlanner.plan(monthly().createAheadCount(1).retentionCount(3).build(), NOW, tree());
        assertThat(plan.operations()).isEmpty();
        assertThat(plan.notManaged()).singleElement().satisfies(other -> assertThat(other.reason()).contains("started outside partsmith"));
    }

    @Test
    void aTableCreatedButNeverAttachedIsAdoptedOrDroppedWhenUnwanted() {
        marked.add(marked("events__2024_04", PartitionMarker.State.PENDING_ATTACH, NOW, "2024-04-01T00:00:00Z", "2024-05-01T00:00:00Z"));
        marked.add(marked("events__2023_01", PartitionMarker.State.PENDING_ATTACH, NOW, "2023-01-01T00:00:00Z", "2023-02-01T00:00:00Z"));
        partition("events__2024_03", "2024-03-01T00:00:00Z", "2024-04-01T00:00:00Z");
        MaintenancePlan plan = MaintenancePlanner.plan(monthly().createAheadCount(2).build(), NOW, tree());
        assertThat(describe(plan)).containsExactly(
                "attach existing public.events__2024_04 for [2024-04-01 00:00:00+00:00, 2024-05-01 00:00:00+00:00)",
                "drop public.events__2023_01 (created, never attached, no longer wanted)");
    }

    @Test
    void periodsMissedSinceTheNewestPartitionAreFilledWithinRetention() {
        partition("events__2023_10", "2023-10-01T00:00:00Z", "2023-11-01T00:00:00Z");
        MaintenancePlan plan = MaintenancePlanner.plan(monthly().createAheadCount(1).retentionCount(4).dropGrace(Duration.ofDays(1)).build(),
                NOW, tree());
        // Keeps December..March: November is already past retention, October expires.
        assertThat(plan.operations(CreatePartition.class)).extracting(op -> op.partition().name())
                .containsExactly("events__2024_03", "events__2024_02", "events__2024_01", "events__2023_12");
        assertThat(plan.operations(DetachPartition.class)).extracting(op -> op.partition().name()).containsExactly("events__2023_10");
    }

    @Test
    void boundsFollowTheTablesZoneWithExplicitOffsets() {
        TablePartitionConfig moscow = monthly().timezone(ZoneId.of("Europe/Moscow")).createAheadCount(1).build();
        CreatePartition create = MaintenancePlanner.plan(moscow, Instant.parse("2024-02-29T21:30:00Z"), tree()).operations(CreatePartition.class).get(0);
        assertThat(create.partition().name()).isEqualTo("events__2024_03");
        assertThat(lower(create).text()).isEqualTo("2024-03-01 00:00:00+03:00");
        assertThat(lower(create).point()).isEqualTo(at("2024-02-29T21:00:00Z"));
    }

    @Test
    void daylightSavingShiftsTheOffsetNotTheMidnight() {
        TablePartitionConfig berlin = monthly().granularity(PartitionGranularity.DAY).timezone(ZoneId.of("Europe/Berlin")).createAheadCount(2).build();
        List<CreatePartition> creates = MaintenancePlanner.plan(berlin, Instant.parse("2024-03-31T10:00:00Z"), tree()).operations(CreatePartition.class);
        assertThat(lower(creates.get(0)).text()).isEqualTo("2024-03-31 00:00:00+01:00");
        assertThat(upper(creates.get(0)).text()).isEqualTo("2024-04-01 00:00:00+02:00");
    }

    @Test
    void timestampAndDateKeysGetLocalLiterals() {
        TablePartitionConfig daily = monthly().granularity(PartitionGranularity.DAY).timezone(ZoneId.of("Asia/Tokyo")).createAheadCount(1).build();
        Instant lateUtc = Instant.parse("2024-03-15T20:00:00Z"); // already the 16th in Tokyo
        assertThat(MaintenancePlanner.plan(daily, lateUtc, tree(PartitionKeyType.TIMESTAMP)).operations(CreatePartition.class).get(0))
                .satisfies(create -> assertThat(lower(create).text() + " " + upper(create).text()).isEqualTo("2024-03-16 00:00:00 2024-03-17 00:00:00"));
        assertThat(MaintenancePlanner.plan(daily, lateUtc, tree(PartitionKeyType.DATE)).operations(CreatePartition.class).get(0))
                .satisfies(create -> assertThat(lower(create).text() + " " + upper(create).text()).isEqualTo("2024-03-16 2024-03-17"));
    }

    @Test
    void hourlyPeriodsCannotPartitionADateKey() {
        MaintenancePlan plan = MaintenancePlanner.plan(monthly().granularity(PartitionGranularity.HOUR).build(), NOW, tree(PartitionKeyType.DATE));
        assertThat(plan.operations()).isEmpty();
        assertThat(plan.issues()).singleElement().satisfies(issue -> {
            assertThat(issue.isError()).isTrue();
            assertThat(issue.message()).contains("which a date key cannot express");
        });
    }

    @Test
    void aRoleThatCannotManageTheTableGetsNoOperations() {
        PartitionTree foreign = tree(PartitionKeyType.TIMESTAMPTZ, "owner_role", false);
        MaintenancePlan plan = MaintenancePlanner.plan(monthly().build(), NOW, foreign);
        assertThat(plan.operations()).isEmpty();
        assertThat(plan.issues()).singleElement().satisfies(issue -> assertThat(issue.message())
                .contains("neither owns public.events nor is a member of its owner role 'owner_role'"));
    }

    @Test
    void theSkippedHourOfDaylightSavingIsNotAPartition() {
        TablePartitionConfig hourly = monthly().granularity(PartitionGranularity.HOUR).timezone(ZoneId.of("America/Los_Angeles"))
                .createAheadCount(3).build();
        // 2024-03-10 01:30 PST; 02:00-03:00 local does not exist that night.
        List<CreatePartition> creates = MaintenancePlanner.plan(hourly, Instant.parse("2024-03-10T09:30:00Z"), tree()).operations(CreatePartition.class);
        assertThat(creates).extracting(op -> op.partition().name()).containsExactly("events__2024_03_10_01", "events__2024_03_10_03");
        assertThat(upper(creates.get(0)).point()).isEqualTo(lower(creates.get(1)).point());
    }

    /** An orphan of a monthly partition named events__YYYY_MM, detached at {@code at}. */
    private static PartitionInfo orphan(String name, Instant at) {
        java.time.YearMonth month = java.time.YearMonth.parse(name.substring("events__".length()).replace('_', '-'));
        return marked(name, PartitionMarker.State.ORPHAN, at, month.atDay(1) + "T00:00:00Z", month.plusMonths(1).atDay(1) + "T00:00:00Z");
    }

    /** A detached table carrying partsmith's marker, written for its name, recording the range [from, to). */
    private static PartitionInfo marked(String name, PartitionMarker.State state, Instant at, String from, String to) {
        QualifiedName table = new QualifiedName("public", name);
        String bounds = "FOR VALUES FROM ('" + from + "') TO ('" + to + "')";
        return new PartitionInfo(table, bounds, Partitions.range(from, to), false, false, 0, 0,
                PartitionMarker.of("partsmith", state, at, EVENTS, table, bounds), null);
    }
}
