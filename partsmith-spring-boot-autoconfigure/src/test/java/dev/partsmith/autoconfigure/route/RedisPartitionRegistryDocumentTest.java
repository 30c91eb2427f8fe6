package dev.partsmith.autoconfigure.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.partsmith.autoconfigure.route.RedisPartitionRegistry.MapDocument;
import dev.partsmith.catalog.ByteLayout;
import dev.partsmith.catalog.KeyPoint;
import dev.partsmith.catalog.PartitionBound;
import dev.partsmith.catalog.PartitionBounds;
import dev.partsmith.catalog.PartitionKey;
import dev.partsmith.catalog.QualifiedName;
import dev.partsmith.config.EpochUnit;
import dev.partsmith.route.KeyColumn;
import dev.partsmith.route.PartitionMap;
import dev.partsmith.route.RoutedPartition;
import dev.partsmith.route.RoutingKey;

/**
 * The registry's JSON holds everything a router resolves with: a map read back from it is the map that
 * was written, for every kind of bound, key column and level, and resolves keys alike.
 */
class RedisPartitionRegistryDocumentTest {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void aMapOfEveryShapeReadsBackAsItWasWritten() {
        PartitionMap map = regionsByEpochDayAndHash();

        String written = json.writeValueAsString(MapDocument.of(map));
        PartitionMap read = json.readValue(written, MapDocument.class).map();

        assertThat(read).isEqualTo(map);
        assertThat(written).startsWith("{\"schema\":\"public\",\"table\":\"metrics\",\"encoding\":\"UTF8\",\"littleEndian\":true,\"key\":{\"strategy\":"
                + "\"LIST\",\"columns\":[{\"name\":\"region\",\"type\":\"text\",\"collation\":\"default\",\"deterministic\":true,"
                + "\"defaultOperatorClass\":true}]},\"partitions\":[{\"schema\":\"public\",\"name\":\"metrics__eu\",\"bound\":\"FOR VALUES IN ('eu',"
                + " NULL)\",\"in\":[{\"kind\":\"VALUE\",\"text\":\"eu\"},{\"kind\":\"NULL\"}],\"subpartitions\":{\"key\":{\"strategy\":\"RANGE\","
                + "\"columns\":[{\"name\":\"at\",\"type\":\"bigint\",\"epoch\":\"seconds\",\"defaultOperatorClass\":true}]},\"partitions\":[")
                .contains("\"from\":[{\"kind\":\"MINVALUE\"}],\"to\":[{\"kind\":\"VALUE\",\"text\":\"1710460800\",\"point\":1710460800}]")
                .contains("\"bound\":\"FOR VALUES WITH (modulus 2, remainder 1)\",\"modulus\":2,\"remainder\":1}")
                .endsWith("{\"schema\":\"public\",\"name\":\"metrics_default\",\"bound\":\"DEFAULT\"}]}");
        RoutingKey key = RoutingKey.with("region", null).and("at", Instant.parse("2024-03-15T10:00:00Z")).and("device", "probe-7");
        assertThat(read.resolve(key)).isEqualTo(map.resolve(key)).map(RoutedPartition::name).hasValueSatisfying(name ->
                assertThat(name).startsWith("metrics__eu__2024_03_15__h"));
    }

    /** metrics: LIST (region), each region RANGE (at) of epoch seconds, each day HASH (device); and a DEFAULT. */
    private static PartitionMap regionsByEpochDayAndHash() {
        ByteLayout layout = new ByteLayout("UTF8", true);
        KeyColumn device = new KeyColumn(new PartitionKey.Column("device", "text", "C", true, true), null);
        PartitionMap day = new PartitionMap(table("metrics__eu__2024_03_15"), PartitionKey.Strategy.HASH, List.of(device), layout,
                List.of(routed("metrics__eu__2024_03_15__h0", new PartitionBounds.Hash(2, 0), null),
                        routed("metrics__eu__2024_03_15__h1", new PartitionBounds.Hash(2, 1), null)));
        KeyColumn at = new KeyColumn(new PartitionKey.Column("at", "bigint"), EpochUnit.SECONDS);
        PartitionMap eu = new PartitionMap(table("metrics__eu"), PartitionKey.Strategy.RANGE, List.of(at), layout,
                List.of(routed("metrics__eu__old", new PartitionBounds.Range(List.of(PartitionBound.minValue()), List.of(epoch(1710460800))), null),
                        routed("metrics__eu__2024_03_15", new PartitionBounds.Range(List.of(epoch(1710460800)), List.of(epoch(1710547200))), day),
                        routed("metrics__eu__new", new PartitionBounds.Range(List.of(epoch(1710547200)), List.of(PartitionBound.maxValue())), null)));
        KeyColumn region = new KeyColumn(new PartitionKey.Column("region", "text", "default", true, true), null);
        return new PartitionMap(table("metrics"), PartitionKey.Strategy.LIST, List.of(region), layout,
                List.of(routed("metrics__eu", new PartitionBounds.In(List.of(PartitionBound.value(null, "eu"), PartitionBound.nullValue())), eu),
                        routed("metrics_default", new PartitionBounds.Default(), null)));
    }

    private static PartitionBound epoch(long seconds) {
        return PartitionBound.value(new KeyPoint(seconds), Long.toString(seconds));
    }

    private static RoutedPartition routed(String name, PartitionBounds bounds, PartitionMap subpartitions) {
        return new RoutedPartition(table(name), bounds.forValues(), bounds, subpartitions);
    }

    private static QualifiedName table(String name) {
        return new QualifiedName("public", name);
    }
}
