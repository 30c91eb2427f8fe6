package dev.partsmith.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.threeten.extra.MutableClock;

import com.zaxxer.hikari.HikariDataSource;

import dev.partsmith.catalog.QualifiedName;
import dev.partsmith.config.PartitionGranularity;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.lifecycle.MaintenanceResult;
import dev.partsmith.test.TestCatalog;
import dev.partsmith.test.TestDatabase;

class NamesIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private final MutableClock clock = MutableClock.of(Instant.parse("2024-03-15T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void aSchemaOutsideTheSearchPathAndNamesThatNeedQuoting() {
        TestCatalog catalog = new TestCatalog(db.dataSource());
        catalog.exec("CREATE SCHEMA \"Audit Data\"",
                "CREATE TABLE \"Audit Data\".\"Event Log\" (id bigint, \"Created At\" timestamptz NOT NULL) PARTITION BY RANGE (\"Created At\")",
                // A same-named table where search_path would find it first: partsmith must never touch it.
                "CREATE TABLE public.\"Event Log\" (id bigint, \"Created At\" timestamptz NOT NULL) PARTITION BY RANGE (\"Created At\")");
        HikariDataSource elsewhere = db.newDataSource(4, config -> config.setConnectionInitSql("SET search_path = public"));
        TablePartitionConfig config = TablePartitionConfig.builder().maxClockSkew(Maintenance.MOVED_CLOCK).schema("Audit Data").tableName("Event Log").partitionColumn("Created At")
                .granularity(PartitionGranularity.MONTH).createAheadCount(2).retentionCount(1).build();

        MaintenanceResult created = Maintenance.maintainer(elsewhere, clock).runMaintenance(config);

        assertThat(created.success()).as(String.valueOf(created.error())).isTrue();
        assertThat(catalog.partitions("\"Audit Data\".\"Event Log\"")).containsExactly("Event Log__2024_03", "Event Log__2024_04");
        assertThat(catalog.partitions("public.\"Event Log\"")).isEmpty();
        assertThat(catalog.exists("public", "Event Log__2024_03")).isFalse();

        clock.add(Duration.ofDays(31));
        MaintenanceResult retired = Maintenance.maintainer(elsewhere, clock).runMaintenance(config);
        assertThat(retired.success()).as(String.valueOf(retired.error())).isTrue();
        assertThat(retired.detachedCount()).isEqualTo(1);
        assertThat(retired.droppedCount()).isEqualTo(1);
        assertThat(catalog.partitions("\"Audit Data\".\"Event Log\"")).containsExactly("Event Log__2024_04", "Event Log__2024_05");
    }

    @Test
    void namesThatTrySqlInjectionChangeNothingElse() {
        TestCatalog catalog = new TestCatalog(db.dataSource());
        catalog.exec("CREATE SCHEMA hostile", "CREATE TABLE hostile.victim (id int)", "INSERT INTO hostile.victim VALUES (1)");
        List<String> names = List.of("x\"; DROP TABLE hostile.victim; --", "y'); DROP TABLE hostile.victim; --", "$$ z $$ ünï",
                "semi;colon");
        for (String name : names) {
            catalog.exec("CREATE TABLE hostile." + QualifiedName.quote(name) + " (id bigint, " + QualifiedName.quote(name + " at")
                    + " timestamptz NOT NULL) PARTITION BY RANGE (" + QualifiedName.quote(name + " at") + ")");
        }
        List<String> before = catalog.relations("hostile");

        List<String> expected = new ArrayList<>(before);
        for (String name : names) {
            TablePartitionConfig config = TablePartitionConfig.builder().maxClockSkew(Maintenance.MOVED_CLOCK).schema("hostile").tableName(name).partitionColumn(name + " at")
                    .granularity(PartitionGranularity.YEAR).createAheadCount(1).retentionCount(1).build();
            MaintenanceResult result = Maintenance.maintainer(db.dataSource(), clock).runMaintenance(config);
            assertThat(result.success()).as(name + ": " + result.error()).isTrue();
            assertThat(catalog.partitions(new QualifiedName("hostile", name).quoted())).containsExactly(name + "__2024");
            expected.add(name + "__2024:r");
        }

        assertThat(catalog.count("hostile.victim")).isEqualTo(1);
        assertThat(catalog.relations("hostile")).as("only the new partitions were added").containsExactlyInAnyOrderElementsOf(expected);
    }
}
