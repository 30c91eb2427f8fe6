package dev.partsmith.catalog;

import java.util.Objects;

/**
 * A relation's schema and name, exactly as stored in the catalog (case and spaces kept).
 * {@link #toString()} gives {@code schema.name} for messages; SQL always quotes both parts.
 */
public record QualifiedName(String schema, String name) implements Comparable<QualifiedName> {

    public QualifiedName {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(name, "name");
    }

    /** Both parts double-quoted, inner quotes doubled: the form used in markers and SQL. */
    public String quoted() {
        return quote(schema) + "." + quote(name);
    }

    /** Double-quotes one identifier, doubling the quotes inside it. */
    public static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    @Override
    public int compareTo(QualifiedName other) {
        int bySchema = schema.compareTo(other.schema);
        return bySchema != 0 ? bySchema : name.compareTo(other.name);
    }

    @Override
    public String toString() {
        return schema + "." + name;
    }
}
