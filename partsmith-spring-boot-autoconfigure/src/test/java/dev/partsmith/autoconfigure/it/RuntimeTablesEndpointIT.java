package dev.partsmith.autoconfigure.it;

import static dev.partsmith.autoconfigure.it.WebApp.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;

import dev.partsmith.autoconfigure.DatabaseTableStore;
import dev.partsmith.autoconfigure.PartsmithProperties;
import dev.partsmith.autoconfigure.TableDefinitions;
import dev.partsmith.autoconfigure.endpoint.PartsmithEndpoint;
import dev.partsmith.autoconfigure.it.WebApp.Response;
import dev.partsmith.catalog.PartitionMarker;
import dev.partsmith.config.ListLevel;
import dev.partsmith.config.PartsmithTableRegistry;
import dev.partsmith.postgres.PostgresTableStore;
import dev.partsmith.test.TestCatalog;
import dev.partsmith.test.TestDatabase;

/**
 * Tables, tenants and list values added and removed at run time through the endpoint, as a user does it over
 * HTTP: the table is run at once, and shows in the endpoint, health and metrics; it survives a restart when
 * {@code partsmith.runtime-tables.store=database}, not otherwise; configured tables, bad definitions and
 * hostile values are refused, naming them.
 */
class RuntimeTablesEndpointIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final String[] CONFIGURED = { "partsmith.tables.events.partition-column=created_at",
            "partsmith.tables.events.granularity=month" };

    private static final String WRITES = "management.endpoint.partsmith.access=unrestricted";

    private static final String STORED = "partsmith.runtime-tables.store=database";

    private static final String TENANTS = "{\"definition\": \"table-name=tenant_events\\npartition-column=created_at\\ngranularity=day"
            + "\\ncreate-ahead=2\\ndrop-grace=1d\\ntenant-column=project_id\\ntenants[0]=tenant1\\ntenants[1].id=tenant2"
            + "\\ntenants[1].create-ahead=3\"}";

    private static final String REGIONS = "partition-column=region\nlist.values=eu";

    private static final String HOSTILE = "O'Brien; DROP TABLE victim; --";

    private TestCatalog catalog;

    @BeforeEach
    void createParents() {
        catalog = new TestCatalog(db.dataSource());
        catalog.exec("DROP TABLE IF EXISTS events, tenant_events, regions, victim, partsmith_table",
                "CREATE TABLE victim (id int)", "INSERT INTO victim VALUES (1)",
                "CREATE TABLE events (id bigint NOT NULL, created_at timestamptz NOT NULL) PARTITION BY RANGE (created_at)",
                "CREATE TABLE tenant_events (id bigint NOT NULL, project_id text NOT NULL, created_at timestamptz NOT NULL)"
                        + " PARTITION BY LIST (project_id)",
                "CREATE TABLE regions (id bigint NOT NULL, region text NOT NULL) PARTITION BY LIST (region)");
    }

    private static WebApp start(String... properties) {
        String[] all = new String[CONFIGURED.length + properties.length];
        System.arraycopy(CONFIGURED, 0, all, 0, CONFIGURED.length);
        System.arraycopy(properties, 0, all, CONFIGURED.length, properties.length);
        return WebApp.start(db.jdbcUrl(), db.user(), db.password(), all);
    }

    @Test
    void aTableAddedThroughTheEndpointIsRunAtOnceShowsEverywhereAndSurvivesARestartWhenStored() {
        try (WebApp app = start(WRITES, STORED)) {
            Response added = app.post("/actuator/partsmith/tenant-events/add", TENANTS);

            assertThat(added.code()).isEqualTo(200);
            assertThat(added.body()).containsEntry("key", "tenant-events").containsEntry("change", "add").containsEntry("stored", true);
            assertThat(added.at("run")).containsEntry("outcome", "success").containsEntry("created", 7);
            assertThat(added.at("table")).containsEntry("addedAtRunTime", true).containsEntry("table", "tenant_events");
            assertThat(catalog.partitions("tenant_events__tenant2")).hasSize(3);
            assertThat(app.get("/actuator/partsmith").at("tables")).containsOnlyKeys("events", "tenant-events");
            assertThat(map(app.get("/actuator/partsmith").at("tables").get("events"))).containsEntry("addedAtRunTime", false);
            assertThat(app.get("/actuator/health/partsmith/tenant-events").body()).containsEntry("status", "UP");
            assertThat(app.metric("partsmith.partitions", "table:tenant-events")).as("the days, whose tables hold rows").isEqualTo(5.0);
            assertThat(app.metric("partsmith.partitions.created", "table:tenant-events")).isEqualTo(7.0);
            assertThat(app.metric("partsmith.paused", "table:tenant-events")).isZero();

            Response tenant = app.post("/actuator/partsmith/tenant-events/add-tenant", "{\"tenant\": \"tenant3\", \"retention\": 5}");
            assertThat(tenant.code()).isEqualTo(200);
            assertThat(tenant.at("run")).containsEntry("created", 3);
            assertThat(catalog.partitions("tenant_events__tenant3")).hasSize(2);

            Response removed = app.post("/actuator/partsmith/tenant-events/remove-tenant", "{\"tenant\": \"tenant1\"}");
            assertThat(removed.code()).isEqualTo(200);
            assertThat(removed.at("run")).containsEntry("detached", 1).containsEntry("dropped", 0);
            assertThat(PartitionMarker.parse(catalog.comment("public", "tenant_events__tenant1"))).as("retired through marker and grace")
                    .hasValueSatisfying(marker -> assertThat(marker.state()).isEqualTo(PartitionMarker.State.ORPHAN));
        }

        try (WebApp app = start(WRITES, STORED)) {
            Response table = app.get("/actuator/partsmith/tenant-events");
            assertThat(table.code()).as("stored, so back after the restart").isEqualTo(200);
            assertThat(table.body()).containsEntry("addedAtRunTime", true).containsEntry("granularity", "tenants (2 values) > day");
            assertThat(app.get("/actuator/health/partsmith/tenant-events").body()).containsEntry("status", "UP");
            assertThat(app.metric("partsmith.partitions", "table:tenant-events")).as("maintained by the start-up run").isEqualTo(5.0);

            Response deleted = app.delete("/actuator/partsmith/tenant-events");
            assertThat(deleted.code()).isEqualTo(200);
            assertThat(deleted.body()).containsEntry("change", "remove").containsEntry("stored", true);
            assertThat(app.get("/actuator/partsmith/tenant-events").code()).isEqualTo(404);
            assertThat(app.get("/actuator/health/partsmith/tenant-events").code()).isEqualTo(404);
            assertThat(app.get("/actuator/metrics/partsmith.partitions?tag=table:tenant-events").code()).isEqualTo(404);
            assertThat(catalog.partitions("tenant_events")).as("nothing is dropped when a table is no longer managed")
                    .containsExactly("tenant_events__tenant2", "tenant_events__tenant3");
        }

        try (WebApp app = start(WRITES, STORED)) {
            assertThat(app.get("/actuator/partsmith").at("tables")).containsOnlyKeys("events");
        }
    }

    @Test
    void withoutAStoreATableAddedAtRunTimeLastsUntilTheApplicationStops() {
        try (WebApp app = start(WRITES)) {
            Response added = app.post("/actuator/partsmith/tenant-events/add", TENANTS);
            assertThat(added.code()).isEqualTo(200);
            assertThat(added.body()).containsEntry("stored", false);
            assertThat(app.get("/actuator/partsmith/tenant-events").code()).isEqualTo(200);
        }
        try (WebApp app = start(WRITES)) {
            assertThat(app.get("/actuator/partsmith/tenant-events").code()).isEqualTo(404);
        }
        assertThat(catalog.exists("public", "partsmith_table")).as("no store, no table of partsmith's own").isFalse();
    }

    @Test
    void whatAnotherProcessStoredIsMaintainedAtTheNextRunOfEveryTable() {
        try (WebApp app = start(WRITES, STORED)) {
            PartsmithProperties properties = app.context().getBean(PartsmithProperties.class);
            TableDefinitions definitions = app.context().getBean(TableDefinitions.class);
            PartsmithTableRegistry elsewhere = new PartsmithTableRegistry(Map.of(),
                    new DatabaseTableStore(new PostgresTableStore(db.dataSource()), new TableDefinitions(properties, app.context())));
            elsewhere.put("regions", definitions.define("regions", TableDefinitions.parse(REGIONS)));
            assertThat(app.get("/actuator/partsmith/regions").code()).as("not read before the next run").isEqualTo(404);

            Response run = app.post("/actuator/partsmith", "{}");

            assertThat(map(run.at("runs").get("regions"))).containsEntry("outcome", "success").containsEntry("created", 1);
            assertThat(catalog.partitions("regions")).containsExactly("regions__eu");
            assertThat(app.metric("partsmith.partitions", "table:regions")).isEqualTo(1.0);
        }
    }

    @Test
    void writesNeedTheEndpointsWriteAccess() {
        try (WebApp app = start(STORED)) {
            assertThat(app.post("/actuator/partsmith/tenant-events/add", TENANTS).code()).as("no such operation while read-only").isEqualTo(404);
            assertThat(app.delete("/actuator/partsmith/events").code()).isEqualTo(405);
            assertThat(app.get("/actuator/partsmith").body()).containsEntry("writable", false);
        }
        assertThat(catalog.partitions("tenant_events")).isEmpty();
    }

    @Test
    void configuredTablesBadDefinitionsAndHostileValuesAreRefusedNamingThemAndChangeNothing() {
        try (WebApp app = start(WRITES, STORED)) {
            PartsmithEndpoint endpoint = app.context().getBean(PartsmithEndpoint.class);

            assertThat(app.post("/actuator/partsmith/events/add", TENANTS).code()).isEqualTo(400);
            assertThatThrownBy(() -> add(endpoint, "events", REGIONS)).isInstanceOf(InvalidEndpointRequestException.class)
                    .hasMessageContaining("'events' is a configured table's");
            assertThatThrownBy(() -> endpoint.removeTable("events")).hasMessageContaining("'events' is a configured table's");
            assertThatThrownBy(() -> value(endpoint, "events", "add-value", "eu")).hasMessageContaining("'events' is a configured table's");
            assertThatThrownBy(() -> add(endpoint, "regions", REGIONS + "\ngranularty=day")).hasMessageContaining("granularty is not a property of a table");
            assertThatThrownBy(() -> add(endpoint, "regions", REGIONS + "\ntenant-column=t\ntenants[0].id=a\ntenants[0].create-ahead=many"))
                    .hasMessageContaining("tenants[0].create-ahead cannot be read");
            assertThatThrownBy(() -> add(endpoint, "regions", "partitionColumn=region")).hasMessageContaining("partitionColumn is not a property name");
            assertThatThrownBy(() -> add(endpoint, "regions", REGIONS + "\nhooks.before-drop[0].code=DROP TABLE victim"))
                    .hasMessageContaining("hooks is set in the configuration only");
            assertThatThrownBy(() -> add(endpoint, "regions", REGIONS + "\ntable-name=" + "x".repeat(200)))
                    .hasMessageContaining("table-name is 200 bytes long");
            for (String key : List.of(HOSTILE, "日本", "k".repeat(200))) {
                assertThatThrownBy(() -> add(endpoint, key, REGIONS)).hasMessageContaining("the key is not one");
            }
            assertThatThrownBy(() -> endpoint.changeTable("regions", "rename", REGIONS, null, null, null, null)).hasMessageContaining("'rename'");
            assertThatThrownBy(() -> endpoint.changeTable("regions", "add-value", REGIONS, null, null, null, "eu"))
                    .hasMessageContaining("not \"definition\"");

            assertThat(add(endpoint, "regions", REGIONS).run().outcome()).isEqualTo("success");
            assertThat(value(endpoint, "regions", "add-value", HOSTILE).run().created()).isEqualTo(1);
            assertThat(value(endpoint, "regions", "add-value", "日本").run().created()).isEqualTo(1);
            assertThatThrownBy(() -> value(endpoint, "regions", "add-value", HOSTILE)).hasMessageContaining(HOSTILE);
            assertThatThrownBy(() -> value(endpoint, "regions", "remove-value", "nowhere")).hasMessageContaining("has no list value 'nowhere'");
            assertThatThrownBy(() -> endpoint.changeTable("regions", "add-tenant", null, "acme", null, null, null))
                    .hasMessageContaining("has no tenants");
            catalog.exec("INSERT INTO regions VALUES (1, 'O''Brien; DROP TABLE victim; --')");
            assertThat(value(endpoint, "regions", "remove-value", HOSTILE).run().dropped()).isZero();

            assertThat(app.get("/actuator/partsmith").at("tables")).containsOnlyKeys("events", "regions");
            assertThat(catalog.partitions("regions")).contains(ListLevel.childName("regions", HOSTILE));
            assertThat(catalog.count(ListLevel.childName("regions", HOSTILE))).isEqualTo(1);
            assertThat(catalog.count("victim")).isEqualTo(1);
        }
    }

    private static PartsmithEndpoint.TableChangeDescriptor add(PartsmithEndpoint endpoint, String key, String definition) {
        return endpoint.changeTable(key, "add", definition, null, null, null, null);
    }

    private static PartsmithEndpoint.TableChangeDescriptor value(PartsmithEndpoint endpoint, String key, String change, String value) {
        return endpoint.changeTable(key, change, null, null, null, null, value);
    }
}
