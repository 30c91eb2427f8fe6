package dev.partsmith.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.threeten.extra.MutableClock;

import dev.partsmith.UnmanagedPartitionDropException;
import dev.partsmith.catalog.QualifiedName;
import dev.partsmith.config.PartitionAdoption;
import dev.partsmith.config.PartitionGranularity;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.lifecycle.MaintenanceResult;
import dev.partsmith.lifecycle.PartitionMaintainer;
import dev.partsmith.plan.MaintenancePlan;
import dev.partsmith.plan.NotManagedPartition;
import dev.partsmith.postgres.PostgresMetadataProvider;
import dev.partsmith.postgres.PostgresPartitionRepository;
import dev.partsmith.status.TableStatus;
import dev.partsmith.test.TestCatalog;
import dev.partsmith.test.TestDatabase;

/**
 * What partsmith may retire: partitions on its grid, or every partition by its bounds when the table
 * adopts them; a renamed orphan is kept; a failed detach leaves no marker behind.
 */
class OwnershipIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private final MutableClock clock = MutableClock.of(Instant.parse("2024-03-15T10:00:00Z"), ZoneOffset.UTC);
    private TestCatalog catalog;
    private PartitionMaintainer maintainer;

    @BeforeEach
    void createParent() {
        catalog = new TestCatalog(db.dataSource());
        catalog.exec("DROP TABLE IF EXISTS refs", "DROP TABLE IF EXISTS events", "DROP TABLE IF EXISTS keep_me_forever_audit, events__2024_01",
                "CREATE TABLE events (id bigint NOT NULL, created_at timestamptz NOT NULL, PRIMARY KEY (id, created_at))"
                        + " PARTITION BY RANGE (created_at)");
        maintainer = Maintenance.maintainer(db.dataSource(), clock);
    }

    private static TablePartitionConfig.Builder monthly() {
        return TablePartitionConfig.builder().maxClockSkew(Maintenance.MOVED_CLOCK).tableName("events").partitionColumn("created_at")
                .granularity(PartitionGranularity.MONTH).createAheadCount(1);
    }

    @Test
    void aHandMadeArchivePartitionOffTheGridIsListedAndLeftAlone() {
        catalog.exec("CREATE TABLE events_archive PARTITION OF events FOR VALUES FROM ('2000-01-01') TO ('2020-01-01')",
                "CREATE TABLE legacy_january PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2024-02-01')",
                "INSERT INTO events SELECT g, '2010-06-01' FROM generate_series(1, 10) g");
        TablePartitionConfig config = monthly().retentionCount(1).build();

        MaintenancePlan plan = maintainer.plan(config);
        MaintenanceResult result = maintainer.runMaintenance(config);

        assertThat(result.detachedCount()).isZero();
        assertThat(result.droppedCount()).isZero();
        assertThat(catalog.isPartition("public", "events_archive")).isTrue();
        assertThat(catalog.isPartition("public", "legacy_january")).isTrue();
        assertThat(catalog.count("events_archive")).isEqualTo(10);
        assertThat(plan.notManaged()).extracting(other -> other.partition().name()).containsExactly("events_archive", "legacy_january");
        assertThat(plan.notManaged()).extracting(NotManagedPartition::reason).satisfiesExactly(
                reason -> assertThat(reason).contains("is not one month period in Z").contains("adopt: bounds"),
                reason -> assertThat(reason).contains("which partsmith names events__2024_01, not legacy_january"));
        TableStatus status = TableStatus.of(config, new PostgresMetadataProvider(db.dataSource()).readTree(config), clock.instant(), result);
        assertThat(status.notManaged()).extracting(other -> other.partition().name()).containsExactly("events_archive", "legacy_january");
    }

    @Test
    void adoptBoundsHandsPartsmithEveryPartitionJudgedByItsUpperBound() {
        catalog.exec("CREATE TABLE events_archive PARTITION OF events FOR VALUES FROM ('2000-01-01') TO ('2020-01-01')",
                "INSERT INTO events SELECT g, '2010-06-01' FROM generate_series(1, 10) g");

        MaintenanceResult result = maintainer.runMaintenance(monthly().retentionCount(1).adoption(PartitionAdoption.BOUNDS).build());

        assertThat(result.detachedCount()).isEqualTo(1);
        assertThat(result.droppedCount()).isEqualTo(1);
        assertThat(catalog.exists("public", "events_archive")).isFalse();
    }

    @Test
    void aRenamedOrphanIsKeptAndNeverDropped() {
        clock.setInstant(Instant.parse("2024-01-15T10:00:00Z"));
        maintainer.runMaintenance(monthly().createAheadCount(2).build());
        catalog.exec("INSERT INTO events VALUES (1, '2024-01-10')");
        clock.setInstant(Instant.parse("2024-03-15T10:00:00Z"));
        TablePartitionConfig config = monthly().retentionCount(2).dropGrace(Duration.ofDays(7)).build();
        assertThat(maintainer.runMaintenance(config).detachedCount()).isEqualTo(1);
        catalog.exec("ALTER TABLE events__2024_01 RENAME TO keep_me_forever_audit");

        clock.add(Duration.ofDays(8));
        MaintenancePlan plan = maintainer.plan(config);
        MaintenanceResult result = maintainer.runMaintenance(config);

        assertThat(result.droppedCount()).isZero();
        assertThat(catalog.count("keep_me_forever_audit")).isEqualTo(1);
        assertThat(plan.notManaged()).singleElement().satisfies(kept -> {
            assertThat(kept.partition().name()).isEqualTo("keep_me_forever_audit");
            assertThat(kept.reason()).isEqualTo("it was renamed since partsmith marked it as public.events__2024_01; it is kept and never dropped");
        });
        assertThatThrownBy(() -> new PostgresPartitionRepository(db.dataSource()).dropPartition(config, config.qualifiedName(),
                new QualifiedName("public", "keep_me_forever_audit"), clock.instant(), false))
                .isInstanceOf(UnmanagedPartitionDropException.class).hasMessageContaining("a renamed table is kept");
        assertThat(catalog.exists("public", "keep_me_forever_audit")).isTrue();
    }

    @Test
    void aDetachRefusedByAForeignKeyLeavesNoMarkerBehind() {
        clock.setInstant(Instant.parse("2024-01-15T10:00:00Z"));
        maintainer.runMaintenance(monthly().createAheadCount(2).build());
        catalog.exec("INSERT INTO events VALUES (1, '2024-01-10')",
                "CREATE TABLE refs (event_id bigint, event_at timestamptz, FOREIGN KEY (event_id, event_at) REFERENCES events (id, created_at))",
                "INSERT INTO refs VALUES (1, '2024-01-10')");
        clock.setInstant(Instant.parse("2024-03-15T10:00:00Z"));

        MaintenanceResult result = maintainer.runMaintenance(monthly().retentionCount(2).build());

        assertThat(result.success()).isFalse();
        assertThat(result.error()).contains("violates foreign key constraint");
        assertThat(result.droppedCount()).isZero();
        assertThat(catalog.isPartition("public", "events__2024_01")).isTrue();
        assertThat(catalog.comment("public", "events__2024_01")).as("no orphan marker on an attached partition").isNull();
    }
}
