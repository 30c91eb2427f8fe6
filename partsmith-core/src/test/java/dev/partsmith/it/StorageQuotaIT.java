package dev.partsmith.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.threeten.extra.MutableClock;

import dev.partsmith.catalog.QualifiedName;
import dev.partsmith.config.PartitionGranularity;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.lifecycle.MaintenanceResult;
import dev.partsmith.lifecycle.PartitionMaintainer;
import dev.partsmith.plan.CreatePartition;
import dev.partsmith.plan.MaintenanceIssue;
import dev.partsmith.plan.MaintenancePlan;
import dev.partsmith.postgres.PostgresServerProbe;
import dev.partsmith.safety.MaintenancePauses;
import dev.partsmith.safety.ReplicationLag;
import dev.partsmith.safety.SafetyHold;
import dev.partsmith.safety.SafetyLimits;
import dev.partsmith.safety.Safeguards;
import dev.partsmith.safety.ServerProbe;
import dev.partsmith.safety.TableLimits;
import dev.partsmith.status.TableStatus;
import dev.partsmith.status.TableStatus.Problem;
import dev.partsmith.test.TestCatalog;
import dev.partsmith.test.TestDatabase;

/**
 * The storage quota: a run that would pass max-partitions or max-database-size adds no partition to the
 * table, says which limit, its value and what it measured, and still detaches and drops.
 */
class StorageQuotaIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final QualifiedName EVENTS = new QualifiedName("public", "events");

    private final MutableClock clock = MutableClock.of(Instant.parse("2024-03-15T10:00:00Z"), ZoneOffset.UTC);
    private TestCatalog catalog;

    @BeforeEach
    void createParent() {
        catalog = new TestCatalog(db.dataSource());
        catalog.exec("DROP TABLE IF EXISTS events, orders, items", "DROP TABLE IF EXISTS events__2024_03",
                "CREATE TABLE events (id bigint, created_at timestamptz NOT NULL) PARTITION BY RANGE (created_at)");
    }

    /** Monthly, three ahead, three kept: five partitions attached in steady state. */
    private static TablePartitionConfig config(String table) {
        return TablePartitionConfig.builder().maxClockSkew(Maintenance.MOVED_CLOCK).tableName(table).partitionColumn("created_at")
                .granularity(PartitionGranularity.MONTH).createAheadCount(3).retentionCount(3).build();
    }

    private Safeguards safeguards(ServerProbe probe, Long maxDatabaseSize, Integer maxPartitions) {
        return new Safeguards(probe, new SafetyLimits(null, maxDatabaseSize),
                maxPartitions == null ? Map.of() : Map.of(EVENTS, TableLimits.of(config("events"), maxPartitions)), new MaintenancePauses(clock));
    }

    @Test
    void aRunThatWouldPassMaxPartitionsAddsNoneButStillDetachesAndDrops() {
        catalog.exec("CREATE TABLE events_archive PARTITION OF events FOR VALUES FROM ('2000-01-01') TO ('2024-03-01')");
        PartitionMaintainer maintainer = Maintenance.maintainer(db.dataSource(), clock, safeguards(null, null, 5));
        assertThat(maintainer.runMaintenance(config("events")).createdCount()).as("1 + 3 of 5").isEqualTo(3);
        clock.setInstant(Instant.parse("2024-06-15T10:00:00Z"));

        MaintenanceResult june = maintainer.runMaintenance(config("events"));

        String message = "max-partitions: this run would leave 6 partitions of public.events attached (4 now, 3 added, 1 retired), more than"
                + " max-partitions (5); no partition is added to public.events in this run (withheld:"
                + " create public.events__2024_06 for [2024-06-01 00:00:00+00:00, 2024-07-01 00:00:00+00:00),"
                + " create public.events__2024_07 for [2024-07-01 00:00:00+00:00, 2024-08-01 00:00:00+00:00),"
                + " create public.events__2024_08 for [2024-08-01 00:00:00+00:00, 2024-09-01 00:00:00+00:00)); detaches and drops still run";
        assertThat(june.success()).isFalse();
        assertThat(june.error()).isEqualTo(message);
        assertThat(june.holds()).containsExactly(new SafetyHold(SafetyHold.Kind.MAX_PARTITIONS, message));
        assertThat(june.createdCount()).isZero();
        assertThat(june.detachedCount()).isEqualTo(1);
        assertThat(june.droppedCount()).isEqualTo(1);
        assertThat(catalog.partitions("events")).containsExactly("events__2024_04", "events__2024_05", "events_archive");
        TableStatus status = maintainer.status(config("events"), june);
        assertThat(status.problems()).extracting(Problem::kind).contains(Problem.Kind.QUOTA_EXCEEDED)
                .doesNotContain(Problem.Kind.LAST_RUN_FAILED);
        assertThat(status.problems()).filteredOn(problem -> problem.kind() == Problem.Kind.QUOTA_EXCEEDED).extracting(Problem::message)
                .containsExactly(message);
    }

    @Test
    void partitionsTheRunDetachesMakeRoomForTheOnesItCreates() {
        PartitionMaintainer maintainer = Maintenance.maintainer(db.dataSource(), clock, safeguards(null, null, 5));
        maintainer.runMaintenance(config("events"));
        clock.setInstant(Instant.parse("2024-06-15T10:00:00Z"));

        MaintenanceResult june = maintainer.runMaintenance(config("events"));

        assertThat(june.success()).isTrue();
        assertThat(june.holds()).isEmpty();
        assertThat(june.createdCount()).as("3 + 3 - 1 = 5, within max-partitions").isEqualTo(3);
        assertThat(june.detachedCount()).isEqualTo(1);
        assertThat(catalog.partitions("events")).hasSize(5);
    }

    @Test
    void aDatabaseAtItsSizeLimitGetsNoNewPartitionAndSaysHowBigItIs() {
        Maintenance.maintainer(db.dataSource(), clock).runMaintenance(config("events"));
        clock.setInstant(Instant.parse("2024-06-15T10:00:00Z"));
        Safeguards safeguards = safeguards(new PostgresServerProbe(db.dataSource()), 1L, null);

        MaintenanceResult june = Maintenance.maintainer(db.dataSource(), clock, safeguards).runMaintenance(config("events"));

        long size = safeguards.lastDatabaseSize().orElseThrow();
        assertThat(size).isEqualTo(db.jdbc().queryForObject("SELECT pg_database_size(current_database())", Long.class));
        assertThat(june.success()).isFalse();
        assertThat(june.error()).startsWith("max-database-size: the database is ").contains("(" + size + " bytes), at or over"
                + " partsmith.safety.max-database-size (1 byte); no partition is added to public.events in this run (withheld: create"
                + " public.events__2024_06").endsWith("; detaches and drops still run");
        assertThat(june.holds()).extracting(SafetyHold::kind).containsExactly(SafetyHold.Kind.DATABASE_SIZE);
        assertThat(june.createdCount()).isZero();
        assertThat(june.detachedCount()).as("detaches free space: they still run").isEqualTo(1);
        assertThat(june.droppedCount()).isEqualTo(1);
        assertThat(catalog.partitions("events")).containsExactly("events__2024_04", "events__2024_05");
    }

    @Test
    void aDryRunShowsWhatTheQuotaHoldsBack() {
        MaintenancePlan plan = Maintenance.maintainer(db.dataSource(), clock, safeguards(new PostgresServerProbe(db.dataSource()), 1L, null))
                .plan(config("events").toBuilder().createAheadCount(5).build());

        assertThat(plan.operations(CreatePartition.class)).isEmpty();
        assertThat(plan.issues()).singleElement().satisfies(issue -> {
            assertThat(issue.severity()).isEqualTo(MaintenanceIssue.Severity.ERROR);
            assertThat(issue.message()).startsWith("max-database-size: the database is ").contains("(withheld: create public.events__2024_03"
                    + " for [2024-03-01 00:00:00+00:00, 2024-04-01 00:00:00+00:00), create public.events__2024_04 for [2024-04-01 00:00:00+00:00,"
                    + " 2024-05-01 00:00:00+00:00), create public.events__2024_05 for [2024-05-01 00:00:00+00:00, 2024-06-01 00:00:00+00:00)"
                    + " and 2 more); detaches and drops still run");
        });
        assertThat(catalog.partitions("events")).isEmpty();
    }

    @Test
    void theDatabaseSizeIsReadOncePerPassAndOnlyWhenAPartitionWouldBeAdded() {
        catalog.exec("CREATE TABLE orders (id bigint, created_at timestamptz NOT NULL) PARTITION BY RANGE (created_at)",
                "CREATE TABLE items (id bigint, created_at timestamptz NOT NULL) PARTITION BY RANGE (created_at)");
        AtomicInteger reads = new AtomicInteger();
        PostgresServerProbe postgres = new PostgresServerProbe(db.dataSource());
        ServerProbe counting = new ServerProbe() {
            @Override
            public ReplicationLag replicationLag() {
                return postgres.replicationLag();
            }

            @Override
            public long databaseSize() {
                reads.incrementAndGet();
                return postgres.databaseSize();
            }
        };
        PartitionMaintainer maintainer = Maintenance.maintainer(db.dataSource(), clock, safeguards(counting, 1L << 40, null));
        List<TablePartitionConfig> tables = List.of(config("events"), config("orders"), config("items"));

        List<MaintenanceResult> first = maintainer.runMaintenanceSafe(tables);
        int afterFirst = reads.get();
        maintainer.runMaintenanceSafe(tables);

        assertThat(first).extracting(MaintenanceResult::createdCount).containsExactly(3, 3, 3);
        assertThat(afterFirst).as("one reading for the three tables").isEqualTo(1);
        assertThat(reads).as("nothing to add, nothing read").hasValue(1);
    }
}
