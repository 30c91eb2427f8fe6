package dev.partsmith.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class PartitionTreeTest {

    private static final QualifiedName EVENTS = new QualifiedName("public", "events");

    static PartitionInfo partition(String name, String from, String to) {
        PartitionBound lower = from == null ? PartitionBound.minValue() : PartitionBound.value(Instant.parse(from), from);
        PartitionBound upper = to == null ? PartitionBound.maxValue() : PartitionBound.value(Instant.parse(to), to);
        return new PartitionInfo(new QualifiedName("public", name), "FOR VALUES ...", lower, upper, true, false, false, 0, 0, null);
    }

    static PartitionInfo defaultPartition() {
        return new PartitionInfo(new QualifiedName("public", "events_default"), "DEFAULT", null, null, true, false, true, 5, 0, null);
    }

    static PartitionTree tree(PartitionKeyType keyType, PartitionInfo... partitions) {
        return new PartitionTree(EVENTS, "created_at", keyType, "postgres", true, false, Instant.EPOCH, List.of(partitions), List.of());
    }

    @Test
    void coverageRunsFromAPointThroughTouchingPartitionsUpToTheFirstGap() {
        PartitionTree tree = tree(PartitionKeyType.TIMESTAMPTZ, defaultPartition(),
                partition("events__2024_03", "2024-03-01T00:00:00Z", "2024-04-01T00:00:00Z"),
                partition("events__2024_04", "2024-04-01T00:00:00Z", "2024-05-01T00:00:00Z"),
                partition("events__2024_06", "2024-06-01T00:00:00Z", "2024-07-01T00:00:00Z"));

        assertThat(tree.coveredUntil(Instant.parse("2024-03-15T00:00:00Z"))).map(PartitionBound::point)
                .contains(Instant.parse("2024-05-01T00:00:00Z"));
        assertThat(tree.coveredUntil(Instant.parse("2024-05-02T00:00:00Z"))).as("in the gap, DEFAULT does not count").isEmpty();
        assertThat(tree.coveredUntil(Instant.parse("2024-06-02T00:00:00Z"))).map(PartitionBound::point)
                .contains(Instant.parse("2024-07-01T00:00:00Z"));
        assertThat(tree.partitionsStartingAtOrAfter(Instant.parse("2024-03-15T00:00:00Z"))).isEqualTo(2);
        assertThat(tree.lastUpperBound()).map(PartitionBound::point).contains(Instant.parse("2024-07-01T00:00:00Z"));
    }

    @Test
    void anUnboundedPartitionIsCoveredTime() {
        PartitionTree tree = tree(PartitionKeyType.TIMESTAMPTZ, partition("events_old", null, "2024-01-01T00:00:00Z"),
                partition("events_rest", "2024-01-01T00:00:00Z", null));
        assertThat(tree.coveredUntil(Instant.parse("2020-01-01T00:00:00Z"))).hasValueSatisfying(end -> assertThat(end.finite()).isFalse());
        assertThat(tree.lastUpperBound()).map(PartitionBound::point).contains(Instant.parse("2024-01-01T00:00:00Z"));
    }

    @Test
    void aPartitionPendingDetachTakesNoRowsAndCoversNothing() {
        PartitionInfo pending = new PartitionInfo(new QualifiedName("public", "events__2024_03"), "FOR VALUES ...",
                PartitionBound.value(Instant.parse("2024-03-01T00:00:00Z"), "a"), PartitionBound.value(Instant.parse("2024-04-01T00:00:00Z"), "b"),
                true, true, false, 0, 0, null);
        assertThat(tree(PartitionKeyType.TIMESTAMPTZ, pending).coveredUntil(Instant.parse("2024-03-15T00:00:00Z"))).isEmpty();
    }
}
