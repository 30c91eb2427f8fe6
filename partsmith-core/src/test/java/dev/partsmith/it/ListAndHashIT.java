package dev.partsmith.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.partsmith.config.ListLevel;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.lifecycle.MaintenanceResult;
import dev.partsmith.lifecycle.PartitionMaintainer;
import dev.partsmith.plan.MaintenanceIssue;
import dev.partsmith.test.TestCatalog;
import dev.partsmith.test.TestDatabase;

/**
 * LIST and HASH: one partition per listed value, named safely whatever the value; a value no longer
 * listed retired through marker and grace once it is empty, attached back when listed again; every
 * remainder of a hash modulus, another modulus refused.
 */
class ListAndHashIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final String HOSTILE = "O'Brien; DROP TABLE victim; --";
    private static final String UNICODE = "日本";
    private static final String LONG = "x".repeat(200);

    private TestCatalog catalog;
    private PartitionMaintainer maintainer;

    @BeforeEach
    void createTables() {
        catalog = new TestCatalog(db.dataSource());
        catalog.exec("DROP TABLE IF EXISTS events, victim, sessions",
                "CREATE TABLE victim (id int)", "INSERT INTO victim VALUES (1)",
                "CREATE TABLE events (id bigint NOT NULL, region text NOT NULL) PARTITION BY LIST (region)",
                "CREATE TABLE sessions (user_id bigint NOT NULL, started_at timestamptz) PARTITION BY HASH (user_id)");
        maintainer = Maintenance.maintainer(db.dataSource(), Clock.systemUTC());
    }

    private static TablePartitionConfig regions(String... values) {
        return TablePartitionConfig.builder().tableName("events").partitionColumn("region").listValues(values).build();
    }

    @Test
    void oneValidlyNamedPartitionPerValueWhateverTheValueAndNothingElseTouched() {
        MaintenanceResult result = maintainer.runMaintenance(regions("eu", "us", HOSTILE, UNICODE, LONG));

        assertThat(result.success()).as(String.valueOf(result.error())).isTrue();
        Map<String, String> bounds = catalog.bounds("events");
        assertThat(bounds).containsEntry("events__eu", "FOR VALUES IN ('eu')").containsEntry("events__us", "FOR VALUES IN ('us')")
                .containsEntry(ListLevel.childName("events", HOSTILE), "FOR VALUES IN ('O''Brien; DROP TABLE victim; --')")
                .containsEntry(ListLevel.childName("events", UNICODE), "FOR VALUES IN ('日本')")
                .containsEntry(ListLevel.childName("events", LONG), "FOR VALUES IN ('" + LONG + "')").hasSize(5);
        assertThat(ListLevel.childName("events", HOSTILE)).matches("events__o_brien_drop_[0-9a-f]{8}");
        assertThat(ListLevel.childName("events", UNICODE)).matches("events__v_[0-9a-f]{8}");
        assertThat(bounds.keySet()).allMatch(name -> name.getBytes(StandardCharsets.UTF_8).length <= 63);
        assertThat(catalog.count("victim")).isEqualTo(1);

        catalog.exec("INSERT INTO events VALUES (1, 'O''Brien; DROP TABLE victim; --'), (2, '日本')");
        assertThat(catalog.count(ListLevel.childName("events", HOSTILE))).isEqualTo(1);

        catalog.recordDdl();
        try {
            assertThat(maintainer.runMaintenance(regions("eu", "us", HOSTILE, UNICODE, LONG)).plan().operations()).isEmpty();
            assertThat(catalog.ddlLog()).as("a second run runs no DDL").isEmpty();
        }
        finally {
            catalog.stopRecordingDdl();
        }
    }

    @Test
    void aValueNoLongerListedStaysWhileItHoldsRowsAndGoesThroughItsGraceWhenEmpty() {
        maintainer.runMaintenance(regions("eu", "us", "fr"));
        catalog.exec("INSERT INTO events VALUES (1, 'us')");
        TablePartitionConfig euOnly = regions("eu").toBuilder().dropGrace(Duration.ofDays(1)).build();

        MaintenanceResult result = maintainer.runMaintenance(euOnly);

        assertThat(result.success()).isTrue();
        assertThat(catalog.partitions("events")).containsExactly("events__eu", "events__us");
        assertThat(catalog.count("events__us")).isEqualTo(1);
        assertThat(catalog.exists("public", "events__fr")).as("kept through its grace").isTrue();
        assertThat(result.issues()).filteredOn(issue -> "public.events__us".equals(issue.partition())).singleElement()
                .satisfies(issue -> {
                    assertThat(issue.severity()).isEqualTo(MaintenanceIssue.Severity.WARNING);
                    assertThat(issue.message()).contains("stays attached");
                });

        MaintenanceResult listedAgain = maintainer.runMaintenance(regions("eu", "us", "fr").toBuilder().dropGrace(Duration.ofDays(1)).build());
        assertThat(listedAgain.plan().operations()).extracting(op -> op.describe()).containsExactly("attach back orphan public.events__fr for IN (fr)");
        assertThat(catalog.partitions("events")).containsExactly("events__eu", "events__fr", "events__us");
    }

    @Test
    void rowsOfANewValueMoveOutOfTheDefaultPartition() {
        catalog.exec("CREATE TABLE events_default PARTITION OF events DEFAULT",
                "INSERT INTO events VALUES (1, 'fr'), (2, 'fr'), (3, 'de')");

        MaintenanceResult result = maintainer.runMaintenance(regions("fr"));

        assertThat(result.movedRowCount()).isEqualTo(2);
        assertThat(catalog.count("events__fr")).isEqualTo(2);
        assertThat(catalog.count("events_default")).isEqualTo(1);
    }

    @Test
    void everyRemainderOfTheModulusAndNeverAnother() {
        TablePartitionConfig byUser = TablePartitionConfig.builder().tableName("sessions").partitionColumn("user_id").hashModulus(4).build();
        assertThat(maintainer.runMaintenance(byUser).createdCount()).isEqualTo(4);
        assertThat(catalog.bounds("sessions")).containsExactly(entry("sessions__h0", "FOR VALUES WITH (modulus 4, remainder 0)"),
                entry("sessions__h1", "FOR VALUES WITH (modulus 4, remainder 1)"), entry("sessions__h2", "FOR VALUES WITH (modulus 4, remainder 2)"),
                entry("sessions__h3", "FOR VALUES WITH (modulus 4, remainder 3)"));
        catalog.exec("INSERT INTO sessions SELECT g, now() FROM generate_series(1, 100) g");
        assertThat(catalog.count("sessions")).isEqualTo(100);

        MaintenanceResult eight = maintainer.runMaintenance(byUser.toBuilder().hashModulus(8).build());

        assertThat(eight.success()).isFalse();
        assertThat(eight.error()).isEqualTo("public.sessions: public.sessions has hash partitions of another modulus than 8: sessions__h0 (hash"
                + " remainder 0 of 4), sessions__h1 (hash remainder 1 of 4), sessions__h2 (hash remainder 2 of 4), sessions__h3 (hash remainder"
                + " 3 of 4); partsmith never re-partitions a table: set hash.modulus to theirs, or re-partition it yourself; nothing is planned"
                + " under it");
        assertThat(catalog.partitions("sessions")).hasSize(4);
        assertThat(List.of(catalog.count("sessions"))).containsExactly(100L);
    }
}
