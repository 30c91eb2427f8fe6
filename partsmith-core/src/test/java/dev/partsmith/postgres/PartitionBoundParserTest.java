package dev.partsmith.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.partsmith.catalog.KeyPoint;
import dev.partsmith.catalog.PartitionBound;
import dev.partsmith.catalog.PartitionBounds;
import dev.partsmith.catalog.PartitionKey;

class PartitionBoundParserTest {

    private static PartitionKey key(PartitionKey.Strategy strategy, String... typesByColumn) {
        List<PartitionKey.Column> columns = new java.util.ArrayList<>();
        for (int i = 0; i < typesByColumn.length; i++) {
            columns.add(new PartitionKey.Column("c" + i, typesByColumn[i]));
        }
        return new PartitionKey(strategy, columns);
    }

    private static List<PartitionBound> range(String expression, String type) {
        PartitionBounds.Range range = (PartitionBounds.Range) PartitionBoundParser.parse(expression, key(PartitionKey.Strategy.RANGE, type));
        return List.of(range.lower(), range.upper());
    }

    private static KeyPoint at(String instant) {
        return KeyPoint.ofInstant(Instant.parse(instant));
    }

    @Test
    void timestamptzWithOffsetsAndFractions() {
        List<PartitionBound> bounds = range("FOR VALUES FROM ('2024-01-01 00:00:00+00') TO ('2024-02-01 00:00:00.25-05:30')", "timestamp with time zone");
        assertThat(bounds.get(0).point()).isEqualTo(at("2024-01-01T00:00:00Z"));
        assertThat(bounds.get(0).text()).isEqualTo("2024-01-01 00:00:00+00");
        assertThat(bounds.get(1).point()).isEqualTo(at("2024-02-01T05:30:00.25Z"));
    }

    @Test
    void localTypesReadAsUtcPoints() {
        assertThat(range("FOR VALUES FROM ('2024-01-01') TO ('2024-02-01')", "date")).extracting(PartitionBound::point)
                .containsExactly(at("2024-01-01T00:00:00Z"), at("2024-02-01T00:00:00Z"));
        assertThat(range("FOR VALUES FROM ('2024-01-01 06:00:00') TO ('2024-01-01 07:00:00')", "timestamp without time zone"))
                .extracting(PartitionBound::point).containsExactly(at("2024-01-01T06:00:00Z"), at("2024-01-01T07:00:00Z"));
    }

    @Test
    void unboundedEnds() {
        List<PartitionBound> bounds = range("FOR VALUES FROM (MINVALUE) TO (MAXVALUE)", "timestamp with time zone");
        assertThat(bounds).extracting(PartitionBound::kind).containsExactly(PartitionBound.Kind.MINVALUE, PartitionBound.Kind.MAXVALUE);
        assertThat(bounds).noneMatch(PartitionBound::finite);
        List<PartitionBound> infinite = range("FOR VALUES FROM ('-infinity') TO ('infinity')", "timestamp without time zone");
        assertThat(infinite).extracting(PartitionBound::point).containsExactly(KeyPoint.MIN, KeyPoint.MAX);
        assertThat(infinite).noneMatch(PartitionBound::finite);
        assertThat(PartitionBoundParser.parse("DEFAULT", key(PartitionKey.Strategy.RANGE, "date"))).isInstanceOf(PartitionBounds.Default.class);
    }

    @Test
    void integerRangesListsHashesAndCompositeKeys() {
        assertThat(range("FOR VALUES FROM (0) TO (1000000)", "bigint")).extracting(PartitionBound::point)
                .containsExactly(new KeyPoint(0), new KeyPoint(1_000_000));
        assertThat(range("FOR VALUES FROM ('-5') TO ('5')", "integer")).extracting(PartitionBound::point)
                .containsExactly(new KeyPoint(-5), new KeyPoint(5));
        PartitionBounds.In in = (PartitionBounds.In) PartitionBoundParser.parse("FOR VALUES IN ('eu', 'o''brien; x', NULL)",
                key(PartitionKey.Strategy.LIST, "text"));
        assertThat(in.texts()).containsExactly("eu", "o'brien; x", null);
        assertThat(PartitionBoundParser.parse("FOR VALUES WITH (modulus 8, remainder 3)", key(PartitionKey.Strategy.HASH, "bigint")))
                .isEqualTo(new PartitionBounds.Hash(8, 3));
        PartitionBounds.Range composite = (PartitionBounds.Range) PartitionBoundParser.parse(
                "FOR VALUES FROM ('tenant1', '2026-12-01 00:00:00+00') TO ('tenant1', '2026-12-02 00:00:00+00')",
                key(PartitionKey.Strategy.RANGE, "character varying", "timestamp with time zone"));
        assertThat(composite.prefix()).containsExactly("tenant1");
        assertThat(composite.lower().point()).isEqualTo(at("2026-12-01T00:00:00Z"));
        assertThat(PartitionBoundParser.parse(composite.forValues(), key(PartitionKey.Strategy.RANGE, "character varying",
                "timestamp with time zone"))).as("what partsmith writes reads back").isEqualTo(composite);
    }

    @Test
    void somethingElseIsRefusedWithTheText() {
        assertThatThrownBy(() -> PartitionBoundParser.parse("FOR VALUES FROM ('2024-01-01', '2024-01-02') TO ('2024-02-01', '2024-02-02')", key(PartitionKey.Strategy.RANGE, "date")))
                .hasMessageContaining("more values than the key's 1 columns");
        assertThatThrownBy(() -> range("FOR VALUES FROM ('0044-03-15 BC') TO ('2024-01-01')", "date"))
                .hasMessageContaining("unexpected date bound '0044-03-15 BC'");
    }
}
