package dev.partsmith.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.partsmith.DdlLockTimeoutException;
import dev.partsmith.TableMigrationException;
import dev.partsmith.catalog.QualifiedName;
import dev.partsmith.config.MaintenanceSettings;
import dev.partsmith.config.PartitionGranularity;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.lifecycle.PartitionMaintainer;
import dev.partsmith.migration.MigrationListener;
import dev.partsmith.migration.MigrationOptions;
import dev.partsmith.migration.MigrationRequest;
import dev.partsmith.migration.MigrationResult;
import dev.partsmith.migration.MigrationStep;
import dev.partsmith.migration.TableMigrator;
import dev.partsmith.postgres.PostgresAdvisoryLockManager;
import dev.partsmith.postgres.PostgresMigrationRepository;
import dev.partsmith.test.TestCatalog;
import dev.partsmith.test.TestDatabase;

/**
 * Partitioning an existing table online, and back: each step's outcome in the catalog, the rows and their
 * content compared exactly after the swap, sequences after the swap, the verification refusing a
 * mismatch, the swap waiting for a lock and retrying, resuming after a stop at every step, and tables
 * partsmith refuses to migrate.
 *
 * <p>The table holds rows of the last three months (by the database's clock, which the twin's partitions
 * are counted from), one every hour.
 */
class OnlinePartitioningIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final String ROWS_WITH_CONTENT = "SELECT md5(coalesce(string_agg(format('%s|%s|%s|%s', id, created_at, payload, device), ','"
            + " ORDER BY id), '')) FROM ";

    private final TablePartitionConfig config = TablePartitionConfig.builder().tableName("events").partitionColumn("created_at")
            .granularity(PartitionGranularity.MONTH).createAheadCount(2).build();

    private TestCatalog sql;
    private TableMigrator migrator;

    @BeforeEach
    void createTables() {
        sql = new TestCatalog(db.dataSource());
        sql.exec("DROP SCHEMA public CASCADE", "CREATE SCHEMA public", "DROP ROLE IF EXISTS online_reader", "CREATE ROLE online_reader",
                "CREATE TABLE devices (id int PRIMARY KEY)", "INSERT INTO devices SELECT g FROM generate_series(0, 9) g");
        createEvents();
        migrator = new TableMigrator(new PostgresMigrationRepository(db.dataSource()), new PostgresAdvisoryLockManager(db.dataSource()));
    }

    private void createEvents() {
        sql.exec("CREATE TABLE events (id bigserial PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT now(), payload text NOT NULL,"
                        + " device int REFERENCES devices (id), size int GENERATED ALWAYS AS (length(payload)) STORED,"
                        + " CONSTRAINT payload_not_empty CHECK (payload <> ''))",
                "CREATE INDEX events_device_idx ON events (device, created_at)",
                "COMMENT ON TABLE events IS 'what happened'",
                "GRANT SELECT ON events TO online_reader",
                "INSERT INTO events (created_at, payload, device) SELECT date_trunc('hour', now()) - g * interval '1 hour', 'row ' || g, g % 10"
                        + " FROM generate_series(0, 2000) g");
    }

    @Test
    void partitionsTheTableWithItsIndexesConstraintsGrantsAndSequenceAndKeepsTheOldOneAsRetired() {
        String contentBefore = content("events");
        List<String> expectedPartitions = sql.jdbc().queryForList("""
                SELECT 'events__' || to_char(m, 'YYYY_MM') FROM generate_series(date_trunc('month', (SELECT min(created_at) FROM events)),
                       date_trunc('month', now()) + interval '1 month', interval '1 month') m ORDER BY 1
                """, String.class);

        MigrationResult result = migrator.partition(config, MigrationOptions.builder().batchSize(300).checksum(true).build());

        assertThat(result.outcome()).isEqualTo(MigrationResult.Outcome.SWAPPED);
        assertThat(result.finished()).isTrue();
        assertThat(result.batches()).isEqualTo(7);
        assertThat(result.copiedRows()).isEqualTo(2001);
        assertThat(result.verification().sourceRows()).isEqualTo(2001);
        assertThat(result.verification().matches()).isTrue();
        assertThat(result.verification().sourceChecksum()).isNotNull();
        assertThat(sql.queryLong("SELECT count(*) FROM pg_partitioned_table WHERE partrelid = 'events'::regclass")).isOne();
        List<String> partitions = new ArrayList<>(expectedPartitions);
        partitions.add("events_default");
        assertThat(sql.partitions("events")).containsExactlyElementsOf(partitions);
        assertThat(sql.count("events_default")).isZero();
        assertThat(content("events")).isEqualTo(contentBefore);
        assertThat(content("events_retired")).as("the old table is kept as it was").isEqualTo(contentBefore);
        assertThat(sql.jdbc().queryForList("SELECT pg_get_indexdef(indexrelid) FROM pg_index WHERE indrelid = 'events'::regclass ORDER BY 1",
                String.class)).containsExactly("CREATE INDEX events_device_idx ON ONLY public.events USING btree (device, created_at)",
                        "CREATE UNIQUE INDEX events_pkey ON ONLY public.events USING btree (id, created_at)");
        assertThat(sql.jdbc().queryForList("SELECT attname FROM pg_attribute WHERE attrelid = 'events'::regclass AND attnum > 0 AND attnotnull"
                + " ORDER BY 1", String.class)).containsExactly("created_at", "id", "payload");
        // PostgreSQL 18 lists NOT NULL constraints in pg_constraint too; nullability is asserted above, for every version alike
        assertThat(sql.jdbc().queryForList("SELECT conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid ="
                + " 'events'::regclass AND contype <> 'n' ORDER BY 1", String.class)).containsExactly("events_device_fkey FOREIGN KEY (device) REFERENCES devices(id)",
                        "events_pkey PRIMARY KEY (id, created_at)", "payload_not_empty CHECK ((payload <> ''::text))");
        assertThat(sql.comment("public", "events")).isEqualTo("what happened");
        assertThat(sql.queryLong("SELECT count(*) FROM information_schema.role_table_grants WHERE grantee = 'online_reader'"
                + " AND table_name = 'events' AND privilege_type = 'SELECT'")).isOne();
        assertThat(sql.count("public.partsmith_migration WHERE table_name = 'events' AND step = 'DONE'")).isOne();
        assertThat(sql.queryLong("SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'partsmith%'")).isZero();
        assertThat(sql.queryLong("SELECT count(*) FROM pg_proc WHERE proname LIKE 'partsmith_sync%'")).isZero();

        sql.exec("DROP TABLE events_retired");
        long id = sql.queryLong("INSERT INTO events (payload, device) VALUES ('after the swap', 1) RETURNING id");
        assertThat(id).as("the sequence goes on, owned by the new table").isEqualTo(2002);
        assertThat(sql.queryLong("SELECT size FROM events WHERE id = 2002")).as("generated columns are computed").isEqualTo(14);

        PartitionMaintainer maintainer = Maintenance.maintainer(db.dataSource(), Clock.systemUTC());
        assertThat(maintainer.plan(config).operations()).as("maintenance takes over the partitions as its own").isEmpty();
        assertThat(maintainer.plan(config).notManaged()).isEmpty();
    }

    @Test
    void aSecondCallFindsTheTablePartitionedAndDoesNothing() {
        migrator.partition(config, MigrationOptions.DEFAULTS);

        MigrationResult again = migrator.partition(config, MigrationOptions.DEFAULTS);

        assertThat(again.outcome()).isEqualTo(MigrationResult.Outcome.ALREADY_DONE);
        assertThat(again.message()).startsWith("public.events was partitioned at ").endsWith("; the old table is kept as public.events_retired");
    }

    @Test
    void stoppedAfterEveryStepItCarriesOnFromWhereItWas() {
        List<MigrationStep> stops = new ArrayList<>();
        MigrationListener stopAfterEachStep = new MigrationListener() {

            @Override
            public void stepFinished(MigrationRequest request, MigrationStep step) {
                stops.add(step);
                throw new IllegalStateException("stopped after " + step);
            }
        };
        MigrationOptions twoBatchesACall = MigrationOptions.builder().batchSize(500).maxBatches(2).build();
        List<MigrationResult.Outcome> outcomes = new ArrayList<>();
        for (int call = 0; call < 20 && !sql.exists("public", "events_retired"); call++) {
            try {
                outcomes.add(migrator.partition(config, twoBatchesACall, stopAfterEachStep).outcome());
            }
            catch (IllegalStateException stopped) {
                sql.exec("INSERT INTO events (created_at, payload, device) VALUES (now(), 'written between calls', 3)");
            }
        }

        assertThat(stops).containsExactly(MigrationStep.CREATE_TWIN, MigrationStep.CREATE_PARTITIONS, MigrationStep.INSTALL_SYNC,
                MigrationStep.COPY, MigrationStep.ANALYZE, MigrationStep.VERIFY, MigrationStep.SWAP);
        assertThat(outcomes).as("2,001 rows in five batches of 500, two a call").containsExactly(MigrationResult.Outcome.PAUSED,
                MigrationResult.Outcome.PAUSED);
        assertThat(sql.count("events WHERE payload = 'written between calls'")).isEqualTo(7);
        assertThat(sql.count("events")).isEqualTo(2008);
        assertThat(content("events WHERE id < 2008")).as("every row the old table had, as it had it").isEqualTo(content("events_retired"));
        assertThat(sql.count("events_retired")).as("the row written after the swap went to the new table only").isEqualTo(2007);
    }

    @Test
    void theVerificationRefusesToSwapTablesThatDifferAndAbortLeavesTheTableAsItWas() {
        stopAfter(MigrationStep.ANALYZE);
        // A write the trigger never sees: replication's apply, a restore.
        sql.jdbc().execute((Connection connection) -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET session_replication_role = replica");
                statement.execute("UPDATE events SET payload = 'changed behind the trigger' WHERE id = 7");
                statement.execute("RESET session_replication_role");
            }
            return null;
        });

        assertThat(migrator.partition(config, MigrationOptions.DEFAULTS).outcome())
                .as("counts alone cannot see a changed row").isEqualTo(MigrationResult.Outcome.SWAPPED);

        sql.exec("DROP TABLE events_retired", "DROP TABLE events", "DROP TABLE public.partsmith_migration");
        createEvents();
        stopAfter(MigrationStep.ANALYZE);
        sql.jdbc().execute((Connection connection) -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET session_replication_role = replica");
                statement.execute("DELETE FROM events WHERE id = 8");
                statement.execute("RESET session_replication_role");
            }
            return null;
        });

        assertThatThrownBy(() -> migrator.partition(config, MigrationOptions.builder().checksum(true).build()))
                .isInstanceOf(TableMigrationException.class)
                .hasMessageStartingWith("cannot swap public.events and public.events_intermediate: they differ (2000 and 2001 rows, checksums ")
                .hasMessageEndingWith("Nothing was swapped: abort the migration and start again");
        assertThat(sql.exists("public", "events_retired")).isFalse();

        MigrationResult aborted = migrator.abort(new QualifiedName("public", "events"), MaintenanceSettings.DEFAULTS);

        assertThat(aborted.outcome()).isEqualTo(MigrationResult.Outcome.ABORTED);
        assertThat(aborted.message()).isEqualTo("aborted the partitioning of public.events at step VERIFY; public.events is as it was");
        assertThat(sql.exists("public", "events_intermediate")).isFalse();
        assertThat(sql.queryLong("SELECT count(*) FROM pg_class WHERE relname LIKE 'events\\_\\_%'")).isZero();
        assertThat(sql.queryLong("SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'partsmith%'")).isZero();
        assertThat(sql.count("public.partsmith_migration")).isZero();
        assertThat(migrator.abort(new QualifiedName("public", "events"), MaintenanceSettings.DEFAULTS).outcome())
                .isEqualTo(MigrationResult.Outcome.NOTHING_TO_ABORT);
    }

    @Test
    void theSwapWaitsForALockHeldByAReaderRetriesAndSwapsOnceItIsFree() throws Exception {
        TablePartitionConfig shortTimeout = config.toBuilder().lockTimeout(Duration.ofMillis(100)).retryBudget(Duration.ofSeconds(60)).build();
        stopAfter(MigrationStep.VERIFY);
        try (Connection reader = db.newDataSource(1).getConnection()) {
            reader.setAutoCommit(false);
            try (Statement statement = reader.createStatement()) {
                statement.executeQuery("SELECT count(*) FROM events").close();
            }
            TableMigrator withBudget = migrator;
            Thread swap = new Thread(() -> withBudget.partition(shortTimeout, MigrationOptions.DEFAULTS));
            swap.start();
            // Between two attempts the swap backs off and no attempt waits, so the first one is kept as it was seen
            Instant firstAttempt = await().atMost(Duration.ofSeconds(30)).until(this::swapAttempt, Objects::nonNull);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                Instant attempt = swapAttempt();
                return attempt != null && attempt.isAfter(firstAttempt);
            });
            assertThat(sql.exists("public", "events_retired")).as("not while the reader reads").isFalse();
            reader.commit();
            swap.join(30_000);
        }
        assertThat(sql.exists("public", "events_retired")).isTrue();
        assertThat(sql.count("events")).isEqualTo(2001);
    }

    @Test
    void aSwapWhoseRetryBudgetRunsOutChangesNothingAndTheNextCallSwaps() throws Exception {
        TablePartitionConfig shortBudget = config.toBuilder().lockTimeout(Duration.ofMillis(50)).retryBudget(Duration.ofMillis(400)).build();
        stopAfter(MigrationStep.VERIFY);
        try (Connection reader = db.newDataSource(1).getConnection()) {
            reader.setAutoCommit(false);
            try (Statement statement = reader.createStatement()) {
                statement.executeQuery("SELECT count(*) FROM events").close();
            }
            assertThatThrownBy(() -> migrator.partition(shortBudget, MigrationOptions.DEFAULTS)).isInstanceOf(DdlLockTimeoutException.class)
                    .hasMessageStartingWith("swap public.events and public.events_intermediate could not get its locks within lock_timeout in ");
            reader.commit();
        }
        assertThat(sql.exists("public", "events_retired")).isFalse();
        assertThat(sql.queryLong("SELECT count(*) FROM pg_trigger WHERE tgname = 'partsmith_sync'")).as("still in sync").isOne();

        assertThat(migrator.partition(shortBudget, MigrationOptions.DEFAULTS).outcome()).isEqualTo(MigrationResult.Outcome.SWAPPED);
    }

    @Test
    void unpartitionTurnsThePartitionedTableBackIntoAPlainOne() {
        migrator.partition(config, MigrationOptions.DEFAULTS);
        sql.exec("DROP TABLE events_retired");
        sql.exec("INSERT INTO events (payload, device) VALUES ('partitioned for a while', 2)");
        String content = content("events");

        MigrationResult result = migrator.unpartition(new QualifiedName("public", "events"), MaintenanceSettings.DEFAULTS,
                MigrationOptions.builder().batchSize(700).build());

        assertThat(result.outcome()).isEqualTo(MigrationResult.Outcome.SWAPPED);
        assertThat(sql.queryLong("SELECT count(*) FROM pg_class WHERE oid = 'events'::regclass AND relkind = 'r'")).isOne();
        assertThat(content("events")).isEqualTo(content);
        assertThat(sql.partitions("events_retired")).as("the partitioned table is kept with its partitions").hasSizeGreaterThan(3);
        assertThat(sql.jdbc().queryForList("SELECT pg_get_indexdef(indexrelid) FROM pg_index WHERE indrelid = 'events'::regclass ORDER BY 1",
                String.class)).containsExactly("CREATE INDEX events_device_idx ON public.events USING btree (device, created_at)",
                        "CREATE UNIQUE INDEX events_pkey ON public.events USING btree (id, created_at)");
        sql.exec("DROP TABLE events_retired");
        assertThat(sql.queryLong("INSERT INTO events (payload) VALUES ('plain again') RETURNING id")).isEqualTo(2003);
    }

    @Test
    void tablesPartsmithCannotMigrateAreRefusedWithEveryReasonAndNothingChanges() {
        sql.exec("CREATE TABLE visits (visitor text, created_at timestamptz)",
                "CREATE VIEW recent_events AS SELECT * FROM events WHERE created_at > now() - interval '1 day'",
                "CREATE TABLE replies (id int PRIMARY KEY, event_id bigint REFERENCES events (id))",
                "CREATE UNIQUE INDEX events_payload_key ON events (payload)");
        List<String> before = sql.snapshot();
        TablePartitionConfig visits = config.toBuilder().tableName("visits").build();

        assertThatThrownBy(() -> migrator.partition(visits, MigrationOptions.DEFAULTS)).isInstanceOf(TableMigrationException.class)
                .hasMessage("cannot partition public.visits: its column \"created_at\" allows NULL, and a partition key that is part of the primary"
                        + " key cannot: make it NOT NULL first; it has no primary key (nor a unique index on NOT NULL columns), by which partsmith"
                        + " copies its rows in order and matches them; add one");
        assertThatThrownBy(() -> migrator.partition(config, MigrationOptions.DEFAULTS)).isInstanceOf(TableMigrationException.class)
                .hasMessage("cannot partition public.events: foreign key replies_event_id_fkey of replies references it (it would go on"
                        + " referencing the old table); drop it, and add it again once the table is swapped; view recent_events reads it (it"
                        + " would go on reading the old table); drop it, and create it again once the table is swapped; unique index"
                        + " \"events_payload_key\" does not include \"created_at\", which PostgreSQL requires of a unique index on a partitioned"
                        + " table; add the column to it, or drop it");
        assertThat(migrator.unpartition(new QualifiedName("public", "visits"), MaintenanceSettings.DEFAULTS, MigrationOptions.DEFAULTS).message())
                .isEqualTo("public.visits is a plain table already: nothing to do");
        assertThatThrownBy(() -> migrator.unpartition(new QualifiedName("public", "recent_events"), MaintenanceSettings.DEFAULTS,
                MigrationOptions.DEFAULTS)).isInstanceOf(TableMigrationException.class)
                .hasMessage("cannot unpartition public.recent_events: public.recent_events is not a partitioned table (relkind 'v'); partsmith"
                        + " can only unpartition a partitioned table");
        assertThat(sql.snapshot()).isEqualTo(before);
    }

    @Test
    void hostileNamesAreQuotedEverywhere() {
        sql.exec("CREATE SCHEMA \"Odd; Schema\"",
                "CREATE TABLE \"Odd; Schema\".\"Event \"\"Log\"\"$partsmith$\" (\"Id\" bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
                        + " \"created at\" timestamptz NOT NULL, \"na$partsmith$me\" text)",
                "INSERT INTO \"Odd; Schema\".\"Event \"\"Log\"\"$partsmith$\" (\"created at\", \"na$partsmith$me\")"
                        + " SELECT now() - g * interval '1 day', 'x' || g FROM generate_series(0, 40) g");
        TablePartitionConfig odd = TablePartitionConfig.builder().schema("Odd; Schema").tableName("Event \"Log\"$partsmith$")
                .partitionColumn("created at").granularity(PartitionGranularity.MONTH).build();

        MigrationResult result = migrator.partition(odd, MigrationOptions.builder().batchSize(7).build());

        assertThat(result.outcome()).isEqualTo(MigrationResult.Outcome.SWAPPED);
        assertThat(sql.count("\"Odd; Schema\".\"Event \"\"Log\"\"$partsmith$\"")).isEqualTo(41);
        assertThat(sql.queryLong("INSERT INTO \"Odd; Schema\".\"Event \"\"Log\"\"$partsmith$\" (\"created at\") VALUES (now()) RETURNING \"Id\""))
                .as("the identity goes on where the old table's stopped").isEqualTo(42);
        assertThat(sql.exists("Odd; Schema", "Event \"Log\"$partsmith$_retired")).isTrue();
        assertThat(sql.relations("public")).doesNotContain("events_intermediate:r");
    }

    /** When the swap's current attempt to lock the table started, while it waits; {@code null} when none waits. */
    private Instant swapAttempt() {
        List<Timestamp> started = sql.jdbc().queryForList("SELECT query_start FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                + " AND query LIKE 'LOCK TABLE \"public\".\"events\" IN ACCESS EXCLUSIVE MODE%'", Timestamp.class);
        return started.isEmpty() ? null : started.get(0).toInstant();
    }

    /** Runs the partitioning until {@code step} is committed, and stops there. */
    private void stopAfter(MigrationStep step) {
        try {
            migrator.partition(config, MigrationOptions.DEFAULTS, new MigrationListener() {

                @Override
                public void stepFinished(MigrationRequest request, MigrationStep finished) {
                    if (finished == step) {
                        throw new IllegalStateException("stop");
                    }
                }
            });
        }
        catch (IllegalStateException expected) {
            return;
        }
        throw new AssertionError("the migration did not reach " + step);
    }

    /** A digest of every row's id, key, payload and device, in id order. */
    private String content(String table) {
        return sql.jdbc().queryForObject(ROWS_WITH_CONTENT + table, String.class);
    }
}
