package dev.partsmith.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.partsmith.catalog.PartitionBound;
import dev.partsmith.catalog.PartitionKeyType;

class PartitionBoundParserTest {

    @Test
    void timestamptzWithOffsetsAndFractions() {
        List<PartitionBound> bounds = PartitionBoundParser.parseRange(
                "FOR VALUES FROM ('2024-01-01 00:00:00+00') TO ('2024-02-01 00:00:00.25-05:30')", PartitionKeyType.TIMESTAMPTZ);
        assertThat(bounds.get(0).point()).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
        assertThat(bounds.get(0).text()).isEqualTo("2024-01-01 00:00:00+00");
        assertThat(bounds.get(1).point()).isEqualTo(Instant.parse("2024-02-01T05:30:00.25Z"));
    }

    @Test
    void localTypesReadAsUtcPoints() {
        assertThat(PartitionBoundParser.parseRange("FOR VALUES FROM ('2024-01-01') TO ('2024-02-01')", PartitionKeyType.DATE))
                .extracting(PartitionBound::point).containsExactly(Instant.parse("2024-01-01T00:00:00Z"), Instant.parse("2024-02-01T00:00:00Z"));
        assertThat(PartitionBoundParser.parseRange("FOR VALUES FROM ('2024-01-01 06:00:00') TO ('2024-01-01 07:00:00')", PartitionKeyType.TIMESTAMP))
                .extracting(PartitionBound::point).containsExactly(Instant.parse("2024-01-01T06:00:00Z"), Instant.parse("2024-01-01T07:00:00Z"));
    }

    @Test
    void unboundedEnds() {
        List<PartitionBound> bounds = PartitionBoundParser.parseRange("FOR VALUES FROM (MINVALUE) TO (MAXVALUE)", PartitionKeyType.TIMESTAMPTZ);
        assertThat(bounds).extracting(PartitionBound::kind).containsExactly(PartitionBound.Kind.MINVALUE, PartitionBound.Kind.MAXVALUE);
        assertThat(bounds).noneMatch(PartitionBound::finite);
        List<PartitionBound> infinite = PartitionBoundParser.parseRange("FOR VALUES FROM ('-infinity') TO ('infinity')", PartitionKeyType.TIMESTAMP);
        assertThat(infinite).extracting(PartitionBound::point).containsExactly(Instant.MIN, Instant.MAX);
        assertThat(infinite).noneMatch(PartitionBound::finite);
        assertThat(PartitionBoundParser.isDefault("DEFAULT")).isTrue();
    }

    @Test
    void somethingElseIsRefusedWithTheText() {
        assertThatThrownBy(() -> PartitionBoundParser.parseRange("FOR VALUES IN (1, 2)", PartitionKeyType.DATE))
                .hasMessageContaining("not a single-column range bound: FOR VALUES IN (1, 2)");
        assertThatThrownBy(() -> PartitionBoundParser.parseRange("FOR VALUES FROM ('0044-03-15 BC') TO ('2024-01-01')", PartitionKeyType.DATE))
                .hasMessageContaining("unexpected date bound '0044-03-15 BC'");
    }
}
