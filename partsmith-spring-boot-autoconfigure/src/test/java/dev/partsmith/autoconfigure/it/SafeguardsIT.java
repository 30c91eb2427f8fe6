package dev.partsmith.autoconfigure.it;

import static dev.partsmith.autoconfigure.it.WebApp.list;
import static dev.partsmith.autoconfigure.it.WebApp.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.partsmith.autoconfigure.it.WebApp.Response;
import dev.partsmith.test.TestCatalog;
import dev.partsmith.test.TestDatabase;

/**
 * The kill switches and the storage quota as a user meets them: switched through the endpoint and the
 * properties, shown by the endpoint, health and metrics, over HTTP against a real PostgreSQL.
 */
class SafeguardsIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final String[] TABLES = { "partsmith.tables.events.partition-column=created_at", "partsmith.tables.events.granularity=month",
            "partsmith.tables.orders.partition-column=created_at", "partsmith.tables.orders.granularity=month" };

    private static final String WRITES = "management.endpoint.partsmith.access=unrestricted";

    private TestCatalog catalog;

    @BeforeEach
    void createParents() {
        catalog = new TestCatalog(db.dataSource());
        catalog.exec("DROP TABLE IF EXISTS events, orders",
                "CREATE TABLE events (id bigint NOT NULL, created_at timestamptz NOT NULL) PARTITION BY RANGE (created_at)",
                "CREATE TABLE orders (id bigint NOT NULL, created_at timestamptz NOT NULL) PARTITION BY RANGE (created_at)");
    }

    private static WebApp start(String... properties) {
        String[] all = new String[TABLES.length + properties.length];
        System.arraycopy(TABLES, 0, all, 0, TABLES.length);
        System.arraycopy(properties, 0, all, TABLES.length, properties.length);
        return WebApp.start(db.jdbcUrl(), db.user(), db.password(), all);
    }

    @Test
    void aTablePausedThroughTheEndpointIsNotTouchedAndEveryViewSaysSo() {
        try (WebApp app = start(WRITES, "partsmith.tables.events.min-runway=1h")) {
            Response paused = app.post("/actuator/partsmith/events", "{\"paused\": true, \"reason\": \"restoring a backup\"}");
            assertThat(paused.code()).isEqualTo(200);
            assertThat(map(paused.at("pauses").get("events"))).containsEntry("paused", true).containsEntry("reason", "restoring a backup")
                    .containsEntry("allTables", false).containsKey("since");
            assertThat(paused.body().get("runs")).as("a pause runs nothing").isNull();
            List<String> partitions = catalog.partitions("events");
            catalog.exec("DROP TABLE " + partitions.get(partitions.size() - 1));

            Response run = app.post("/actuator/partsmith", "{}");
            Map<String, Object> events = map(run.at("runs").get("events"));
            assertThat(events).containsEntry("outcome", "skipped").containsEntry("created", 0);
            assertThat((String) events.get("skippedReason")).startsWith("maintenance of public.events is paused since ")
                    .endsWith(" (restoring a backup)");
            assertThat(map(run.at("runs").get("orders"))).containsEntry("outcome", "success");
            assertThat(catalog.partitions("events")).as("the dropped partition is not made again while paused").hasSize(2);

            Response table = app.get("/actuator/partsmith/events");
            assertThat(table.at("pause")).containsEntry("paused", true);
            assertThat(list(table.body().get("problems"))).containsExactly(events.get("skippedReason"));
            Response health = app.get("/actuator/health/partsmith/events");
            assertThat(health.code()).isEqualTo(200);
            assertThat(health.body()).containsEntry("status", "PAUSED");
            assertThat(health.at("details")).containsEntry("pauseReason", "restoring a backup").containsKey("pausedSince")
                    .containsEntry("problem", events.get("skippedReason"));
            assertThat(app.get("/actuator/health").body()).as("a pause takes no application out of service").containsEntry("status", "UP");
            assertThat(app.metric("partsmith.paused", "table:events")).isEqualTo(1.0);
            assertThat(app.metric("partsmith.paused", "table:orders")).isZero();
            assertThat(app.metric("partsmith.maintenance.held", "table:events", "reason:paused")).isEqualTo(1.0);

            Response resumed = app.post("/actuator/partsmith/events", "{\"paused\": false}");
            assertThat(map(resumed.at("pauses").get("events"))).containsEntry("paused", false);
            assertThat(map(app.post("/actuator/partsmith/events", "{}").at("runs").get("events"))).containsEntry("created", 1);
            assertThat(app.get("/actuator/health/partsmith/events").body()).containsEntry("status", "UP");
            assertThat(app.metric("partsmith.paused", "table:events")).isZero();
        }
    }

    @Test
    void everyTableStaysPausedUntilEveryTableIsResumed() {
        try (WebApp app = start(WRITES, "partsmith.run-on-startup=false")) {
            Response all = app.post("/actuator/partsmith", "{\"paused\": true, \"reason\": \"incident 4711\"}");
            assertThat(all.at("pauses")).containsOnlyKeys("events", "orders")
                    .allSatisfy((key, pause) -> assertThat(map(pause)).containsEntry("paused", true).containsEntry("allTables", true));

            Response one = app.post("/actuator/partsmith/events", "{\"paused\": false}");
            assertThat(map(one.at("pauses").get("events"))).as("still held by the pause of every table").containsEntry("paused", true)
                    .containsEntry("allTables", true);
            assertThat(map(app.post("/actuator/partsmith", "{}").at("runs").get("orders"))).containsEntry("outcome", "skipped");

            Response resumed = app.post("/actuator/partsmith", "{\"paused\": false}");
            assertThat(resumed.at("pauses")).allSatisfy((key, pause) -> assertThat(map(pause)).containsEntry("paused", false));
            assertThat(app.post("/actuator/partsmith", "{}").at("runs")).allSatisfy((key, run) -> assertThat(map(run)).containsEntry("created", 3));
        }
    }

    @Test
    void aPauseIsAWriteAndCannotBeMixedWithADryRun() {
        try (WebApp app = start("partsmith.run-on-startup=false")) {
            assertThat(app.post("/actuator/partsmith/events", "{\"paused\": true}").code()).as("writes are not granted").isEqualTo(405);
        }
        try (WebApp app = start(WRITES, "partsmith.run-on-startup=false")) {
            assertThat(app.post("/actuator/partsmith/events", "{\"paused\": true, \"dryRun\": true}").code()).isEqualTo(400);
            assertThat(app.post("/actuator/partsmith", "{\"reason\": \"no pause\"}").code()).isEqualTo(400);
            assertThat(app.get("/actuator/partsmith/events").at("pause")).containsEntry("paused", false);
        }
    }

    @Test
    void aTableAtItsMaxPartitionsGetsNoNewOneAndHealthSaysWhichLimit() {
        catalog.exec("CREATE TABLE events_reserved PARTITION OF events FOR VALUES FROM ('2100-01-01') TO ('2101-01-01')");
        try (WebApp app = start("partsmith.tables.events.max-partitions=3", "partsmith.tables.events.create-ahead=3")) {
            String limit = "max-partitions: this run would leave 4 partitions of public.events attached (1 now, 3 added, 0 retired), more than"
                    + " max-partitions (3); no partition is added to public.events in this run (withheld: create public.events__";
            Map<String, Object> lastRun = app.get("/actuator/partsmith/events").at("lastRun");
            assertThat(lastRun).containsEntry("outcome", "failure").containsEntry("created", 0);
            assertThat((String) lastRun.get("error")).startsWith(limit).endsWith("; detaches and drops still run");
            assertThat(catalog.partitions("events")).containsExactly("events_reserved");

            Response health = app.get("/actuator/health/partsmith/events");
            assertThat(health.code()).isEqualTo(503);
            assertThat(health.body()).containsEntry("status", "DOWN");
            assertThat((String) health.at("details").get("problem")).as("the most urgent: nothing covers now")
                    .startsWith("no partition covers the time ahead");
            assertThat(list(health.at("details").get("problems"))).contains(lastRun.get("error"));
            assertThat(app.metric("partsmith.maintenance.held", "table:events", "reason:max-partitions")).isEqualTo(1.0);
            assertThat(app.get("/actuator/health/partsmith/orders").body()).as("its own limit only").containsEntry("status", "UP");
        }
    }

    @Test
    void aDatabaseAtItsSizeLimitGetsNoNewPartitionAndHealthSaysHowBigItIs() {
        try (WebApp app = start("partsmith.safety.max-database-size=1MB")) {
            Map<String, Object> lastRun = app.get("/actuator/partsmith/orders").at("lastRun");
            assertThat(lastRun).containsEntry("outcome", "failure").containsEntry("created", 0);
            assertThat((String) lastRun.get("error")).startsWith("max-database-size: the database is ")
                    .contains(", at or over partsmith.safety.max-database-size (1 MB (1048576 bytes)); no partition is added to public.orders");
            assertThat(catalog.partitions("orders")).isEmpty();
            assertThat(app.get("/actuator/health/partsmith/orders").body()).containsEntry("status", "DOWN");
            assertThat(app.metric("partsmith.database.size")).isEqualTo(
                    db.jdbc().queryForObject("SELECT pg_database_size(current_database())", Long.class).doubleValue());
            assertThat(app.metric("partsmith.maintenance.held", "table:orders", "reason:database-size")).isEqualTo(1.0);
        }
    }
}
