package dev.partsmith.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.partsmith.config.EpochUnit;
import dev.partsmith.config.PartitionGranularity;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.lifecycle.MaintenanceResult;
import dev.partsmith.lifecycle.PartitionMaintainer;
import dev.partsmith.plan.MaintenancePlan;
import dev.partsmith.status.TableStatus;
import dev.partsmith.test.TestCatalog;
import dev.partsmith.test.TestDatabase;

/**
 * Integer ranges: partitions named after their lower bound, kept ahead of the highest key in use (the
 * identity's sequence, else {@code max(key)} through an index), the newest kept by retention; epoch
 * keys cut into calendar periods.
 */
class IntegerRangeIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private TestCatalog catalog;
    private PartitionMaintainer maintainer;

    @BeforeEach
    void createTables() {
        catalog = new TestCatalog(db.dataSource());
        catalog.exec("DROP TABLE IF EXISTS orders, ledger, readings, untracked",
                "CREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY, amount numeric NOT NULL, PRIMARY KEY (id)) PARTITION BY RANGE (id)",
                "CREATE TABLE ledger (entry integer NOT NULL, note text) PARTITION BY RANGE (entry)",
                "CREATE INDEX ON ledger (entry)",
                "CREATE TABLE untracked (n smallint NOT NULL) PARTITION BY RANGE (n)",
                "CREATE TABLE readings (at bigint NOT NULL, value double precision) PARTITION BY RANGE (at)");
        maintainer = Maintenance.maintainer(db.dataSource(), Clock.systemUTC());
    }

    private static TablePartitionConfig orders() {
        return TablePartitionConfig.builder().tableName("orders").partitionColumn("id").interval(1000L).createAheadCount(3).retentionCount(2)
                .build();
    }

    @Test
    void aFreshTableStartsAtStartThenFollowsItsIdentityAndKeepsTheNewest() {
        MaintenanceResult first = maintainer.runMaintenance(orders());
        assertThat(first.success()).as(String.valueOf(first.error())).isTrue();
        assertThat(catalog.bounds("orders")).containsExactly(entry("orders__p0", "FOR VALUES FROM ('0') TO ('1000')"),
                entry("orders__p1000", "FOR VALUES FROM ('1000') TO ('2000')"), entry("orders__p2000", "FOR VALUES FROM ('2000') TO ('3000')"));

        catalog.recordDdl();
        try {
            assertThat(maintainer.runMaintenance(orders()).plan().operations()).isEmpty();
            assertThat(catalog.ddlLog()).as("a second run runs no DDL").isEmpty();
        }
        finally {
            catalog.stopRecordingDdl();
        }

        catalog.exec("INSERT INTO orders (amount) SELECT 1 FROM generate_series(1, 2500)");
        MaintenanceResult higher = maintainer.runMaintenance(orders());

        assertThat(higher.createdCount()).isEqualTo(2);
        assertThat(higher.detachedCount()).isEqualTo(1);
        assertThat(higher.droppedCount()).isEqualTo(1);
        assertThat(catalog.partitions("orders")).containsExactly("orders__p1000", "orders__p2000", "orders__p3000", "orders__p4000");
        assertThat(catalog.count("orders")).isEqualTo(2500 - 999);
    }

    @Test
    void withoutASequenceTheHighestKeyIsReadThroughTheIndex() {
        TablePartitionConfig ledger = TablePartitionConfig.builder().tableName("ledger").partitionColumn("entry").interval(100L).start(50L)
                .createAheadCount(2).build();
        assertThat(maintainer.runMaintenance(ledger).success()).isTrue();
        assertThat(catalog.partitions("ledger")).containsExactly("ledger__p150", "ledger__p50");

        catalog.exec("INSERT INTO ledger SELECT 120 + g, 'x' FROM generate_series(0, 40) g");
        MaintenanceResult result = maintainer.runMaintenance(ledger);

        assertThat(result.success()).isTrue();
        assertThat(catalog.bounds("ledger")).containsExactly(entry("ledger__p150", "FOR VALUES FROM (150) TO (250)"),
                entry("ledger__p250", "FOR VALUES FROM (250) TO (350)"), entry("ledger__p50", "FOR VALUES FROM (50) TO (150)"));
        TableStatus status = maintainer.status(ledger, null);
        assertThat(status.runway().keys()).hasValue(350 - 160);
        assertThat(status.runway().toString()).isEqualTo("190 keys");
        assertThat(status.healthy()).isTrue();
    }

    @Test
    void withNeitherASequenceNorAnIndexNothingIsGuessed() {
        catalog.exec("CREATE TABLE untracked_0 PARTITION OF untracked FOR VALUES FROM (0) TO (100)");
        MaintenancePlan plan = maintainer.plan(TablePartitionConfig.builder().tableName("untracked").partitionColumn("n").interval(100L).build());

        assertThat(plan.operations()).isEmpty();
        assertThat(plan.issues()).singleElement().satisfies(issue -> assertThat(issue.message()).isEqualTo("the highest key in use of"
                + " public.untracked.n cannot be read without scanning the table: it has no sequence the current role may read, and no index"
                + " leads with it; give it one, so that partitions can be kept ahead of it"));
    }

    @Test
    void smallintKeysStopAtTheEndOfTheirType() {
        catalog.exec("CREATE INDEX ON untracked (n)", "CREATE TABLE untracked_low PARTITION OF untracked FOR VALUES FROM (-32768) TO (30000)",
                "INSERT INTO untracked VALUES (29990)");
        MaintenanceResult result = maintainer.runMaintenance(TablePartitionConfig.builder().tableName("untracked").partitionColumn("n")
                .interval(1000L).start(30000L).createAheadCount(5).build());

        assertThat(catalog.partitions("untracked")).containsExactly("untracked__p30000", "untracked__p31000", "untracked_low");
        assertThat(result.issues()).singleElement().satisfies(issue -> assertThat(issue.message())
                .isEqualTo("interval [32000, 33000) passes the ends of smallint column n (-32768 to 32767)"));
    }

    @Test
    void epochSecondsAreCutIntoDaysOfTheTablesZone() {
        TablePartitionConfig readings = TablePartitionConfig.builder().maxClockSkew(Maintenance.MOVED_CLOCK).tableName("readings")
                .partitionColumn("at").granularity(PartitionGranularity.DAY).epoch(EpochUnit.SECONDS).createAheadCount(2).build();
        Clock march15 = Clock.fixed(Instant.parse("2024-03-15T10:00:00Z"), ZoneOffset.UTC);
        assertThat(Maintenance.maintainer(db.dataSource(), march15).runMaintenance(readings).success()).isTrue();

        assertThat(catalog.bounds("readings")).containsExactly(entry("readings__2024_03_15", "FOR VALUES FROM ('1710460800') TO ('1710547200')"),
                entry("readings__2024_03_16", "FOR VALUES FROM ('1710547200') TO ('1710633600')"));
        catalog.exec("INSERT INTO readings VALUES (1710500000, 1.5)");
        assertThat(catalog.count("readings__2024_03_15")).isEqualTo(1);
    }
}
