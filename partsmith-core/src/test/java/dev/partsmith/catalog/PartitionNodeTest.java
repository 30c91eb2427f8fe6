package dev.partsmith.catalog;

import static dev.partsmith.catalog.Partitions.defaultPartition;
import static dev.partsmith.catalog.Partitions.partition;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class PartitionNodeTest {

    private static KeyPoint at(String instant) {
        return KeyPoint.ofInstant(Instant.parse(instant));
    }

    private static PartitionNode node(PartitionInfo... partitions) {
        return Partitions.node(List.of(partitions), List.of());
    }

    @Test
    void coverageRunsFromAPointThroughTouchingPartitionsUpToTheFirstGap() {
        PartitionNode node = node(defaultPartition(),
                partition("events__2024_03", "2024-03-01T00:00:00Z", "2024-04-01T00:00:00Z"),
                partition("events__2024_04", "2024-04-01T00:00:00Z", "2024-05-01T00:00:00Z"),
                partition("events__2024_06", "2024-06-01T00:00:00Z", "2024-07-01T00:00:00Z"));

        assertThat(node.coveredUntil(List.of(), at("2024-03-15T00:00:00Z"))).map(PartitionBound::point).contains(at("2024-05-01T00:00:00Z"));
        assertThat(node.coveredUntil(List.of(), at("2024-05-02T00:00:00Z"))).as("in the gap, DEFAULT does not count").isEmpty();
        assertThat(node.coveredUntil(List.of(), at("2024-06-02T00:00:00Z"))).map(PartitionBound::point).contains(at("2024-07-01T00:00:00Z"));
        assertThat(node.partitionsStartingAtOrAfter(List.of(), at("2024-03-15T00:00:00Z"))).isEqualTo(2);
        assertThat(node.lastUpperBound(List.of())).map(PartitionBound::point).contains(at("2024-07-01T00:00:00Z"));
    }

    @Test
    void anUnboundedPartitionIsCoveredTime() {
        PartitionNode node = node(partition("events_old", null, "2024-01-01T00:00:00Z"), partition("events_rest", "2024-01-01T00:00:00Z", null));
        assertThat(node.coveredUntil(List.of(), at("2020-01-01T00:00:00Z"))).hasValueSatisfying(end -> assertThat(end.finite()).isFalse());
        assertThat(node.lastUpperBound(List.of())).map(PartitionBound::point).contains(at("2024-01-01T00:00:00Z"));
    }

    @Test
    void aPartitionPendingDetachTakesNoRowsAndCoversNothing() {
        PartitionInfo attached = partition("events__2024_03", "2024-03-01T00:00:00Z", "2024-04-01T00:00:00Z");
        PartitionInfo pending = new PartitionInfo(attached.table(), attached.boundExpression(), attached.bounds(), true, true, 0, 0, null, null);
        assertThat(node(pending).coveredUntil(List.of(), at("2024-03-15T00:00:00Z"))).isEmpty();
    }

    @Test
    void aCompositeRangeIsCoveredPerLeadingValue() {
        PartitionKey key = new PartitionKey(PartitionKey.Strategy.RANGE, List.of(new PartitionKey.Column("project_id", "text"),
                new PartitionKey.Column("created_at", "timestamp with time zone")));
        PartitionInfo tenant1 = tenantDay("events__tenant1__2024_03_01", "tenant1", "2024-03-01T00:00:00Z", "2024-03-02T00:00:00Z");
        PartitionInfo tenant2 = tenantDay("events__tenant2__2024_03_01", "tenant2", "2024-03-01T00:00:00Z", "2024-03-02T00:00:00Z");
        PartitionInfo tenant1Next = tenantDay("events__tenant1__2024_03_02", "tenant1", "2024-03-02T00:00:00Z", "2024-03-03T00:00:00Z");
        PartitionNode node = new PartitionNode(Partitions.EVENTS, key, List.of(tenant1Next, tenant2, tenant1), List.of());

        assertThat(node.partitions()).containsExactly(tenant1, tenant1Next, tenant2);
        assertThat(node.coveredUntil(List.of("tenant1"), at("2024-03-01T12:00:00Z"))).map(PartitionBound::point).contains(at("2024-03-03T00:00:00Z"));
        assertThat(node.coveredUntil(List.of("tenant2"), at("2024-03-01T12:00:00Z"))).map(PartitionBound::point).contains(at("2024-03-02T00:00:00Z"));
        assertThat(node.coveredUntil(List.of("tenant3"), at("2024-03-01T12:00:00Z"))).isEmpty();
    }

    private static PartitionInfo tenantDay(String name, String tenant, String from, String to) {
        PartitionBounds.Range range = new PartitionBounds.Range(List.of(PartitionBound.value(null, tenant), Partitions.bound(from, null)),
                List.of(PartitionBound.value(null, tenant), Partitions.bound(to, null)));
        return new PartitionInfo(new QualifiedName("public", name), range.forValues(), range, true, false, 0, 0, null, null);
    }
}
