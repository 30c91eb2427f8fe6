package dev.partsmith.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class PartitionMarkerTest {

    private static final QualifiedName EVENTS = new QualifiedName("public", "events");

    private static final QualifiedName JANUARY = new QualifiedName("public", "events__2024_01");

    private static final String BOUNDS = "FOR VALUES FROM ('2024-01-01 00:00:00+00') TO ('2024-02-01 00:00:00+00')";

    @Test
    void formatsAndParsesBack() {
        PartitionMarker marker = PartitionMarker.of("partsmith", PartitionMarker.State.ORPHAN, Instant.parse("2024-05-01T07:00:00Z"), EVENTS,
                JANUARY, BOUNDS);
        assertThat(marker.format()).isEqualTo("partsmith:orphan at=2024-05-01T07:00:00Z parent=\"public\".\"events\""
                + " table=\"public\".\"events__2024_01\" bounds=" + BOUNDS);
        assertThat(PartitionMarker.parse(marker.format())).contains(marker);
    }

    @Test
    void hostileNamesSurviveTheRoundTrip() {
        QualifiedName hostile = new QualifiedName("my \"schema\"", "Event Log'; DROP TABLE x; --\n$$ é");
        QualifiedName child = new QualifiedName("my \"schema\"", "Event Log\" table=\"x\".\"y\" bounds=FOR VALUES");
        PartitionMarker marker = PartitionMarker.of("acme.ops-1", PartitionMarker.State.PENDING_ATTACH, Instant.EPOCH, hostile, child,
                "FOR VALUES FROM ('2024-01-01') TO ('2024-01-02')");
        assertThat(PartitionMarker.parse(marker.format())).contains(marker);
        assertThat(marker.belongsTo("acme.ops-1", hostile)).isTrue();
        assertThat(marker.belongsTo("acme", hostile)).isFalse();
        assertThat(marker.belongsTo("acme.ops-1", new QualifiedName("my \"schema\"", "Event Log"))).isFalse();
        assertThat(marker.boundTo(child)).isTrue();
    }

    @Test
    void aMarkerBindsToTheNameItWasWrittenFor() {
        PartitionMarker marker = PartitionMarker.of("partsmith", PartitionMarker.State.ORPHAN, Instant.EPOCH, EVENTS, JANUARY, BOUNDS);
        assertThat(marker.boundTo(JANUARY)).isTrue();
        assertThat(marker.boundTo(new QualifiedName("public", "keep_me_forever_audit"))).as("renamed").isFalse();
        assertThat(marker.boundTo(new QualifiedName("archive", "events__2024_01"))).as("moved to another schema").isFalse();
    }

    @Test
    void aMarkerWithoutTheTablesNameBindsToNoTable() {
        PartitionMarker old = PartitionMarker.parse("partsmith:orphan at=2024-05-01T07:00:00Z parent=\"public\".\"events\"").orElseThrow();
        assertThat(old.table()).isNull();
        assertThat(old.bounds()).isNull();
        assertThat(old.boundTo(JANUARY)).isFalse();
    }

    @Test
    void theGraceIsMeasuredFromTheMarkersTime() {
        PartitionMarker marker = PartitionMarker.of("partsmith", PartitionMarker.State.ORPHAN, Instant.parse("2024-05-01T07:00:00Z"), EVENTS,
                JANUARY, BOUNDS);
        assertThat(marker.graceElapsed(Duration.ofDays(7), Instant.parse("2024-05-08T06:59:59Z"))).isFalse();
        assertThat(marker.graceElapsed(Duration.ofDays(7), Instant.parse("2024-05-08T07:00:00Z"))).isTrue();
        assertThat(marker.graceEnd(Duration.ofDays(7))).isEqualTo(Instant.parse("2024-05-08T07:00:00Z"));
    }

    @Test
    void anyOtherCommentIsNoMarker() {
        assertThat(PartitionMarker.parse(null)).isEmpty();
        assertThat(PartitionMarker.parse("events of January")).isEmpty();
        assertThat(PartitionMarker.parse("partsmith:orphan at=yesterday parent=\"public\".\"events\"")).isEmpty();
        assertThat(PartitionMarker.parse("partsmith:orphan at=2024-05-01T07:00:00Z parent=public.events")).isEmpty();
        assertThat(PartitionMarker.parse("partsmith:orphan at=2024-05-01T07:00:00Z parent=\"public\".\"events\" table=events__2024_01"))
                .isEmpty();
    }
}
