package dev.partsmith.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

class PartitionTreeTest {

    private static final QualifiedName EVENTS = new QualifiedName("public", "events");

    private static PartitionInfo partition(String name, String from, String to) {
        PartitionBound lower = from == null ? PartitionBound.minValue() : PartitionBound.value(Instant.parse(from), from);
        PartitionBound upper = to == null ? PartitionBound.maxValue() : PartitionBound.value(Instant.parse(to), to);
        return new PartitionInfo(new QualifiedName("public", name), "FOR VALUES ...", lower, upper, true, false, false, 0, 0, null);
    }

    private static PartitionInfo defaultPartition() {
        return new PartitionInfo(new QualifiedName("public", "events_default"), "DEFAULT", null, null, true, false, true, 5, 0, null);
    }

    private static PartitionTree tree(PartitionKeyType keyType, PartitionInfo... partitions) {
        return new PartitionTree(EVENTS, "created_at", keyType, "postgres", true, false, List.of(partitions), List.of());
    }

    @Test
    void runwayRunsFromNowToTheLastFiniteUpperBound() {
        PartitionTree tree = tree(PartitionKeyType.TIMESTAMPTZ, defaultPartition(),
                partition("events__2024_03", "2024-03-01T00:00:00Z", "2024-04-01T00:00:00Z"),
                partition("events__2024_04", "2024-04-01T00:00:00Z", "2024-05-01T00:00:00Z"));

        assertThat(tree.runway(Instant.parse("2024-03-15T00:00:00Z"), ZoneOffset.UTC)).contains(Duration.ofDays(47));
        assertThat(tree.runway(Instant.parse("2024-05-02T00:00:00Z"), ZoneOffset.UTC)).as("negative once passed").contains(Duration.ofDays(-1));
        assertThat(tree.partitionsAhead(Instant.parse("2024-03-15T00:00:00Z"), ZoneOffset.UTC)).isEqualTo(1);
        assertThat(tree.partitionsAhead(Instant.parse("2024-03-01T00:00:00Z"), ZoneOffset.UTC)).as("starting now counts").isEqualTo(2);
    }

    @Test
    void anUnboundedOrEmptyTreeHasNoRunway() {
        assertThat(tree(PartitionKeyType.TIMESTAMPTZ).runway(Instant.EPOCH, ZoneOffset.UTC)).isEmpty();
        assertThat(tree(PartitionKeyType.TIMESTAMPTZ, defaultPartition(), partition("events_all", null, null)).runway(Instant.EPOCH, ZoneOffset.UTC))
                .isEmpty();
    }

    @Test
    void aKeyWithoutZoneMeasuresFromTheWallClockOfTheTablesZone() {
        // timestamp keys hold wall-clock values: 2024-04-01 00:00 local, read on the axis as if UTC
        PartitionTree tree = tree(PartitionKeyType.TIMESTAMP, partition("events__2024_03", "2024-03-01T00:00:00Z", "2024-04-01T00:00:00Z"));
        Instant now = Instant.parse("2024-03-31T20:00:00Z"); // 23:00 in Moscow (UTC+3)
        assertThat(tree.runway(now, ZoneId.of("Europe/Moscow"))).contains(Duration.ofHours(1));
        assertThat(tree.runway(now, ZoneOffset.UTC)).contains(Duration.ofHours(4));
    }
}
