package dev.partsmith.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.threeten.extra.MutableClock;

import dev.partsmith.config.PartitionGranularity;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.lifecycle.MaintenanceResult;
import dev.partsmith.lifecycle.PartitionMaintainer;
import dev.partsmith.plan.MaintenanceIssue;
import dev.partsmith.plan.MaintenancePlan;
import dev.partsmith.postgres.PostgresMetadataProvider;
import dev.partsmith.status.TableStatus;
import dev.partsmith.test.TestCatalog;
import dev.partsmith.test.TestDatabase;

/**
 * A planning clock far from the database's now() is not trusted: partitions are created up to the
 * database's time only, nothing is retired, and the result and the status say why.
 */
class ClockSkewIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private TestCatalog catalog;
    private MutableClock clock;
    private PartitionMaintainer maintainer;
    private Instant databaseNow;

    @BeforeEach
    void createParent() {
        catalog = new TestCatalog(db.dataSource());
        catalog.exec("DROP TABLE IF EXISTS events",
                "CREATE TABLE events (id bigint NOT NULL, created_at timestamptz NOT NULL, PRIMARY KEY (id, created_at))"
                        + " PARTITION BY RANGE (created_at)");
        databaseNow = catalog.jdbc().queryForObject("SELECT now()", java.sql.Timestamp.class).toInstant();
        clock = MutableClock.of(databaseNow, ZoneOffset.UTC);
        maintainer = Maintenance.maintainer(db.dataSource(), clock);
    }

    /** Retention 12 and no grace: a clock trusted in 2100 would detach and drop every partition. */
    private static TablePartitionConfig.Builder monthly() {
        return TablePartitionConfig.builder().tableName("events").partitionColumn("created_at").granularity(PartitionGranularity.MONTH)
                .createAheadCount(3).retentionCount(12);
    }

    @Test
    void aClockInTheYear2100RetiresNothingCreatesNothingInTheFutureAndSaysWhy() {
        assertThat(maintainer.runMaintenance(monthly().build()).createdCount()).isEqualTo(3);
        List<String> partitions = catalog.partitions("events");
        catalog.exec("INSERT INTO events SELECT g, now() FROM generate_series(1, 100) g");

        clock.setInstant(Instant.parse("2100-06-15T10:00:00Z"));
        MaintenanceResult result = maintainer.runMaintenance(monthly().build());

        assertThat(result.detachedCount()).isZero();
        assertThat(result.droppedCount()).isZero();
        assertThat(result.createdCount()).as("the database's time is covered already; nothing for 2100").isZero();
        assertThat(catalog.partitions("events")).isEqualTo(partitions);
        assertThat(catalog.count("events")).isEqualTo(100);
        assertThat(result.success()).isTrue();
        assertThat(result.issues()).singleElement().satisfies(issue -> {
            assertThat(issue.severity()).isEqualTo(MaintenanceIssue.Severity.WARNING);
            assertThat(issue.message()).startsWith("the planning clock (2100-06-15T10:00:00Z) is ")
                    .contains("ahead of the database's now()").contains("more than partsmith.safety.max-clock-skew (PT5M)")
                    .contains("nothing is detached, attached back or dropped");
        });

        TableStatus status = TableStatus.of(monthly().build(), new PostgresMetadataProvider(db.dataSource()).readTree(monthly().build()),
                clock.instant(), result);
        assertThat(status.has(TableStatus.Problem.Kind.CLOCK_SKEW)).isTrue();
        assertThat(status.has(TableStatus.Problem.Kind.NOT_COVERED)).as("runway is measured from the database's time").isFalse();
        assertThat(status.runway().length()).hasValueSatisfying(runway -> assertThat(runway).isBetween(Duration.ofDays(58), Duration.ofDays(93)));
    }

    @Test
    void aClockFarInThePastCreatesOnlyForTheDatabasesTime() {
        clock.setInstant(Instant.parse("2001-01-15T10:00:00Z"));
        MaintenanceResult result = maintainer.runMaintenance(monthly().build());

        String current = "events__" + databaseNow.atZone(ZoneOffset.UTC).toLocalDate().withDayOfMonth(1).toString().substring(0, 7).replace('-', '_');
        assertThat(catalog.partitions("events")).hasSize(3).startsWith(current);
        assertThat(result.issues()).extracting(MaintenanceIssue::message).singleElement().asString().contains("behind the database's now()");
    }

    @Test
    void aClockMovedOnPurposeIsTrustedOnceMaxClockSkewAllowsIt() {
        maintainer.runMaintenance(monthly().build());
        clock.setInstant(databaseNow.plus(400, ChronoUnit.DAYS));

        MaintenancePlan distrusted = maintainer.plan(monthly().build());
        MaintenancePlan trusted = maintainer.plan(monthly().maxClockSkew(Duration.ofDays(36500)).build());

        assertThat(distrusted.clock().trusted()).isFalse();
        assertThat(distrusted.operations()).isEmpty();
        assertThat(trusted.clock().trusted()).isTrue();
        assertThat(trusted.operations()).as("a year ahead: new partitions, and the old ones expire").isNotEmpty();
    }
}
