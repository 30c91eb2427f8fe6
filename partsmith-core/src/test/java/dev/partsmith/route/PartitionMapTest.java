package dev.partsmith.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.partsmith.catalog.PartitionBound;
import dev.partsmith.catalog.PartitionBounds;
import dev.partsmith.catalog.PartitionInfo;
import dev.partsmith.catalog.PartitionKeyType;
import dev.partsmith.catalog.PartitionTree;
import dev.partsmith.catalog.Partitions;
import dev.partsmith.catalog.QualifiedName;

class PartitionMapTest {

    private static final QualifiedName EVENTS = new QualifiedName("public", "events");

    @Test
    void aKeyGoesToTheRangeHoldingItLowerBoundIncludedUpperBoundExcluded() {
        PartitionMap map = map(PartitionKeyType.TIMESTAMPTZ, false,
                range("events__2024_03", "2024-03-01T00:00:00Z", "2024-04-01T00:00:00Z"),
                range("events__2024_04", "2024-04-01T00:00:00Z", "2024-05-01T00:00:00Z"));

        assertThat(name(map, RoutingKey.of(Instant.parse("2024-03-01T00:00:00Z")))).contains("events__2024_03");
        assertThat(name(map, RoutingKey.of(Instant.parse("2024-03-31T23:59:59.999999Z")))).contains("events__2024_03");
        assertThat(name(map, RoutingKey.of(Instant.parse("2024-04-01T00:00:00Z")))).contains("events__2024_04");
        assertThat(name(map, RoutingKey.of(OffsetDateTime.parse("2024-04-01T01:00:00+02:00")))).as("23:00 UTC on 31 March").contains("events__2024_03");
        assertThat(name(map, RoutingKey.of(ZonedDateTime.of(2024, 4, 30, 23, 0, 0, 0, ZoneId.of("Europe/Berlin"))))).contains("events__2024_04");
        assertThat(map.resolve(RoutingKey.of(Instant.parse("2024-05-01T00:00:00Z")))).as("no range, no DEFAULT").isEmpty();
        assertThat(map.resolve(RoutingKey.of(Instant.parse("2024-02-29T23:59:59Z")))).isEmpty();
    }

    @Test
    void aKeyNoRangeHoldsGoesToTheDefaultPartitionWhichSaysSo() {
        PartitionMap map = map(PartitionKeyType.TIMESTAMPTZ, true, range("events__2024_03", "2024-03-01T00:00:00Z", "2024-04-01T00:00:00Z"));

        Optional<RoutedPartition> routed = map.resolve(RoutingKey.of(Instant.parse("2025-01-01T00:00:00Z")));
        assertThat(routed).hasValueSatisfying(partition -> {
            assertThat(partition.name()).isEqualTo("events_default");
            assertThat(partition.defaultPartition()).isTrue();
            assertThat(partition.boundExpression()).isEqualTo("DEFAULT");
        });
        assertThat(map.resolve(RoutingKey.of(Instant.parse("2024-03-02T00:00:00Z")))).hasValueSatisfying(partition -> {
            assertThat(partition.name()).isEqualTo("events__2024_03");
            assertThat(partition.defaultPartition()).isFalse();
        });
    }

    @Test
    void minvalueAndMaxvalueLeaveTheirSideOpen() {
        PartitionMap map = new PartitionMap(EVENTS, PartitionKeyType.TIMESTAMPTZ, List.of(
                new RoutedPartition(new QualifiedName("public", "events_old"), "FOR VALUES FROM (MINVALUE) TO ('2024-03-01 00:00:00+00')",
                        PartitionBound.minValue(), bound("2024-03-01T00:00:00Z"), false),
                new RoutedPartition(new QualifiedName("public", "events_new"), "FOR VALUES FROM ('2024-03-01 00:00:00+00') TO (MAXVALUE)",
                        bound("2024-03-01T00:00:00Z"), PartitionBound.maxValue(), false)));

        assertThat(name(map, RoutingKey.of(Instant.parse("0001-01-01T00:00:00Z")))).contains("events_old");
        assertThat(name(map, RoutingKey.of(Instant.parse("2024-02-29T23:59:59Z")))).contains("events_old");
        assertThat(name(map, RoutingKey.of(Instant.parse("2024-03-01T00:00:00Z")))).contains("events_new");
        assertThat(name(map, RoutingKey.of(Instant.parse("9999-12-31T23:59:59Z")))).contains("events_new");
    }

    @Test
    void keysAreRoundedToTheMicrosecondAsPostgresStoresThem() {
        PartitionMap map = map(PartitionKeyType.TIMESTAMPTZ, false,
                range("events__2024_03", "2024-03-01T00:00:00Z", "2024-04-01T00:00:00Z"),
                range("events__2024_04", "2024-04-01T00:00:00Z", "2024-05-01T00:00:00Z"));

        assertThat(name(map, RoutingKey.of(Instant.parse("2024-03-31T23:59:59.9999994Z")))).contains("events__2024_03");
        assertThat(name(map, RoutingKey.of(Instant.parse("2024-03-31T23:59:59.9999995Z")))).contains("events__2024_04");
    }

