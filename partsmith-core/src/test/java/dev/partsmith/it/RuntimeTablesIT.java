package dev.partsmith.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.threeten.extra.MutableClock;

import dev.partsmith.InvalidPartitionConfigException;
import dev.partsmith.catalog.PartitionMarker;
import dev.partsmith.config.ListLevel;
import dev.partsmith.config.ListValue;
import dev.partsmith.config.PartitionGranularity;
import dev.partsmith.config.PartsmithTableRegistry;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.lifecycle.MaintenanceResult;
import dev.partsmith.lifecycle.PartitionMaintainer;
import dev.partsmith.postgres.PostgresTableStore;
import dev.partsmith.test.TestCatalog;
import dev.partsmith.test.TestDatabase;

/**
 * Tables, tenants and list values added and removed at run time through {@link PartsmithTableRegistry}: the
 * next run of the registry's tables creates what was added and retires what was removed like anything no
 * longer configured (marked, dropped after the grace, never with rows); removing a table drops nothing.
 */
class RuntimeTablesIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final String HOSTILE = "O'Brien; DROP TABLE victim; --";
    private static final String UNICODE = "日本";
    private static final String LONG = "x".repeat(200);

    private final MutableClock clock = MutableClock.of(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);
    private TestCatalog catalog;
    private PartitionMaintainer maintainer;
    private PartsmithTableRegistry registry;

    @BeforeEach
    void createTables() {
        catalog = new TestCatalog(db.dataSource());
        catalog.exec("DROP TABLE IF EXISTS tenant_events, regions, configured, victim, partsmith_table",
                "CREATE TABLE victim (id int)", "INSERT INTO victim VALUES (1)",
                "CREATE TABLE tenant_events (id bigint NOT NULL, project_id text NOT NULL, created_at timestamptz NOT NULL)"
                        + " PARTITION BY LIST (project_id)",
                "CREATE TABLE regions (id bigint NOT NULL, region text NOT NULL) PARTITION BY LIST (region)",
                "CREATE TABLE configured (id bigint NOT NULL, region text NOT NULL) PARTITION BY LIST (region)");
        maintainer = Maintenance.maintainer(db.dataSource(), clock);
        registry = new PartsmithTableRegistry(Map.of("configured", regions("configured", "eu")));
    }

    private static TablePartitionConfig tenants(String... tenants) {
        return TablePartitionConfig.builder().maxClockSkew(Maintenance.MOVED_CLOCK).tableName("tenant_events").partitionColumn("created_at")
                .granularity(PartitionGranularity.DAY).createAheadCount(2).retentionCount(7).dropGrace(Duration.ofDays(1))
                .tenantColumn("project_id").tenants(List.of(tenants).stream().map(ListValue::of).toList()).build();
    }

    private static TablePartitionConfig regions(String table, String... values) {
        return TablePartitionConfig.builder().maxClockSkew(Maintenance.MOVED_CLOCK).tableName(table).partitionColumn("region")
                .listValues(values).dropGrace(Duration.ofDays(1)).build();
    }

    /** One scheduled run: every table the registry holds now. */
    private List<MaintenanceResult> run() {
        List<MaintenanceResult> results = maintainer.runMaintenanceSafe(new ArrayList<>(registry.tables().values()));
        assertThat(results).allSatisfy(result -> assertThat(result.success()).as(String.valueOf(result.error())).isTrue());
        return results;
    }

    @Test
    void aTenantRegisteredAtRunTimeGetsItsPartitionsInOneRunAndAnUnregisteredOneIsRetiredThroughMarkerAndGrace() {
        registry.put("tenant-events", tenants("tenant1", "tenant2"));
        run();
        assertThat(catalog.partitions("tenant_events")).containsExactly("tenant_events__tenant1", "tenant_events__tenant2");

        registry.addTenant("tenant-events", ListValue.of("tenant3"));
        registry.removeTenant("tenant-events", "tenant2");
        run();

        assertThat(catalog.partitions("tenant_events")).containsExactly("tenant_events__tenant1", "tenant_events__tenant3");
        assertThat(catalog.partitions("tenant_events__tenant3")).containsExactly("tenant_events__tenant3__2026_12_01",
                "tenant_events__tenant3__2026_12_02");
        assertThat(PartitionMarker.parse(catalog.comment("public", "tenant_events__tenant2"))).hasValueSatisfying(
                marker -> assertThat(marker.state()).isEqualTo(PartitionMarker.State.ORPHAN));
        run();
        assertThat(catalog.exists("public", "tenant_events__tenant2")).as("kept through its grace").isTrue();

        clock.setInstant(clock.instant().plus(Duration.ofDays(2)));
        run();
        assertThat(catalog.exists("public", "tenant_events__tenant2")).as("dropped once its grace passed").isFalse();
        assertThat(catalog.count("victim")).isEqualTo(1);
    }

    @Test
    void aListValueRemovedAtRunTimeIsNeverDroppedWhileItHoldsRowsAndAnEmptyOneGoesThroughItsGrace() {
        registry.put("regions", regions("regions", "eu", "us", "fr"));
        registry.addListValue("regions", ListValue.of(HOSTILE));
        registry.addListValue("regions", ListValue.of(UNICODE));
        registry.addListValue("regions", ListValue.of(LONG));
        run();
        assertThat(catalog.partitions("regions")).hasSize(6).contains(ListLevel.childName("regions", HOSTILE));
        catalog.exec("INSERT INTO regions VALUES (1, 'us'), (2, 'O''Brien; DROP TABLE victim; --')");

        registry.removeListValue("regions", "us");
        registry.removeListValue("regions", "fr");
        registry.removeListValue("regions", HOSTILE);
        run();
        clock.setInstant(clock.instant().plus(Duration.ofDays(2)));
        run();

        assertThat(catalog.partitions("regions")).contains("regions__us", ListLevel.childName("regions", HOSTILE))
                .doesNotContain("regions__fr");
        assertThat(catalog.count("regions__us")).isEqualTo(1);
        assertThat(catalog.count(ListLevel.childName("regions", HOSTILE))).isEqualTo(1);
        assertThat(catalog.exists("public", "regions__fr")).as("empty, dropped after its grace").isFalse();
        assertThat(catalog.count("victim")).isEqualTo(1);
    }

    @Test
    void aTableRemovedAtRunTimeIsNoLongerManagedAndNothingOfItIsDropped() {
        registry.put("regions", regions("regions", "eu", "us"));
        run();

        assertThat(registry.remove("regions")).isTrue();
        clock.setInstant(clock.instant().plus(Duration.ofDays(30)));
        run();

        assertThat(registry.tables()).containsOnlyKeys("configured");
        assertThat(catalog.partitions("regions")).containsExactly("regions__eu", "regions__us");
        assertThat(catalog.comment("public", "regions__eu")).isNull();
    }

    @Test
    void configuredTablesAndBadChangesAreRefusedNamingTheCulpritAndChangeNothing() {
        registry.put("regions", regions("regions", "eu"));

        assertThatThrownBy(() -> registry.put("configured", regions("regions", "eu"))).hasMessageContaining("'configured'")
                .hasMessageContaining("configuration");
        assertThatThrownBy(() -> registry.put("other", regions("configured", "eu"))).hasMessageContaining("public.configured")
                .hasMessageContaining("'configured'");
        assertThatThrownBy(() -> registry.put("again", regions("regions", "eu"))).hasMessageContaining("under the key 'regions'");
        assertThatThrownBy(() -> registry.removeListValue("configured", "eu")).hasMessageContaining("'configured'");
        assertThatThrownBy(() -> registry.remove("configured")).hasMessageContaining("'configured'");
        assertThatThrownBy(() -> registry.addTenant("regions", ListValue.of("acme"))).hasMessageContaining("has no tenants");
        assertThatThrownBy(() -> registry.addListValue("regions", ListValue.of("eu"))).isInstanceOf(InvalidPartitionConfigException.class)
                .hasMessageContaining("eu");
        assertThatThrownBy(() -> registry.removeListValue("regions", HOSTILE)).hasMessageContaining(HOSTILE);
        assertThatThrownBy(() -> registry.addTenant("nothing", ListValue.of("acme"))).hasMessageContaining("'nothing'");
        for (String key : List.of(HOSTILE, UNICODE, LONG, "Upper", "")) {
            assertThatThrownBy(() -> registry.put(key, regions("regions", "eu"))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("key");
        }
        assertThatThrownBy(() -> registry.put("bad\nkey", regions("regions", "eu"))).hasMessageContaining("bad\\nkey");

        assertThat(registry.tables()).containsOnlyKeys("configured", "regions");
        assertThat(registry.get("regions")).contains(regions("regions", "eu"));
    }

    @Test
    void theStoreKeepsDefinitionsWithAnyValueAndCreatesItsTableOnFirstUse() {
        PostgresTableStore store = new PostgresTableStore(db.dataSource());
        Map<String, String> definition = new LinkedHashMap<>();
        definition.put("partition-column", "region");
        definition.put("list.values[0]", HOSTILE);
        definition.put("list.values[1]", UNICODE);
        definition.put("list.values[2]", LONG);

        assertThat(store.load()).isEmpty();
        store.save("regions", definition);
        store.save("other", Map.of("partition-column", "x"));
        store.save("other", Map.of("partition-column", "y"));

        assertThat(new PostgresTableStore(db.dataSource()).load()).containsExactly(Map.entry("regions", definition),
                Map.entry("other", Map.of("partition-column", "y")));
        store.delete("regions");
        store.delete("nothing");
        assertThat(store.load()).containsOnlyKeys("other");
        assertThat(catalog.count("victim")).isEqualTo(1);
    }
}
