package dev.partsmith.migration;

import java.time.Instant;
import java.util.Optional;

/**
 * What the catalog and partsmith's state say about one migration at one moment: the input of
 * {@link MigrationPlanner}.
 *
 * @param source the table under its own name
 * @param twin the relation named {@code <name>_intermediate}
 * @param retired the relation named {@code <name>_retired}
 * @param state the migration's recorded state, if partsmith has one for the table
 * @param syncInstalled whether partsmith's sync trigger is on the table under its own name
 * @param databaseTime the database's clock when this was read
 */
public record MigrationSnapshot(Relation source, Relation twin, Relation retired, Optional<MigrationState> state, boolean syncInstalled,
        Instant databaseTime) {

    /**
     * A relation as the catalog shows it.
     *
     * @param oid its OID; 0 when there is no relation of that name
     * @param kind {@code pg_class.relkind}: {@code r} a table, {@code p} a partitioned table; {@code null} when missing
     */
    public record Relation(long oid, String kind) {

        public static final Relation MISSING = new Relation(0, null);

        public boolean exists() {
            return oid != 0;
        }

        public boolean plainTable() {
            return "r".equals(kind);
        }

        public boolean partitioned() {
            return "p".equals(kind);
        }
    }
}
