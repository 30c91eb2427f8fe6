package dev.partsmith.postgres;

import dev.partsmith.catalog.QualifiedName;
import dev.partsmith.plan.PartitionWindow;

/**
 * The text of every DDL statement partsmith runs, with every identifier quoted. Values never come
 * from text read back from the database: bounds are literals partsmith formats itself.
 */
final class PartitionStatements {

    /**
     * Not INCLUDING ALL: an identity column on the child cannot be attached on PG 17+. Not INCLUDING
     * INDEXES: ATTACH builds the parent's indexes on the child, in bulk after rows moved out of
     * DEFAULT, which is faster than keeping them up to date row by row during the move.
     */
    private static final String LIKE_OPTIONS = "INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE INCLUDING COMPRESSION"
            + " INCLUDING COMMENTS INCLUDING GENERATED INCLUDING STATISTICS";

    private PartitionStatements() {
    }

    /** A standalone table like the parent, with the given storage parameters ({@code fillfactor=70, ...}) and tablespace. */
    static String createLike(QualifiedName child, QualifiedName parent, String storageParameters, String tablespace) {
        return "CREATE TABLE " + child.quoted() + " (LIKE " + parent.quoted() + " " + LIKE_OPTIONS + ")"
                + (storageParameters == null ? "" : " WITH (" + storageParameters + ")")
                + (tablespace == null ? "" : " TABLESPACE " + QualifiedName.quote(tablespace));
    }

    static String ownerTo(QualifiedName table, String owner) {
        return "ALTER TABLE " + table.quoted() + " OWNER TO " + QualifiedName.quote(owner);
    }

    /** {@code privileges} as {@code aclexplode} names them, comma separated; {@code grantee} {@code null} for PUBLIC. */
    static String grant(String privileges, QualifiedName table, String grantee, boolean grantable) {
        return "GRANT " + privileges + " ON TABLE " + table.quoted() + " TO " + (grantee == null ? "PUBLIC" : QualifiedName.quote(grantee))
                + (grantable ? " WITH GRANT OPTION" : "");
    }

    /** {@code identity} is FULL, NOTHING or USING INDEX with a quoted index name. */
    static String replicaIdentity(QualifiedName table, String identity) {
        return "ALTER TABLE " + table.quoted() + " REPLICA IDENTITY " + identity;
    }

    /** {@code literal} is a string literal quoted by the server ({@code quote_literal}), or {@code NULL}. */
    static String comment(QualifiedName table, String literal) {
        return "COMMENT ON TABLE " + table.quoted() + " IS " + literal;
    }

    static String attach(QualifiedName parent, QualifiedName child, PartitionWindow window) {
        return "ALTER TABLE " + parent.quoted() + " ATTACH PARTITION " + child.quoted() + " " + window.forValues();
    }

    /** {@code mode} is empty, {@code CONCURRENTLY} or {@code FINALIZE}. */
    static String detach(QualifiedName parent, QualifiedName child, String mode) {
        return "ALTER TABLE " + parent.quoted() + " DETACH PARTITION " + child.quoted() + (mode.isEmpty() ? "" : " " + mode);
    }

    static String lock(QualifiedName table, String mode, boolean noWait) {
        return "LOCK TABLE " + table.quoted() + " IN " + mode + " MODE" + (noWait ? " NOWAIT" : "");
    }

    static String dropConstraint(QualifiedName table, String constraint) {
        return "ALTER TABLE " + table.quoted() + " DROP CONSTRAINT IF EXISTS " + QualifiedName.quote(constraint);
    }

    /** Never CASCADE: a dependent object stops the drop. */
    static String drop(QualifiedName table) {
        return "DROP TABLE " + table.quoted();
    }

    /** The condition on the partition key for rows of the window, on a column of {@code alias} (none when empty). */
    static String inWindow(String alias, String column, PartitionWindow window) {
        String key = (alias.isEmpty() ? "" : alias + ".") + QualifiedName.quote(column);
        return key + " >= '" + window.fromLiteral() + "' AND " + key + " < '" + window.toLiteral() + "'";
    }
}
