package dev.partsmith.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
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
import dev.partsmith.test.TestCatalog;
import dev.partsmith.test.TestDatabase;
import dev.partsmith.test.TestPostgres;

/**
 * A parent with a generated column and rows of the periods to come in its DEFAULT partition, on each
 * PostgreSQL version the build runs against: VIRTUAL from PostgreSQL 18 on (computed when read, never
 * stored, and the default kind there), STORED before (the only kind there).
 */
class GeneratedColumnIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private final MutableClock clock = MutableClock.of(Instant.parse("2024-03-15T10:00:00Z"), ZoneOffset.UTC);
    private TestCatalog catalog;
    private boolean virtual;

    private final TablePartitionConfig config = TablePartitionConfig.builder().maxClockSkew(Maintenance.MOVED_CLOCK).tableName("orders").partitionColumn("created_at")
            .granularity(PartitionGranularity.MONTH).createAheadCount(2).build();

    @BeforeEach
    void createTables() {
        catalog = new TestCatalog(db.dataSource());
        virtual = TestPostgres.get().majorVersion() >= 18;
        catalog.exec("DROP TABLE IF EXISTS orders, orders__2024_03, orders__2024_04",
                "CREATE TABLE orders (id bigint NOT NULL, created_at timestamptz NOT NULL, amount numeric NOT NULL,"
                        + " doubled numeric GENERATED ALWAYS AS (amount * 2) " + (virtual ? "VIRTUAL" : "STORED")
                        + ") PARTITION BY RANGE (created_at)",
                "CREATE TABLE orders_default PARTITION OF orders DEFAULT",
                "INSERT INTO orders (id, created_at, amount) VALUES (1, '2024-03-02', 10), (2, '2024-04-03', 20.5), (3, '2019-01-01', 1)");
    }

    @Test
    void partitionsGetTheParentsGeneratedColumnAndTheMovedRowsKeepTheirValues() {
        MaintenanceResult result = Maintenance.maintainer(db.dataSource(), clock).runMaintenance(config);

        assertThat(result.success()).as(String.valueOf(result.error())).isTrue();
        assertThat(result.createdCount()).isEqualTo(2);
        assertThat(result.movedRowCount()).isEqualTo(2);
        assertThat(catalog.partitions("orders")).containsExactly("orders__2024_03", "orders__2024_04", "orders_default");
        assertThat(generated("orders__2024_03")).isEqualTo(virtual ? "v" : "s");
        assertThat(generated("orders__2024_04")).isEqualTo(generated("orders"));
        assertThat(rows("orders__2024_03")).containsExactly(Map.of("id", 1L, "doubled", new BigDecimal("20")));
        assertThat(rows("orders__2024_04")).containsExactly(Map.of("id", 2L, "doubled", new BigDecimal("41.0")));

        catalog.exec("INSERT INTO orders (id, created_at, amount) VALUES (4, '2024-03-20', 3)");

        assertThat(rows("orders__2024_03")).containsExactly(Map.of("id", 1L, "doubled", new BigDecimal("20")),
                Map.of("id", 4L, "doubled", new BigDecimal("6")));
    }

    private List<Map<String, Object>> rows(String table) {
        return catalog.jdbc().queryForList("SELECT id, doubled FROM " + table + " ORDER BY id");
    }

    /** {@code pg_attribute.attgenerated} of the generated column: {@code s} for STORED, {@code v} for VIRTUAL. */
    private String generated(String table) {
        return catalog.jdbc().queryForObject("SELECT attgenerated::text FROM pg_attribute WHERE attrelid = ?::regclass AND attname = 'doubled'",
                String.class, table);
    }
}
