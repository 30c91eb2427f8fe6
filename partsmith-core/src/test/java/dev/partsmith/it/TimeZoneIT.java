package dev.partsmith.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.threeten.extra.MutableClock;

import com.zaxxer.hikari.HikariDataSource;

import dev.partsmith.config.PartitionGranularity;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.lifecycle.MaintenanceResult;
import dev.partsmith.test.TestCatalog;
import dev.partsmith.test.TestDatabase;

class TimeZoneIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private final MutableClock clock = MutableClock.of(Instant.parse("2024-03-09T23:30:00Z"), ZoneOffset.UTC);
    private TestCatalog catalog;
    private HikariDataSource losAngeles;

    @BeforeEach
    void createTables() {
        catalog = new TestCatalog(db.dataSource());
        catalog.exec("DROP TABLE IF EXISTS events, moscow_events",
                "CREATE TABLE events (id bigint, created_at timestamptz NOT NULL) PARTITION BY RANGE (created_at)",
                "CREATE TABLE moscow_events (id bigint, created_at timestamptz NOT NULL) PARTITION BY RANGE (created_at)");
        if (losAngeles == null) {
            losAngeles = db.newDataSource(4, config -> config.setConnectionInitSql("SET TIME ZONE 'America/Los_Angeles'"));
        }
    }

    @Test
    void aSessionInLosAngelesStillGetsUtcMidnights() {
        assertThat(new TestCatalog(losAngeles).jdbc().queryForObject("SHOW TimeZone", String.class)).isEqualTo("America/Los_Angeles");
        TablePartitionConfig config = TablePartitionConfig.builder().maxClockSkew(Maintenance.MOVED_CLOCK).tableName("events").partitionColumn("created_at")
                .granularity(PartitionGranularity.DAY).createAheadCount(3).build();

        MaintenanceResult result = Maintenance.maintainer(losAngeles, clock).runMaintenance(config);

        assertThat(result.success()).isTrue();
        // 9 and 10 March 2024: daylight saving starts in Los Angeles on the 10th, which must not matter.
        assertThat(catalog.bounds("events")).containsExactly(
                entry("events__2024_03_09", "FOR VALUES FROM ('2024-03-09 00:00:00+00') TO ('2024-03-10 00:00:00+00')"),
                entry("events__2024_03_10", "FOR VALUES FROM ('2024-03-10 00:00:00+00') TO ('2024-03-11 00:00:00+00')"),
                entry("events__2024_03_11", "FOR VALUES FROM ('2024-03-11 00:00:00+00') TO ('2024-03-12 00:00:00+00')"));
        assertThat(Maintenance.maintainer(losAngeles, clock).runMaintenance(config).plan().operations())
                .as("bounds read back in a Los Angeles session match the plan").isEmpty();
    }

    @Test
    void aTableInMoscowGetsMoscowMidnights() {
        TablePartitionConfig config = TablePartitionConfig.builder().maxClockSkew(Maintenance.MOVED_CLOCK).tableName("moscow_events").partitionColumn("created_at")
                .granularity(PartitionGranularity.DAY).createAheadCount(2).timezone(ZoneId.of("Europe/Moscow")).build();

        Maintenance.maintainer(losAngeles, clock).runMaintenance(config);

        // 23:30 UTC on the 9th is already the 10th in Moscow (UTC+3).
        assertThat(catalog.bounds("moscow_events")).containsExactly(
                entry("moscow_events__2024_03_10", "FOR VALUES FROM ('2024-03-09 21:00:00+00') TO ('2024-03-10 21:00:00+00')"),
                entry("moscow_events__2024_03_11", "FOR VALUES FROM ('2024-03-10 21:00:00+00') TO ('2024-03-11 21:00:00+00')"));
        catalog.exec("INSERT INTO moscow_events VALUES (1, '2024-03-10 23:59:59+03'), (2, '2024-03-11 00:00:00+03')");
        assertThat(catalog.count("moscow_events__2024_03_10")).isEqualTo(1);
        assertThat(catalog.count("moscow_events__2024_03_11")).isEqualTo(1);
    }
}