    @Test
    void aTimestampKeyTakesLocalValuesAndADateKeyTakesDates() {
        PartitionMap timestamp = map(PartitionKeyType.TIMESTAMP, false, range("t__2024_03", "2024-03-01T00:00:00Z", "2024-04-01T00:00:00Z"));
        assertThat(name(timestamp, RoutingKey.of(LocalDateTime.parse("2024-03-31T23:59:59")))).contains("t__2024_03");
        assertThat(name(timestamp, RoutingKey.of(LocalDate.parse("2024-03-01")))).contains("t__2024_03");
        assertThat(timestamp.resolve(RoutingKey.of(LocalDateTime.parse("2024-04-01T00:00:00")))).isEmpty();

        PartitionMap date = map(PartitionKeyType.DATE, false, range("d__2024_03", "2024-03-01T00:00:00Z", "2024-04-01T00:00:00Z"));
        assertThat(name(date, RoutingKey.of(LocalDate.parse("2024-03-31")))).contains("d__2024_03");
        assertThat(name(date, RoutingKey.of(LocalDateTime.parse("2024-03-31T23:59:59")))).as("PostgreSQL keeps the date").contains("d__2024_03");
        assertThat(date.resolve(RoutingKey.of(LocalDate.parse("2024-04-01")))).isEmpty();
    }

    @Test
    void aKeyWhoseMeaningWouldDependOnTheSessionsTimeZoneIsRefusedNamingTheTableAndTheTypes() {
        PartitionMap timestamptz = map(PartitionKeyType.TIMESTAMPTZ, true);
        assertThatThrownBy(() -> timestamptz.resolve(RoutingKey.of(LocalDateTime.parse("2024-03-01T00:00:00"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("public.events is partitioned on a timestamp with time zone key, which a LocalDateTime 2024-03-01T00:00 cannot be"
                        + " placed on: give an Instant, OffsetDateTime or ZonedDateTime (a LocalDateTime has no time zone)");

        PartitionMap timestamp = map(PartitionKeyType.TIMESTAMP, true);
        assertThatThrownBy(() -> timestamp.resolve(RoutingKey.of(Instant.parse("2024-03-01T00:00:00Z"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith("give a LocalDateTime or LocalDate (an instant would be read in the session's time zone)");
    }

    @Test
    void aRoutingKeyOfAnotherTypeIsRefusedWhenMade() {
        assertThatThrownBy(() -> new RoutingKey(42L)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a routing key is an Instant, OffsetDateTime, ZonedDateTime, LocalDateTime or LocalDate, not a java.lang.Long (42)");
    }

    @Test
    void aMapFromACatalogSnapshotLeavesOutPartitionsPendingDetachAndDetachedTables() {
        PartitionInfo current = info("events__2024_03", "2024-03-01T00:00:00Z", "2024-04-01T00:00:00Z", true, false);
        PartitionInfo pending = info("events__2024_02", "2024-02-01T00:00:00Z", "2024-03-01T00:00:00Z", true, true);
        PartitionInfo detached = info("events__2024_01", "2024-01-01T00:00:00Z", "2024-02-01T00:00:00Z", false, false);
        PartitionTree tree = new PartitionTree(Partitions.node(List.of(current, pending), List.of(detached)), "app", true, false,
                Instant.parse("2024-03-15T10:00:00Z"), java.util.Map.of(), java.util.Map.of());

        PartitionMap map = PartitionMap.of(tree);

        assertThat(map.partitions()).extracting(RoutedPartition::name).containsExactly("events__2024_03");
        assertThat(map.resolve(RoutingKey.of(Instant.parse("2024-02-15T00:00:00Z")))).isEmpty();
    }

    private static Optional<String> name(PartitionMap map, RoutingKey key) {
        return map.resolve(key).map(RoutedPartition::name);
    }

    private static PartitionMap map(PartitionKeyType keyType, boolean withDefault, RoutedPartition... ranges) {
        List<RoutedPartition> partitions = new java.util.ArrayList<>(List.of(ranges));
        if (withDefault) {
            partitions.add(new RoutedPartition(new QualifiedName("public", "events_default"), "DEFAULT", null, null, true));
        }
        return new PartitionMap(EVENTS, keyType, partitions);
    }

    private static RoutedPartition range(String name, String from, String to) {
        return new RoutedPartition(new QualifiedName("public", name), "FOR VALUES FROM ('" + from + "') TO ('" + to + "')", bound(from), bound(to),
                false);
    }

    private static PartitionInfo info(String name, String from, String to, boolean attached, boolean detachPending) {
        PartitionBounds.Range range = Partitions.range(from, to);
        return new PartitionInfo(new QualifiedName("public", name), range.forValues(), range, attached, detachPending, 0, 0, null, null);
    }

    private static PartitionBound bound(String instant) {
        return Partitions.bound(instant, null);
    }
}
