package dev.partsmith.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.ConnectionCallback;
import org.threeten.extra.MutableClock;

import dev.partsmith.config.PartitionGranularity;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.lifecycle.MaintenanceResult;
import dev.partsmith.lifecycle.PartitionMaintainer;
import dev.partsmith.test.TestCatalog;
import dev.partsmith.test.TestDatabase;

/**
 * A new partition gets what its parent has: privileges, replica identity, column compression and
 * tablespace; and the storage parameters of the newest partition, since PostgreSQL keeps none on a
 * partitioned table. Each is checked on the catalog.
 */
class NewPartitionInheritsIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private final MutableClock clock = MutableClock.of(Instant.parse("2024-03-15T10:00:00Z"), ZoneOffset.UTC);
    private TestCatalog catalog;
    private PartitionMaintainer maintainer;
    private String reader;
    private String auditor;
    private String tablespace;

    @BeforeEach
    void createParent() {
        catalog = new TestCatalog(db.dataSource());
        reader = db.name() + "_reader";
        auditor = db.name() + "_auditor";
        tablespace = db.name() + "_space";
        catalog.exec("CREATE ROLE " + reader, "CREATE ROLE " + auditor);
        // An in-place tablespace lives in the server's own directory: nothing to create on its file system.
        catalog.jdbc().execute((ConnectionCallback<Void>) connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET allow_in_place_tablespaces = on");
                statement.execute("CREATE TABLESPACE " + tablespace + " LOCATION ''");
                statement.execute("RESET allow_in_place_tablespaces");
            }
            return null;
        });
        maintainer = Maintenance.maintainer(db.dataSource(), clock);
    }

    @AfterEach
    void dropRolesAndTablespace() {
        catalog.exec("DROP TABLE IF EXISTS events, keyed", "DROP TABLESPACE " + tablespace, "DROP ROLE " + reader, "DROP ROLE " + auditor);
    }

    private static TablePartitionConfig monthly(String table) {
        return TablePartitionConfig.builder().maxClockSkew(Maintenance.MOVED_CLOCK).tableName(table).partitionColumn("created_at")
                .granularity(PartitionGranularity.MONTH).createAheadCount(2).build();
    }

    @Test
    void aNewPartitionHasTheParentsPrivilegesReplicaIdentityCompressionTablespaceAndTheNewestPartitionsStorage() {
        catalog.exec("CREATE TABLE events (id bigint NOT NULL, created_at timestamptz NOT NULL, payload text COMPRESSION pglz)"
                + " PARTITION BY RANGE (created_at) TABLESPACE " + tablespace,
                "GRANT SELECT, INSERT ON events TO " + reader, "GRANT SELECT ON events TO " + auditor + " WITH GRANT OPTION",
                "ALTER TABLE events REPLICA IDENTITY FULL",
                "CREATE TABLE events__2024_03 PARTITION OF events FOR VALUES FROM ('2024-03-01') TO ('2024-04-01')"
                        + " WITH (fillfactor = 70, autovacuum_enabled = false)");

        MaintenanceResult result = maintainer.runMaintenance(monthly("events"));

        assertThat(result.createdCount()).isEqualTo(1);
        assertThat(privileges("events__2024_04")).containsExactlyInAnyOrder(auditor + "=r*", reader + "=ar");
        assertThat(privileges("events__2024_04")).isEqualTo(privileges("events"));
        assertThat(catalog.jdbc().queryForObject("SELECT relreplident::text FROM pg_class WHERE relname = 'events__2024_04'", String.class))
                .isEqualTo("f");
        assertThat(catalog.jdbc().queryForObject("SELECT attcompression::text FROM pg_attribute WHERE attrelid = 'events__2024_04'::regclass"
                + " AND attname = 'payload'", String.class)).isEqualTo("p");
        assertThat(catalog.jdbc().queryForObject("SELECT reloptions::text FROM pg_class WHERE relname = 'events__2024_04'", String.class))
                .isEqualTo("{fillfactor=70,autovacuum_enabled=false}");
        assertThat(catalog.jdbc().queryForObject("SELECT t.spcname FROM pg_class c JOIN pg_tablespace t ON t.oid = c.reltablespace"
                + " WHERE c.relname = 'events__2024_04'", String.class)).isEqualTo(tablespace);
    }

    @Test
    void aReplicaIdentityIndexOnTheParentIsTheNewPartitionsToo() {
        catalog.exec("CREATE TABLE keyed (id bigint NOT NULL, created_at timestamptz NOT NULL) PARTITION BY RANGE (created_at)",
                "CREATE UNIQUE INDEX keyed_identity ON keyed (id, created_at)", "ALTER TABLE keyed REPLICA IDENTITY USING INDEX keyed_identity");

        maintainer.runMaintenance(monthly("keyed"));

        assertThat(catalog.jdbc().queryForList("SELECT c.relreplident::text || ' ' || i.indisreplident FROM pg_class c"
                + " JOIN pg_index i ON i.indrelid = c.oid WHERE c.relname IN ('keyed__2024_03', 'keyed__2024_04')", String.class))
                .containsExactly("i true", "i true");
    }

    /** The table's privileges other than its owner's, as {@code grantee=privileges}. */
    private List<String> privileges(String table) {
        return catalog.jdbc().queryForList("SELECT a.grantee::regrole::text || '=' || string_agg(CASE a.privilege_type WHEN 'SELECT' THEN 'r'"
                + " WHEN 'INSERT' THEN 'a' END || CASE WHEN a.is_grantable THEN '*' ELSE '' END, '' ORDER BY a.privilege_type)"
                + " FROM pg_class c, aclexplode(c.relacl) a WHERE c.relname = ? AND a.grantee <> c.relowner GROUP BY a.grantee ORDER BY 1",
                String.class, table);
    }
}
