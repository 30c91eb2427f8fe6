package dev.partsmith.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.threeten.extra.MutableClock;

import dev.partsmith.config.PartitionGranularity;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.lifecycle.MaintenanceResult;
import dev.partsmith.lifecycle.PartitionMaintainer;
import dev.partsmith.test.TestCatalog;
import dev.partsmith.test.TestDatabase;
import dev.partsmith.test.TestPostgres;

/**
 * A parent whose id is {@code GENERATED ALWAYS AS IDENTITY}, with a DEFAULT partition holding rows of
 * the periods to come, on each PostgreSQL version the build runs against. From PostgreSQL 17 on, a
 * partition takes its parent's identity when attached, and one that brings an identity of its own
 * (as {@code LIKE ... INCLUDING ALL} would give it) cannot be attached.
 */
class IdentityColumnIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private final MutableClock clock = MutableClock.of(Instant.parse("2024-03-15T10:00:00Z"), ZoneOffset.UTC);
    private TestCatalog catalog;

    private final TablePartitionConfig config = TablePartitionConfig.builder().maxClockSkew(Maintenance.MOVED_CLOCK).tableName("events").partitionColumn("created_at")
            .granularity(PartitionGranularity.MONTH).createAheadCount(2).retentionCount(2).dropGrace(Duration.ZERO).build();

    @BeforeEach
    void createTables() {
        catalog = new TestCatalog(db.dataSource());
        catalog.exec("DROP TABLE IF EXISTS events, events__2024_03, events__2024_04, events__2024_05",
                "CREATE TABLE events (id bigint GENERATED ALWAYS AS IDENTITY, created_at timestamptz NOT NULL, note text,"
                        + " PRIMARY KEY (id, created_at)) PARTITION BY RANGE (created_at)",
                "CREATE TABLE events_default PARTITION OF events DEFAULT",
                "INSERT INTO events (created_at, note) VALUES ('2024-03-02', 'march'), ('2019-01-01', 'old'), ('2024-04-03', 'april')");
    }

    @Test
    void runsOnTheVersionTheBuildAsksFor() {
        int version = TestPostgres.get().majorVersion();

        assertThat(catalog.queryLong("SELECT current_setting('server_version_num')::int / 10000")).isEqualTo(version);
        assertThat(version).isEqualTo(Integer.getInteger(TestPostgres.VERSION_PROPERTY, version));
    }

    @Test
    void partitionsAreCreatedAttachedAndTakeRowsWithIdsFromTheParentsIdentity() {
        PartitionMaintainer maintainer = Maintenance.maintainer(db.dataSource(), clock);

        MaintenanceResult result = maintainer.runMaintenance(config);

        assertThat(result.success()).as(String.valueOf(result.error())).isTrue();
        assertThat(result.createdCount()).isEqualTo(2);
        assertThat(result.movedRowCount()).isEqualTo(2);
        assertThat(catalog.partitions("events")).containsExactly("events__2024_03", "events__2024_04", "events_default");
        assertThat(rows("events__2024_03")).containsExactly(Map.of("id", 1L, "note", "march"));
        assertThat(rows("events__2024_04")).containsExactly(Map.of("id", 3L, "note", "april"));
        assertThat(rows("events_default")).containsExactly(Map.of("id", 2L, "note", "old"));

        long aprilId = catalog.queryLong("INSERT INTO events (created_at, note) VALUES ('2024-04-20', 'through the parent') RETURNING id");

        assertThat(aprilId).as("the parent's identity goes on after the moved rows").isEqualTo(4);
        assertThat(rows("events__2024_04")).containsExactly(Map.of("id", 3L, "note", "april"), Map.of("id", 4L, "note", "through the parent"));
        if (TestPostgres.get().majorVersion() >= 17) {
            assertThat(identity("events__2024_04")).as("a partition shares its parent's identity from PostgreSQL 17 on").isEqualTo("a");
            assertThat(catalog.queryLong("INSERT INTO events__2024_04 (created_at, note) VALUES ('2024-04-21', 'into the partition') RETURNING id"))
                    .isEqualTo(5);
        }
        else {
            assertThat(identity("events__2024_04")).as("a partition has no identity of its own before PostgreSQL 17").isEmpty();
        }
        assertThat(identity("events")).isEqualTo("a");

        clock.setInstant(Instant.parse("2024-05-10T00:00:00Z"));
        MaintenanceResult later = maintainer.runMaintenance(config);

        assertThat(later.success()).as(String.valueOf(later.error())).isTrue();
        assertThat(later.createdCount()).isEqualTo(2);
        assertThat(later.detachedCount()).isEqualTo(1);
        assertThat(later.droppedCount()).isEqualTo(1);
        assertThat(catalog.partitions("events")).containsExactly("events__2024_04", "events__2024_05", "events__2024_06", "events_default");
        assertThat(catalog.exists("public", "events__2024_03")).isFalse();
        assertThat(catalog.queryLong("INSERT INTO events (created_at, note) VALUES ('2024-06-01', 'june') RETURNING id"))
                .isEqualTo(TestPostgres.get().majorVersion() >= 17 ? 6 : 5);
        assertThat(rows("events__2024_06")).extracting(row -> row.get("note")).containsExactly("june");
    }

    private List<Map<String, Object>> rows(String table) {
        return catalog.jdbc().queryForList("SELECT id, note FROM " + table + " ORDER BY id");
    }

    /** {@code pg_attribute.attidentity} of the table's id column: {@code a} for ALWAYS, empty for none. */
    private String identity(String table) {
        return catalog.jdbc().queryForObject("SELECT attidentity::text FROM pg_attribute WHERE attrelid = ?::regclass AND attname = 'id'",
                String.class, table);
    }
}
