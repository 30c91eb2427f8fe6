package dev.partsmith.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.partsmith.InvalidParentTableException;
import dev.partsmith.InvalidPartitionConfigException;
import dev.partsmith.catalog.QualifiedName;
import dev.partsmith.config.PartitionGranularity;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.lifecycle.MaintenanceResult;
import dev.partsmith.lifecycle.PartitionLifecycleService;
import dev.partsmith.lifecycle.PartitionMaintainer;
import dev.partsmith.plan.MaintenanceIssueStep;
import dev.partsmith.postgres.PostgresAdvisoryLockManager;
import dev.partsmith.postgres.PostgresMetadataProvider;
import dev.partsmith.postgres.PostgresPartitionRepository;
import dev.partsmith.test.TestCatalog;
import dev.partsmith.test.TestDatabase;

/**
 * Bad input gets the exact message a user sees, and changes nothing in the database beyond what that
 * message says: the catalog (relations, owners, comments, parents, bounds) and every table's rows are
 * compared before and after.
 */
class BadInputIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-04-15T10:00:00Z"), ZoneOffset.UTC);
    private static final String HOSTILE_SCHEMA = "ev'il\"; DROP SCHEMA app CASCADE; --";
    private static final List<String> HOSTILE_TABLES = List.of("x\"; DROP TABLE app.victim; --", "$$ évé ✓ $$", "semi;colon",
            "O'Brien \"quoted\"");
    private static final String HOSTILE_COLUMN = "at $$; DROP TABLE app.victim; --";

    private static TestCatalog sql;
    private static PartitionMaintainer maintainer;

    @BeforeAll
    static void createTables() {
        sql = new TestCatalog(db.dataSource());
        sql.exec("CREATE SCHEMA app",
                "CREATE TABLE app.victim (id int)", "INSERT INTO app.victim VALUES (1)",
                "CREATE TABLE app.events (id bigint, created_at timestamptz NOT NULL, updated_at timestamptz) PARTITION BY RANGE (created_at)",
                "CREATE TABLE app.events__2024_04 PARTITION OF app.events FOR VALUES FROM ('2024-04-01 00:00+00') TO ('2024-05-01 00:00+00')",
                "INSERT INTO app.events VALUES (1, '2024-04-02', now())",
                "CREATE TABLE app.plain (id bigint, created_at timestamptz NOT NULL)",
                "CREATE TABLE app.by_list (id bigint, region text, created_at timestamptz NOT NULL) PARTITION BY LIST (region)",
                "CREATE TABLE app.numbers (id bigint NOT NULL, created_at timestamptz NOT NULL) PARTITION BY RANGE (id)",
                "CREATE SCHEMA " + QualifiedName.quote(HOSTILE_SCHEMA));
        for (String table : HOSTILE_TABLES) {
            sql.exec("CREATE TABLE " + new QualifiedName(HOSTILE_SCHEMA, table).quoted() + " (id bigint, " + QualifiedName.quote(HOSTILE_COLUMN)
                    + " timestamptz NOT NULL) PARTITION BY RANGE (" + QualifiedName.quote(HOSTILE_COLUMN) + ")");
        }
        maintainer = new PartitionMaintainer(new PartitionLifecycleService(new PostgresPartitionRepository(db.dataSource()),
                new PostgresMetadataProvider(db.dataSource()), new PostgresAdvisoryLockManager(db.dataSource()), List.of(), CLOCK));
    }

    private static TablePartitionConfig.Builder table(String schema, String table) {
        return TablePartitionConfig.builder().maxClockSkew(TableSpec.MOVED_CLOCK).schema(schema).tableName(table).partitionColumn("created_at")
                .granularity(PartitionGranularity.MONTH).createAheadCount(2).retentionCount(1);
    }

    /** Every entry point refuses the table with {@code message}, and the database is as it was. */
    private static void assertRefused(TablePartitionConfig config, String message) {
        List<String> before = sql.snapshot();

        assertThatThrownBy(() -> maintainer.runMaintenance(config)).isInstanceOf(InvalidParentTableException.class).hasMessage(message);
        assertThatThrownBy(() -> maintainer.plan(config)).isInstanceOf(InvalidParentTableException.class).hasMessage(message);
        MaintenanceResult result = maintainer.runMaintenanceSafe(config);
        assertThat(result.outcome()).isEqualTo(MaintenanceResult.Outcome.FAILURE);
        assertThat(result.error()).isEqualTo(message);
        assertThat(result.errors()).singleElement().satisfies(issue -> {
            assertThat(issue.step()).isEqualTo(MaintenanceIssueStep.CATALOG);
            assertThat(issue.message()).isEqualTo(message);
        });

        assertThat(sql.snapshot()).as("nothing in the database changed").isEqualTo(before);
    }

    private static void assertInvalid(TablePartitionConfig.Builder builder, String message) {
        List<String> before = sql.snapshot();
        assertThatThrownBy(builder::build).isInstanceOf(InvalidPartitionConfigException.class).hasMessage(message);
        assertThat(sql.snapshot()).isEqualTo(before);
    }

    @Test
    void aParentThatDoesNotExist() {
        assertRefused(table("app", "missing").build(), "table app.missing does not exist");
    }

    @Test
    void aParentThatIsNotPartitioned() {
        assertRefused(table("app", "plain").build(),
                "app.plain is not a partitioned table (relkind 'r'); create it with PARTITION BY RANGE (created_at)");
    }

    @Test
    void aParentPartitionedByList() {
        assertRefused(table("app", "by_list").build(), "app.by_list is partitioned by LIST; its config describes month ranges of created_at, partitioned by RANGE");
    }

    @Test
    void aParentPartitionedOnAnotherColumn() {
        assertRefused(table("app", "events").partitionColumn("updated_at").build(),
                "app.events is partitioned on column \"created_at\", not on \"updated_at\" as configured (partitionColumn)");
    }

    @Test
    void aParentPartitionedOnAColumnOfAnotherType() {
        assertRefused(table("app", "numbers").partitionColumn("id").build(),
                "app.numbers is partitioned on \"id\" of type bigint; partsmith manages timestamp with time zone,"
                        + " timestamp without time zone and date keys (and bigint keys with epoch: seconds or milliseconds)");
    }

    @Test
    void aSchemaThatDoesNotExist() {
        assertRefused(table("nowhere", "events").build(), "schema \"nowhere\" of table nowhere.events does not exist");
    }

    @Test
    void hostileNamesThatDoNotExistAreReportedVerbatim() {
        assertRefused(table("app", "x\"; DROP TABLE app.victim; --").build(), "table app.x\"; DROP TABLE app.victim; -- does not exist");
        assertRefused(table("a'b$$c; DROP SCHEMA app CASCADE; --", "events").build(),
                "schema \"a'b$$c; DROP SCHEMA app CASCADE; --\" of table a'b$$c; DROP SCHEMA app CASCADE; --.events does not exist");
        assertRefused(table("app", "événements ✓").build(), "table app.événements ✓ does not exist");
        assertRefused(table("app", "events").partitionColumn("x\"; DROP TABLE app.victim; --").build(),
                "app.events is partitioned on column \"created_at\", not on \"x\"; DROP TABLE app.victim; --\" as configured (partitionColumn)");
    }

    @Test
    void hostileNamesThatExistAreManagedAndNothingElseIsTouched() {
        List<String> before = sql.snapshot();
        int added = 0;
        for (String name : HOSTILE_TABLES) {
            TablePartitionConfig config = table(HOSTILE_SCHEMA, name).partitionColumn(HOSTILE_COLUMN).createAheadCount(1).build();
            MaintenanceResult result = maintainer.runMaintenanceSafe(config);
            assertThat(result.outcome()).as(name + ": " + result.error()).isEqualTo(MaintenanceResult.Outcome.SUCCESS);
            assertThat(sql.bounds(new QualifiedName(HOSTILE_SCHEMA, name).quoted())).containsOnlyKeys(name + "__2024_04");
            added++;
        }

        List<String> after = sql.snapshot();
        assertThat(after).as("everything that was there is unchanged").containsAll(before);
        assertThat(after.stream().filter(line -> !before.contains(line)))
                .as("the only additions are the new partitions (a catalog line and a rows line each)").hasSize(2 * added)
                .allSatisfy(line -> assertThat(line).contains("__2024_04"));
        assertThat(sql.count("app.victim")).isEqualTo(1);
    }

    @Test
    void createAheadZero() {
        assertInvalid(table("app", "events").createAheadCount(0),
                "Invalid partition config of app.events: createAheadCount must be between 1 and 1000 (it counts the current period) (was '0')");
    }

    @Test
    void negativeRetention() {
        assertInvalid(table("app", "events").retentionCount(-1), "Invalid partition config of app.events: retentionCount must be at least 1"
                + " (it counts the current period), or unset to keep every partition (was '-1')");
    }

    @Test
    void everyBadFieldIsNamedInOneMessage() {
        assertInvalid(table("app", "events").createAheadCount(0).retentionCount(-3),
                "Invalid partition config of app.events: createAheadCount must be between 1 and 1000 (it counts the current period) (was '0');"
                        + " retentionCount must be at least 1 (it counts the current period), or unset to keep every partition (was '-3')");
    }

    @Test
    void aMarkerPrefixWithANewlineShowsTheNewline() {
        assertInvalid(table("app", "events").markerPrefix("partsmith\nevil"), "Invalid partition config of app.events: markerPrefix must be"
                + " 1 to 32 characters: a letter, then letters, digits, '_', '.' or '-' (was 'partsmith\\nevil')");
    }

    @Test
    void aMissingOrUnknownGranularity() {
        assertInvalid(table("app", "events").granularity(null), "Invalid partition config of app.events: granularity is required"
                + " (one of HOUR, DAY, WEEK, MONTH, QUARTER, YEAR), unless a periodCalculator is set, or the table is split by an interval"
                + " (integer keys), listValues or a hashModulus");
        assertThatThrownBy(() -> PartitionGranularity.valueOf("FORTNIGHT")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("No enum constant dev.partsmith.config.PartitionGranularity.FORTNIGHT");
    }

    @Test
    void aNameOverSixtyThreeBytes() {
        String ascii = "e".repeat(64);
        assertInvalid(table("app", ascii), "Invalid partition config of app." + ascii + ": tableName is 64 bytes long; PostgreSQL names"
                + " hold at most 63 bytes (was '" + ascii + "'); tableName is too long for its partition names: '" + ascii
                + "__2000_12' is 73 bytes, PostgreSQL allows 63 and would silently truncate it (was '" + ascii + "')");
        String unicode = "é".repeat(32);
        assertInvalid(table(unicode, "events"), "Invalid partition config of " + unicode + ".events: schema is 64 bytes long;"
                + " PostgreSQL names hold at most 63 bytes (was '" + unicode + "')");
        String column = "c".repeat(70);
        assertInvalid(table("app", "events").partitionColumn(column), "Invalid partition config of app.events: partitionColumn is 70 bytes"
                + " long; PostgreSQL names hold at most 63 bytes (was '" + column + "')");
    }

    @Test
    void aNameWhosePartitionNamesWouldPassSixtyThreeBytes() {
        String name = "t".repeat(50);
        assertInvalid(table("app", name).granularity(PartitionGranularity.HOUR), "Invalid partition config of app." + name
                + ": tableName is too long for its partition names: '" + name + "__2000_12_31_23' is 65 bytes, PostgreSQL allows 63"
                + " and would silently truncate it (was '" + name + "')");
    }
    @Test
    void rowsInDefaultUnderAForeignKeyWithOnDeleteCascadeAreNotMoved() {
        createOrders("ON DELETE CASCADE");
        List<String> before = sql.snapshot();

        MaintenanceResult result = maintainer.runMaintenanceSafe(ORDERS);

        String message = "cannot move the rows of [2024-04-01 00:00:00+00:00, 2024-05-01 00:00:00+00:00) out of DEFAULT partition"
                + " fk.orders_default into fk.orders__2024_04: 1 of them is referenced by rows of fk.order_notes through foreign key"
                + " notes_order_fk (ON DELETE CASCADE), and moving a row deletes it from DEFAULT, which would delete those rows; nothing"
                + " was moved. Delete or re-point the referencing rows; until then fk.orders__2024_04 stays created and unattached, and"
                + " each run tries again";
        assertRefusedToMoveOrders(result, before, message);
    }

    @Test
    void rowsInDefaultThatAForeignKeyReferencesAreNotMoved() {
        createOrders("");
        List<String> before = sql.snapshot();

        MaintenanceResult result = maintainer.runMaintenanceSafe(ORDERS);

        String message = "cannot move the rows of [2024-04-01 00:00:00+00:00, 2024-05-01 00:00:00+00:00) out of DEFAULT partition"
                + " fk.orders_default into fk.orders__2024_04: 1 of them is referenced by rows of fk.order_notes through foreign key"
                + " notes_order_fk (ON DELETE NO ACTION), and moving a row deletes it from DEFAULT, which PostgreSQL refuses; nothing was"
                + " moved. Delete or re-point the referencing rows; until then fk.orders__2024_04 stays created and unattached, and each"
                + " run tries again";
        assertRefusedToMoveOrders(result, before, message);

        sql.exec("DELETE FROM fk.order_notes");
        MaintenanceResult next = maintainer.runMaintenanceSafe(ORDERS);

        assertThat(next.outcome()).as(String.valueOf(next.error())).isEqualTo(MaintenanceResult.Outcome.SUCCESS);
        assertThat(next.movedRowCount()).as("once nothing references them, the rows move").isEqualTo(2);
        assertThat(sql.count("fk.orders__2024_04")).isEqualTo(2);
        assertThat(sql.count("fk.orders")).isEqualTo(3);
    }

    private static final TablePartitionConfig ORDERS = table("fk", "orders").createAheadCount(1).retentionCount(null).build();

    /** April's orders wait in DEFAULT, and a note references one of them through a key with {@code onDelete}. */
    private static void createOrders(String onDelete) {
        sql.exec("DROP SCHEMA IF EXISTS fk CASCADE", "CREATE SCHEMA fk",
                "CREATE TABLE fk.orders (id bigint, created_at timestamptz NOT NULL, PRIMARY KEY (id, created_at)) PARTITION BY RANGE (created_at)",
                "CREATE TABLE fk.orders_default PARTITION OF fk.orders DEFAULT",
                "CREATE TABLE fk.order_notes (id int PRIMARY KEY, order_id bigint, order_created_at timestamptz, note text,"
                        + " CONSTRAINT notes_order_fk FOREIGN KEY (order_id, order_created_at) REFERENCES fk.orders " + onDelete + ")",
                "INSERT INTO fk.orders VALUES (1, '2024-04-10 00:00+00'), (2, '2024-04-11 00:00+00'), (3, '2019-01-01 00:00+00')",
                "INSERT INTO fk.order_notes VALUES (1, 1, '2024-04-10 00:00+00', 'keep me')");
    }

    /** The run failed with {@code message}; the only change is the unattached April table, and the note is intact. */
    private static void assertRefusedToMoveOrders(MaintenanceResult result, List<String> before, String message) {
        assertThat(result.outcome()).isEqualTo(MaintenanceResult.Outcome.FAILURE);
        assertThat(result.error()).isEqualTo("fk.orders__2024_04: " + message);
        assertThat(result.errors()).singleElement().satisfies(issue -> {
            assertThat(issue.step()).isEqualTo(MaintenanceIssueStep.ATTACH);
            assertThat(issue.message()).isEqualTo(message);
        });
        List<String> after = sql.snapshot();
        assertThat(after).as("every row and relation that was there is unchanged").containsAll(before);
        assertThat(after.stream().filter(line -> !before.contains(line))).as("only the new, unattached table was added")
                .hasSize(2).allSatisfy(line -> assertThat(line).contains("orders__2024_04"));
        assertThat(sql.isPartition("fk", "orders__2024_04")).isFalse();
        assertThat(sql.comment("fk", "orders__2024_04")).startsWith("partsmith:pending-attach");
        assertThat(sql.jdbc().queryForList("SELECT note FROM fk.order_notes", String.class)).containsExactly("keep me");
        assertThat(sql.count("fk.orders_default")).isEqualTo(3);
    }
}
