package dev.partsmith.postgres;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import dev.partsmith.catalog.PartitionBound;
import dev.partsmith.catalog.PartitionBounds;
import dev.partsmith.catalog.PartitionKey;
import dev.partsmith.catalog.QualifiedName;

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

    /**
     * A standalone table like the parent, with the given storage parameters ({@code fillfactor=70, ...})
     * and tablespace; partitioned by {@code partitionBy} when it is not {@code null} (PostgreSQL keeps no
     * storage parameters on a partitioned table, so none are given then).
     */
    static String createLike(QualifiedName child, QualifiedName parent, String storageParameters, String tablespace, PartitionKey partitionBy) {
        return "CREATE TABLE " + child.quoted() + " (LIKE " + parent.quoted() + " " + LIKE_OPTIONS + ")"
                + (partitionBy != null ? " PARTITION BY " + partitionBy.sql() : storageParameters == null ? "" : " WITH (" + storageParameters + ")")
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

    static String attach(QualifiedName parent, QualifiedName child, PartitionBounds bounds) {
        return "ALTER TABLE " + parent.quoted() + " ATTACH PARTITION " + child.quoted() + " " + bounds.forValues();
    }

    static String attachDefault(QualifiedName parent, QualifiedName child) {
        return "ALTER TABLE " + parent.quoted() + " ATTACH PARTITION " + child.quoted() + " DEFAULT";
    }

    /** Renames a table within its schema. */
    static String rename(QualifiedName table, String name) {
        return "ALTER TABLE " + table.quoted() + " RENAME TO " + QualifiedName.quote(name);
    }

    /** A CHECK constraint that holds for new rows at once and for the table's rows once validated. */
    static String addCheckNotValid(QualifiedName table, String constraint, String condition) {
        return "ALTER TABLE " + table.quoted() + " ADD CONSTRAINT " + QualifiedName.quote(constraint) + " CHECK (" + condition + ") NOT VALID";
    }

    static String validateConstraint(QualifiedName table, String constraint) {
        return "ALTER TABLE " + table.quoted() + " VALIDATE CONSTRAINT " + QualifiedName.quote(constraint);
    }

    /** {@code mode} is empty, {@code CONCURRENTLY} or {@code FINALIZE}. */
    static String detach(QualifiedName parent, QualifiedName child, String mode) {
        return "ALTER TABLE " + parent.quoted() + " DETACH PARTITION " + child.quoted() + (mode.isEmpty() ? "" : " " + mode);
    }

    static String lock(QualifiedName table, String mode, boolean noWait) {
        return "LOCK TABLE " + table.quoted() + " IN " + mode + " MODE" + (noWait ? " NOWAIT" : "");
    }

    /** The table alone: without ONLY, locking a partitioned table locks every partition below it too. */
    static String lockOnly(QualifiedName table, String mode) {
        return "LOCK TABLE ONLY " + table.quoted() + " IN " + mode + " MODE";
    }

    static String dropConstraint(QualifiedName table, String constraint) {
        return "ALTER TABLE " + table.quoted() + " DROP CONSTRAINT IF EXISTS " + QualifiedName.quote(constraint);
    }

    /** Never CASCADE: a dependent object stops the drop. */
    static String drop(QualifiedName table) {
        return "DROP TABLE " + table.quoted();
    }

    /**
     * The condition that holds for exactly the rows a partition of {@code parent} with these bounds
     * takes, on columns of {@code alias} (none when empty): a range compares the key's columns as a
     * row, a list tests membership, a hash asks PostgreSQL's own hash routing.
     */
    static String rowsOf(String alias, QualifiedName parent, List<String> keyColumns, PartitionBounds bounds) {
        List<String> columns = keyColumns.stream().map(column -> (alias.isEmpty() ? "" : alias + ".") + QualifiedName.quote(column)).toList();
        if (bounds instanceof PartitionBounds.Range range) {
            List<String> conditions = new ArrayList<>();
            conditions.add(compare(columns, ">=", range.from()));
            conditions.add(compare(columns, "<", range.to()));
            return conditions.stream().filter(condition -> !condition.isEmpty()).collect(Collectors.joining(" AND "));
        }
        if (bounds instanceof PartitionBounds.In in) {
            List<String> values = in.values().stream().filter(value -> value.kind() != PartitionBound.Kind.NULL).map(PartitionStatements::literal)
                    .toList();
            String member = values.isEmpty() ? "false" : columns.get(0) + " IN (" + String.join(", ", values) + ")";
            boolean nulls = in.values().stream().anyMatch(value -> value.kind() == PartitionBound.Kind.NULL);
            return nulls ? "(" + member + " OR " + columns.get(0) + " IS NULL)" : member;
        }
        PartitionBounds.Hash hash = (PartitionBounds.Hash) bounds;
        return "pg_catalog.satisfies_hash_partition(" + PartitionBounds.literal(parent.quoted()) + "::pg_catalog.regclass, " + hash.modulus() + ", "
                + hash.remainder() + ", " + String.join(", ", columns) + ")";
    }

    /**
     * One side of a range: the row of the key's columns against the bound's values, up to the first
     * MINVALUE or MAXVALUE (which PostgreSQL's range bounds compare as below or above everything).
     */
    private static String compare(List<String> columns, String operator, List<PartitionBound> values) {
        int finite = 0;
        while (finite < values.size() && values.get(finite).kind() == PartitionBound.Kind.VALUE) {
            finite++;
        }
        if (finite == 0) {
            return "";
        }
        if (finite < values.size()) {
            // A MINVALUE after the given values lowers the bound to them inclusive; a MAXVALUE raises it past them.
            boolean max = values.get(finite).kind() == PartitionBound.Kind.MAXVALUE;
            operator = operator.equals(">=") ? (max ? ">" : ">=") : (max ? "<=" : "<");
        }
        List<String> left = columns.subList(0, finite);
        List<String> right = values.subList(0, finite).stream().map(PartitionStatements::literal).toList();
        return finite == 1 ? left.get(0) + " " + operator + " " + right.get(0)
                : "(" + String.join(", ", left) + ") " + operator + " (" + String.join(", ", right) + ")";
    }

    private static String literal(PartitionBound value) {
        return PartitionBounds.literal(value.text());
    }
}
