package dev.partsmith.postgres;

import java.sql.Array;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;

import dev.partsmith.catalog.PartitionKey;
import dev.partsmith.catalog.QualifiedName;

/**
 * What a new partition takes from its parent, read in the creating transaction (one query for all the
 * tables it creates): the owner, the
 * tablespace, the privileges granted on the parent, its replica identity; column defaults,
 * constraints, storage, compression, comments, generated columns and statistics come through
 * {@code LIKE}. PostgreSQL keeps no storage parameters (fillfactor, autovacuum settings) on a
 * partitioned table, so a new partition takes them from the newest existing partition.
 *
 * @param owner the parent's owner; {@code null} when the creating role is the owner already
 * @param tablespace the parent's tablespace; {@code null} for the database's default
 * @param replicaIdentity {@code FULL} or {@code NOTHING} when the parent has it; {@code null} otherwise
 *        (the default, or an index, which is set once the partition is attached and has the index)
 * @param storageParameters the newest partition's storage parameters, quoted by the server; {@code null} for none
 * @param grants the statements granting on the partition what is granted on the parent, to roles other than its owner
 * @param markerLiteral the new table's marker, quoted by the server
 */
record NewPartitionProperties(String owner, String tablespace, String replicaIdentity, String storageParameters, List<Grant> grants,
        String markerLiteral) {

    /** Reads the managed parent's properties, and the storage parameters of {@code storageFrom}, a table of rows under it. */
    static NewPartitionProperties read(JdbcTemplate jdbc, QualifiedName parent, QualifiedName storageFrom, String marker) {
        return read(jdbc, parent, storageFrom, List.of(marker)).get(0);
    }

    /**
     * Reads the managed parent's properties, and the storage parameters of {@code storageFrom}, a table of rows under it, in one query,
     * with each of {@code markers} quoted by the server: one properties per marker, in their order.
     */
    static List<NewPartitionProperties> read(JdbcTemplate jdbc, QualifiedName parent, QualifiedName storageFrom, List<String> markers) {
        Map<String, Object> row = jdbc.queryForMap("""
                SELECT CASE WHEN c.relowner = (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = current_user) THEN NULL
                            ELSE pg_catalog.pg_get_userbyid(c.relowner) END AS owner,
                       t.spcname AS tablespace,
                       CASE c.relreplident WHEN 'f' THEN 'FULL' WHEN 'n' THEN 'NOTHING' END AS replica_identity,
                       (SELECT pg_catalog.string_agg(pg_catalog.quote_ident(o.option_name) || '=' || pg_catalog.quote_literal(o.option_value), ', ')
                        FROM pg_catalog.pg_class p JOIN pg_catalog.pg_namespace pn ON pn.oid = p.relnamespace,
                             pg_catalog.pg_options_to_table(p.reloptions) o
                        WHERE pn.nspname = ? AND p.relname = ? AND p.relispartition) AS storage_parameters,
                       (SELECT pg_catalog.array_agg(pg_catalog.quote_literal(m.marker) ORDER BY m.n)
                        FROM pg_catalog.unnest(?::text[]) WITH ORDINALITY AS m(marker, n)) AS markers,
                       g.grantees, g.privileges, g.grantable
                FROM pg_catalog.pg_class c LEFT JOIN pg_catalog.pg_tablespace t ON t.oid = c.reltablespace,
                     LATERAL (SELECT pg_catalog.array_agg(a.grantee ORDER BY a.grantee, a.grantable) AS grantees,
                                     pg_catalog.array_agg(a.privileges ORDER BY a.grantee, a.grantable) AS privileges,
                                     pg_catalog.array_agg(a.grantable ORDER BY a.grantee, a.grantable) AS grantable
                              FROM (SELECT CASE WHEN e.grantee = 0 THEN NULL ELSE pg_catalog.pg_get_userbyid(e.grantee) END AS grantee,
                                           pg_catalog.string_agg(e.privilege_type, ', ' ORDER BY e.privilege_type) AS privileges,
                                           e.is_grantable AS grantable
                                    FROM pg_catalog.aclexplode(c.relacl) e
                                    WHERE e.grantee <> c.relowner
                                    GROUP BY e.grantee, e.is_grantable) a) g
                WHERE c.oid = ?::pg_catalog.regclass
                """, storageFrom == null ? null : storageFrom.schema(), storageFrom == null ? null : storageFrom.name(),
                markers.toArray(String[]::new), parent.quoted());
        List<Grant> grants = new ArrayList<>();
        String[] grantees = (String[]) array(row.get("grantees"));
        String[] privileges = (String[]) array(row.get("privileges"));
        Boolean[] grantable = (Boolean[]) array(row.get("grantable"));
        for (int i = 0; grantees != null && i < grantees.length; i++) {
            grants.add(new Grant(grantees[i], privileges[i], grantable[i]));
        }
        List<NewPartitionProperties> properties = new ArrayList<>();
        for (String marker : (String[]) array(row.get("markers"))) {
            properties.add(new NewPartitionProperties((String) row.get("owner"), (String) row.get("tablespace"),
                    (String) row.get("replica_identity"), (String) row.get("storage_parameters"), List.copyOf(grants), marker));
        }
        return properties;
    }

    private static Object array(Object value) {
        try {
            return value instanceof Array array ? array.getArray() : value;
        }
        catch (SQLException ex) {
            throw new IllegalStateException("cannot read an array of the catalog", ex);
        }
    }

    /** The statements that make the partition's table like the managed parent, partitioned by {@code partitionBy} unless it is {@code null}, in order. */
    List<String> statements(QualifiedName parent, QualifiedName partition, PartitionKey partitionBy) {
        List<String> statements = new ArrayList<>();
        statements.add(PartitionStatements.createLike(partition, parent, storageParameters, tablespace, partitionBy));
        if (owner != null) {
            statements.add(PartitionStatements.ownerTo(partition, owner));
        }
        for (Grant grant : grants) {
            statements.add(PartitionStatements.grant(grant.privileges(), partition, grant.grantee(), grant.grantable()));
        }
        if (replicaIdentity != null) {
            statements.add(PartitionStatements.replicaIdentity(partition, replicaIdentity));
        }
        statements.add(PartitionStatements.comment(partition, markerLiteral));
        return statements;
    }

    /**
     * The partition's index that is attached to the parent's replica identity index, once the
     * partition is attached; empty when the parent's replica identity is not an index.
     */
    static Optional<String> replicaIdentityIndex(JdbcTemplate jdbc, QualifiedName parent, QualifiedName partition) {
        return jdbc.queryForList("""
                SELECT ci.relname FROM pg_catalog.pg_index pi
                JOIN pg_catalog.pg_inherits inh ON inh.inhparent = pi.indexrelid
                JOIN pg_catalog.pg_index ch ON ch.indexrelid = inh.inhrelid
                JOIN pg_catalog.pg_class ci ON ci.oid = ch.indexrelid
                WHERE pi.indrelid = ?::pg_catalog.regclass AND pi.indisreplident AND ch.indrelid = ?::pg_catalog.regclass
                """, String.class, parent.quoted(), partition.quoted()).stream().findFirst();
    }

    /**
     * Privileges granted on the parent to one role.
     *
     * @param grantee the role; {@code null} for PUBLIC
     * @param privileges as {@code aclexplode} names them, comma separated
     * @param grantable whether they were granted WITH GRANT OPTION
     */
    record Grant(String grantee, String privileges, boolean grantable) {
    }
}
