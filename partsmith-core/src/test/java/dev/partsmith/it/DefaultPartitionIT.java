package dev.partsmith.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.threeten.extra.MutableClock;

import dev.partsmith.config.PartitionGranularity;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.lifecycle.MaintenanceResult;
import dev.partsmith.test.TestCatalog;
import dev.partsmith.test.TestDatabase;

import static org.awaitility.Awaitility.await;

class DefaultPartitionIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private final MutableClock clock = MutableClock.of(Instant.parse("2024-03-15T10:00:00Z"), ZoneOffset.UTC);
    private TestCatalog catalog;

    private final TablePartitionConfig config = TablePartitionConfig.builder().maxClockSkew(Maintenance.MOVED_CLOCK).tableName("events").partitionColumn("created_at")
            .granularity(PartitionGranularity.MONTH).createAheadCount(2).build();

    @BeforeEach
    void createTables() {
        catalog = new TestCatalog(db.dataSource());
        catalog.exec("DROP TABLE IF EXISTS comments", "DROP TABLE IF EXISTS events, events__2024_03",
                "CREATE TABLE events (id bigint GENERATED ALWAYS AS IDENTITY, created_at timestamptz NOT NULL,"
                        + " doubled bigint GENERATED ALWAYS AS (id * 2) STORED, note text, PRIMARY KEY (id, created_at))"
                        + " PARTITION BY RANGE (created_at)",
                "CREATE TABLE events_default PARTITION OF events DEFAULT");
    }

    @Test
    void rowsOfTheNewPeriodAreMovedOutOfDefaultAndNoneIsLost() {
        catalog.exec("INSERT INTO events (created_at, note) SELECT timestamptz '2024-03-01' + g * interval '1 minute', 'march'"
                + " FROM generate_series(0, 999) g",
                "INSERT INTO events (created_at, note) VALUES ('2019-01-01', 'old'), ('2024-04-30 23:59:59.999999+00', 'april')");
        String before = catalog.jdbc().queryForObject("SELECT md5(string_agg(id || created_at::text || doubled || note, ',' ORDER BY id)) FROM events",
                String.class);

        MaintenanceResult result = Maintenance.maintainer(db.dataSource(), clock).runMaintenance(config);

        assertThat(result.success()).as(String.valueOf(result.error())).isTrue();
        assertThat(result.createdCount()).isEqualTo(2);
        assertThat(result.movedRowCount()).isEqualTo(1001);
        assertThat(catalog.count("events__2024_03")).isEqualTo(1000);
        assertThat(catalog.count("events__2024_04")).isEqualTo(1);
        assertThat(catalog.jdbc().queryForList("SELECT note FROM events_default", String.class)).containsExactly("old");
        assertThat(catalog.jdbc().queryForObject("SELECT md5(string_agg(id || created_at::text || doubled || note, ',' ORDER BY id)) FROM events",
                String.class)).as("every row, with its generated column, is unchanged").isEqualTo(before);
    }

    @Test
    void rowsThatACascadingForeignKeyReferencesAreNotMovedButTheOthersAre() {
        catalog.exec("INSERT INTO events (created_at, note) VALUES ('2024-03-02', 'referenced')",
                "CREATE TABLE comments (id bigint, event_id bigint, event_at timestamptz,"
                        + " CONSTRAINT comments_event_fk FOREIGN KEY (event_id, event_at) REFERENCES events ON DELETE CASCADE)",
                "INSERT INTO comments SELECT 1, id, created_at FROM events",
                "INSERT INTO events (created_at, note) VALUES ('2024-04-02', 'unreferenced')");

        MaintenanceResult result = Maintenance.maintainer(db.dataSource(), clock).runMaintenance(config);

        assertThat(result.success()).isFalse();
        assertThat(result.errors()).singleElement().satisfies(issue -> assertThat(issue.message()).isEqualTo(
                "cannot move the rows of [2024-03-01 00:00:00+00:00, 2024-04-01 00:00:00+00:00) out of DEFAULT partition"
                        + " public.events_default into public.events__2024_03: 1 of them is referenced by rows of public.comments through"
                        + " foreign key comments_event_fk (ON DELETE CASCADE), and moving a row deletes it from DEFAULT, which would delete"
                        + " those rows; nothing was moved. Delete or re-point the referencing rows; until then public.events__2024_03 stays"
                        + " created and unattached, and each run tries again"));
        assertThat(result.createdCount()).as("April's row is referenced by nobody and moves").isEqualTo(1);
        assertThat(result.movedRowCount()).isEqualTo(1);
        assertThat(catalog.count("comments")).isEqualTo(1);
        assertThat(catalog.count("events_default")).isEqualTo(1);
        assertThat(catalog.count("events__2024_04")).isEqualTo(1);
        assertThat(catalog.isPartition("public", "events__2024_03")).isFalse();
    }

    @Test
    void updatesAndDeletesOfRowsBeingMovedWaitAndAreNotLost() throws Exception {
        catalog.exec("INSERT INTO events (created_at, note) SELECT timestamptz '2024-03-01' + g * interval '1 minute', 'march'"
                + " FROM generate_series(1, 500) g",
                "INSERT INTO events (created_at, note) VALUES ('2024-03-05', 'to update'), ('2024-03-06', 'to delete')",
                // Holds the move (a DELETE on the DEFAULT) until the test lets it go.
                "CREATE OR REPLACE FUNCTION gate() RETURNS trigger LANGUAGE plpgsql AS $$"
                        + " BEGIN PERFORM pg_advisory_lock(4242); PERFORM pg_advisory_unlock(4242); RETURN NULL; END $$",
                "CREATE TRIGGER gate BEFORE DELETE ON events_default FOR EACH STATEMENT EXECUTE FUNCTION gate()");
        try (Connection gate = db.newDataSource(1).getConnection(); Statement gateStatement = gate.createStatement()) {
            gateStatement.execute("SELECT pg_advisory_lock(4242)");
            CompletableFuture<MaintenanceResult> run = CompletableFuture.supplyAsync(
                    () -> Maintenance.maintainer(db.dataSource(), clock).runMaintenance(config));
            await().until(() -> catalog.count("pg_locks WHERE locktype = 'advisory' AND NOT granted"
                    + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())") == 1);

            // The move is under way: an application updates one row of March and deletes another.
            CompletableFuture<Integer> update = CompletableFuture.supplyAsync(
                    () -> catalog.jdbc().update("UPDATE events SET note = 'updated' WHERE note = 'to update'"));
            CompletableFuture<Integer> delete = CompletableFuture.supplyAsync(
                    () -> catalog.jdbc().update("DELETE FROM events WHERE note = 'to delete'"));
            await().until(() -> catalog.count("pg_locks l JOIN pg_class c ON c.oid = l.relation"
                    + " WHERE c.relname = 'events' AND NOT l.granted") == 2);
            gateStatement.execute("SELECT pg_advisory_unlock(4242)");

            MaintenanceResult result = run.get();
            assertThat(result.success()).as(String.valueOf(result.error())).isTrue();
            assertThat(result.movedRowCount()).isEqualTo(502);
            assertThat(update.get()).as("the update found its row, in its new partition").isEqualTo(1);
            assertThat(delete.get()).isEqualTo(1);
        }
        finally {
            catalog.exec("DROP TRIGGER IF EXISTS gate ON events_default");
        }
        assertThat(catalog.jdbc().queryForList("SELECT note FROM events__2024_03 WHERE note <> 'march'", String.class))
                .containsExactly("updated");
        assertThat(catalog.count("events")).isEqualTo(501);
        assertThat(catalog.count("ONLY events_default")).isZero();
    }

    @Test
    void rowsKeepArrivingForThePeriodWhileItIsCreated() throws Exception {
        catalog.exec("INSERT INTO events (created_at, note) SELECT timestamptz '2024-03-01' + g * interval '1 second', 'early'"
                + " FROM generate_series(0, 49999) g");
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicLong written = new AtomicLong();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try (Connection connection = db.dataSource().getConnection();
                    PreparedStatement insert = connection.prepareStatement("INSERT INTO events (created_at, note) VALUES (?, 'live')")) {
                while (writing.get()) {
                    insert.setObject(1, java.time.OffsetDateTime.parse("2024-03-10T00:00:00Z").plusSeconds(written.get()));
                    insert.executeUpdate();
                    written.incrementAndGet();
                }
            }
            catch (Exception ex) {
                throw new IllegalStateException(ex);
            }
        });
        await().until(() -> writer.isDone() || written.get() > 200);

        MaintenanceResult result = Maintenance.maintainer(db.dataSource(), clock).runMaintenance(config);
        long writtenAtAttach = written.get();
        await().until(() -> writer.isDone() || written.get() > writtenAtAttach + 200);
        writing.set(false);
        writer.get();

        assertThat(result.success()).as(String.valueOf(result.error())).isTrue();
        assertThat(result.movedRowCount()).isGreaterThanOrEqualTo(50_000);
        assertThat(catalog.count("events")).isEqualTo(50_000 + written.get());
        assertThat(catalog.count("events_default")).isZero();
        assertThat(catalog.count("events__2024_03")).isEqualTo(50_000 + written.get());
    }
}
