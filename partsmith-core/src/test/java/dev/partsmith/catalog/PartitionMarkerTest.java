package dev.partsmith.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class PartitionMarkerTest {

    @Test
    void formatsAndParsesBack() {
        PartitionMarker marker = new PartitionMarker("partsmith", PartitionMarker.State.ORPHAN, Instant.parse("2024-05-01T07:00:00Z"),
                new QualifiedName("public", "events"));
        assertThat(marker.format()).isEqualTo("partsmith:orphan at=2024-05-01T07:00:00Z parent=\"public\".\"events\"");
        assertThat(PartitionMarker.parse(marker.format())).contains(marker);
    }

    @Test
    void hostileNamesSurviveTheRoundTrip() {
        QualifiedName hostile = new QualifiedName("my \"schema\"", "Event Log'; DROP TABLE x; --\n$$ é");
        PartitionMarker marker = new PartitionMarker("acme.ops-1", PartitionMarker.State.PENDING_ATTACH, Instant.EPOCH, hostile);
        assertThat(PartitionMarker.parse(marker.format())).contains(marker);
        assertThat(marker.belongsTo("acme.ops-1", hostile)).isTrue();
        assertThat(marker.belongsTo("acme", hostile)).isFalse();
        assertThat(marker.belongsTo("acme.ops-1", new QualifiedName("my \"schema\"", "Event Log"))).isFalse();
    }

    @Test
    void anyOtherCommentIsNoMarker() {
        assertThat(PartitionMarker.parse(null)).isEmpty();
        assertThat(PartitionMarker.parse("events of January")).isEmpty();
        assertThat(PartitionMarker.parse("partsmith:orphan at=yesterday parent=\"public\".\"events\"")).isEmpty();
        assertThat(PartitionMarker.parse("partsmith:orphan at=2024-05-01T07:00:00Z parent=public.events")).isEmpty();
    }
}
