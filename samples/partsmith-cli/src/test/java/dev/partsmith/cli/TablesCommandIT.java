package dev.partsmith.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import dev.partsmith.config.ListLevel;
import dev.partsmith.postgres.PostgresTableStore;
import dev.partsmith.test.TestCatalog;
import dev.partsmith.test.TestDatabase;

/**
 * {@code partsmith-cli tables}: tables, tenants and list values added and removed in the database's store, read
 * back by the next start (here {@code apply}), with hostile values named safely and refusals exiting 2.
 */
class TablesCommandIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final String HOSTILE = "O'Brien; DROP TABLE victim; --";

    @TempDir
    static Path dir;

    static Path config;

    @BeforeAll
    static void createParentsAndConfig() throws IOException {
        new TestCatalog(db.dataSource()).exec("CREATE TABLE victim (id int)", "INSERT INTO victim VALUES (1)",
                "CREATE TABLE events (id bigint NOT NULL, created_at timestamptz NOT NULL) PARTITION BY RANGE (created_at)",
                "CREATE TABLE tenant_events (id bigint NOT NULL, project_id text NOT NULL, created_at timestamptz NOT NULL)"
                        + " PARTITION BY LIST (project_id)");
        config = Files.writeString(dir.resolve("tables.yml"), """
                tables:
                  events:
                    partition-column: created_at
                    granularity: month
                """);
    }

    @Test
    void tablesAddedByTheCommandLineAreStoredAndMaintainedByTheNextStartThatReadsTheStore() {
        TestCatalog catalog = new TestCatalog(db.dataSource());
        CliRun empty = CliRun.on(db, "tables", "list");
        assertThat(empty.exitCode()).as(empty.err()).isEqualTo(PartsmithCli.OK);
        assertThat(empty.out()).contains("No table was added at run time.");
        assertThat(catalog.exists("public", "partsmith_table")).as("created on first use").isTrue();

        CliRun added = CliRun.on(db, "tables", "add", "tenant-events", "table-name=tenant_events", "partition-column=created_at",
                "granularity=day", "create-ahead=2", "tenant-column=project_id", "tenants=tenant1,tenant2", "--config", config.toString());
        assertThat(added.exitCode()).as(added.err()).isEqualTo(PartsmithCli.OK);
        assertThat(added.out()).contains("stored tenant-events  public.tenant_events", "project_id: [tenant1, tenant2]");

        assertThat(CliRun.on(db, "tables", "add-tenant", "tenant-events", HOSTILE, "retention=5").exitCode()).isEqualTo(PartsmithCli.OK);
        assertThat(CliRun.on(db, "tables", "add-tenant", "tenant-events", "日本").exitCode()).isEqualTo(PartsmithCli.OK);
        assertThat(CliRun.on(db, "tables", "remove-tenant", "tenant-events", "tenant2").exitCode()).isEqualTo(PartsmithCli.OK);
        CliRun listed = CliRun.on(db, "tables", "list");
        assertThat(listed.out()).contains("tenant-events  public.tenant_events", "project_id: [tenant1, " + HOSTILE + ", 日本]");
        assertThat(new PostgresTableStore(db.dataSource()).load().get("tenant-events")).containsEntry("tenants[1].id", HOSTILE)
                .containsEntry("tenants[1].retention", "5").containsEntry("tenant-column", "project_id");

        CliRun apply = CliRun.on(db, "apply", "--config", config.toString(), "--partsmith.runtime-tables.store=database");
        assertThat(apply.exitCode()).as(apply.err() + apply.out()).isEqualTo(PartsmithCli.OK);
        assertThat(apply.out()).contains("tenant-events (public.tenant_events)");
        assertThat(catalog.partitions("tenant_events")).containsExactlyInAnyOrder("tenant_events__tenant1",
                ListLevel.childName("tenant_events", HOSTILE), ListLevel.childName("tenant_events", "日本"));
        assertThat(catalog.partitions(ListLevel.childName("tenant_events", HOSTILE))).hasSize(2);

        CliRun removed = CliRun.on(db, "tables", "remove", "tenant-events");
        assertThat(removed.exitCode()).isEqualTo(PartsmithCli.OK);
        assertThat(removed.out()).contains("nothing of it was dropped");
        assertThat(CliRun.on(db, "tables", "list").out()).contains("No table was added at run time.");
        assertThat(catalog.partitions("tenant_events")).hasSize(3);
        assertThat(catalog.count("victim")).isEqualTo(1);
    }

    @Test
    void refusedChangesExitTwoNamingTheCulpritAndChangeNothing() {
        assertThat(CliRun.on(db, "tables", "add", "regions", "table-name=regions", "partition-column=region", "list.values=eu").exitCode())
                .isEqualTo(PartsmithCli.OK);

        assertRefused(CliRun.on(db, "tables", "add-tenant", "regions", "acme"), "has no tenants");
        assertRefused(CliRun.on(db, "tables", "add-value", "regions", "eu"), "eu");
        assertRefused(CliRun.on(db, "tables", "remove-value", "regions", HOSTILE), "has no list value '" + HOSTILE + "'");
        assertRefused(CliRun.on(db, "tables", "add", "Bad;key", "partition-column=region", "list.values=eu"), "(was 'Bad;key')");
        assertRefused(CliRun.on(db, "tables", "add", "other", "partition-column=region", "list.valuez=eu"), "list.valuez is not a property of a table");
        assertRefused(CliRun.on(db, "tables", "add", "events", "partition-column=region", "list.values=eu", "--config", config.toString()),
                "'events' is a configured table's");
        assertRefused(CliRun.on(db, "tables", "remove", "nothing"), "No table was added at run time under the key 'nothing'");
        CliRun unknown = CliRun.of("tables", "frobnicate");
        assertThat(unknown.exitCode()).isEqualTo(PartsmithCli.BAD_USAGE);
        assertThat(unknown.err()).startsWith("partsmith-cli: unknown action 'frobnicate' of tables").contains(TablesArguments.USAGE);
        assertThat(CliRun.of("tables", "--help").out()).isEqualTo(TablesArguments.USAGE + "\n");

        assertThat(new PostgresTableStore(db.dataSource()).load()).containsKey("regions").doesNotContainKeys("other", "events")
                .extractingByKey("regions").isEqualTo(Map.of("schema", "public", "table-name", "regions", "partition-column", "region",
                        "list.values[0]", "eu", "list.retire-with-rows", "false", "drop-grace", "PT0S", "timezone", "Z", "adopt", "grid"));
        assertThat(CliRun.on(db, "tables", "remove", "regions").exitCode()).isEqualTo(PartsmithCli.OK);

        CliRun badStore = CliRun.on(db, "tables", "list", "--partsmith.runtime-tables.schema=no_such_schema");
        assertThat(badStore.exitCode()).isEqualTo(PartsmithCli.FAILED);
        assertThat(badStore.err()).startsWith("partsmith-cli: the store of tables added at run time cannot be read or written: ")
                .contains("no_such_schema");
    }

    private static void assertRefused(CliRun run, String message) {
        assertThat(run.exitCode()).as(run.out()).isEqualTo(PartsmithCli.BAD_USAGE);
        assertThat(run.err()).contains(message);
    }
}
