package dev.partsmith.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.threeten.extra.MutableClock;

import dev.partsmith.config.PartitionGranularity;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.lifecycle.MaintenanceResult;
import dev.partsmith.test.TestCatalog;
import dev.partsmith.test.TestDatabase;

/** Every granularity against PostgreSQL, across the turn of 2026 into 2027 (ISO week 53). */
class GranularityIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final MutableClock clock = MutableClock.of(Instant.parse("2026-12-31T22:30:00Z"), ZoneOffset.UTC);
    private static TestCatalog catalog;

    @BeforeAll
    static void createTables() {
        catalog = new TestCatalog(db.dataSource());
        for (String table : new String[] { "hourly", "daily", "weekly", "monthly", "quarterly", "yearly" }) {
            catalog.exec("CREATE TABLE " + table + " (id bigint, at timestamptz NOT NULL) PARTITION BY RANGE (at)");
        }
        catalog.exec("CREATE TABLE local_daily (id bigint, at timestamp NOT NULL) PARTITION BY RANGE (at)",
                "CREATE TABLE dated (id bigint, day date NOT NULL) PARTITION BY RANGE (day)");
    }

    private static Map<String, String> maintain(String table, PartitionGranularity granularity, int ahead) {
        return maintain(TablePartitionConfig.builder().maxClockSkew(Maintenance.MOVED_CLOCK).tableName(table).partitionColumn("at").granularity(granularity).createAheadCount(ahead)
                .build());
    }

    private static Map<String, String> maintain(TablePartitionConfig config) {
        MaintenanceResult result = Maintenance.maintainer(db.dataSource(), clock).runMaintenance(config);
        assertThat(result.success()).as(String.valueOf(result.error())).isTrue();
        return catalog.bounds(config.tableName());
    }

    @Test
    void hourly() {
        assertThat(maintain("hourly", PartitionGranularity.HOUR, 3)).containsExactly(
                entry("hourly__2026_12_31_22", "FOR VALUES FROM ('2026-12-31 22:00:00+00') TO ('2026-12-31 23:00:00+00')"),
                entry("hourly__2026_12_31_23", "FOR VALUES FROM ('2026-12-31 23:00:00+00') TO ('2027-01-01 00:00:00+00')"),
                entry("hourly__2027_01_01_00", "FOR VALUES FROM ('2027-01-01 00:00:00+00') TO ('2027-01-01 01:00:00+00')"));
    }

    @Test
    void daily() {
        assertThat(maintain("daily", PartitionGranularity.DAY, 2)).containsExactly(
                entry("daily__2026_12_31", "FOR VALUES FROM ('2026-12-31 00:00:00+00') TO ('2027-01-01 00:00:00+00')"),
                entry("daily__2027_01_01", "FOR VALUES FROM ('2027-01-01 00:00:00+00') TO ('2027-01-02 00:00:00+00')"));
    }

    @Test
    void weeklyIncludingIsoWeek53() {
        assertThat(maintain("weekly", PartitionGranularity.WEEK, 2)).containsExactly(
                entry("weekly__2026_w53", "FOR VALUES FROM ('2026-12-28 00:00:00+00') TO ('2027-01-04 00:00:00+00')"),
                entry("weekly__2027_w01", "FOR VALUES FROM ('2027-01-04 00:00:00+00') TO ('2027-01-11 00:00:00+00')"));
    }

    @Test
    void monthly() {
        assertThat(maintain("monthly", PartitionGranularity.MONTH, 2)).containsExactly(
                entry("monthly__2026_12", "FOR VALUES FROM ('2026-12-01 00:00:00+00') TO ('2027-01-01 00:00:00+00')"),
                entry("monthly__2027_01", "FOR VALUES FROM ('2027-01-01 00:00:00+00') TO ('2027-02-01 00:00:00+00')"));
    }

    @Test
    void quarterly() {
        assertThat(maintain("quarterly", PartitionGranularity.QUARTER, 2)).containsExactly(
                entry("quarterly__2026_q4", "FOR VALUES FROM ('2026-10-01 00:00:00+00') TO ('2027-01-01 00:00:00+00')"),
                entry("quarterly__2027_q1", "FOR VALUES FROM ('2027-01-01 00:00:00+00') TO ('2027-04-01 00:00:00+00')"));
    }

    @Test
    void yearly() {
        assertThat(maintain("yearly", PartitionGranularity.YEAR, 2)).containsExactly(
                entry("yearly__2026", "FOR VALUES FROM ('2026-01-01 00:00:00+00') TO ('2027-01-01 00:00:00+00')"),
                entry("yearly__2027", "FOR VALUES FROM ('2027-01-01 00:00:00+00') TO ('2028-01-01 00:00:00+00')"));
    }

    @Test
    void timestampWithoutTimeZoneUsesTheTablesWallClock() {
        // 22:30 UTC is already 1 January 2027 07:30 in Tokyo.
        assertThat(maintain(TablePartitionConfig.builder().maxClockSkew(Maintenance.MOVED_CLOCK).tableName("local_daily").partitionColumn("at").granularity(PartitionGranularity.DAY)
                .createAheadCount(1).timezone(ZoneId.of("Asia/Tokyo")).build()))
                .containsExactly(entry("local_daily__2027_01_01", "FOR VALUES FROM ('2027-01-01 00:00:00') TO ('2027-01-02 00:00:00')"));
    }

    @Test
    void dateKeys() {
        assertThat(maintain(TablePartitionConfig.builder().maxClockSkew(Maintenance.MOVED_CLOCK).tableName("dated").partitionColumn("day").granularity(PartitionGranularity.WEEK)
                .createAheadCount(2).build()))
                .containsExactly(entry("dated__2026_w53", "FOR VALUES FROM ('2026-12-28') TO ('2027-01-04')"),
                        entry("dated__2027_w01", "FOR VALUES FROM ('2027-01-04') TO ('2027-01-11')"));
    }
}
