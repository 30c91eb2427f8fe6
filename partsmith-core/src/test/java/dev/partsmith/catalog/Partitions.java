package dev.partsmith.catalog;

import java.time.Instant;
import java.util.List;

/** Partitions and trees of a {@code timestamptz}-keyed table as the catalog would show them, for unit tests. */
public final class Partitions {

    public static final QualifiedName EVENTS = new QualifiedName("public", "events");

    public static final PartitionKey RANGE_CREATED_AT = new PartitionKey(PartitionKey.Strategy.RANGE,
            List.of(new PartitionKey.Column("created_at", "timestamp with time zone")));

    private Partitions() {
    }

    /** An instant ({@code 2024-03-01T00:00:00Z}) as a bound; MINVALUE for {@code null} lower, MAXVALUE for {@code null} upper, by {@code unbounded}. */
    public static PartitionBound bound(String instant, PartitionBound unbounded) {
        return instant == null ? unbounded : PartitionBound.value(KeyPoint.ofInstant(Instant.parse(instant)), instant);
    }

    /** The range {@code [from, to)} of ISO instants, either {@code null} for unbounded. */
    public static PartitionBounds.Range range(String from, String to) {
        return new PartitionBounds.Range(List.of(bound(from, PartitionBound.minValue())), List.of(bound(to, PartitionBound.maxValue())));
    }

    /** An attached partition of {@code [from, to)}. */
    public static PartitionInfo partition(String name, String from, String to) {
        PartitionBounds.Range range = range(from, to);
        return new PartitionInfo(new QualifiedName("public", name), range.forValues(), range, true, false, 0, 0, null, null);
    }

    /** The DEFAULT partition, holding five rows. */
    public static PartitionInfo defaultPartition() {
        return new PartitionInfo(new QualifiedName("public", "events_default"), "DEFAULT", new PartitionBounds.Default(), true, false, 5, 0, null,
                null);
    }

    /** The parent {@code public.events}, partitioned by range of {@code created_at}. */
    public static PartitionNode node(List<PartitionInfo> partitions, List<PartitionInfo> marked) {
        return new PartitionNode(EVENTS, RANGE_CREATED_AT, partitions, marked);
    }
}
