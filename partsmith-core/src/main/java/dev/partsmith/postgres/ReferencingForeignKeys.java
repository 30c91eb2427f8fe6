package dev.partsmith.postgres;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.JdbcTemplate;

import dev.partsmith.catalog.QualifiedName;

/** The foreign keys that reference a partitioned table or one of its partitions, read from the catalog. */
final class ReferencingForeignKeys {

    /** Foreign keys referencing either of two tables, with their columns on both sides in key order. */
    private static final String SQL = """
            SELECT con.conname AS name, n.nspname AS schema, c.relname AS table, con.confdeltype::text AS on_delete,
                   ARRAY(SELECT a.attname::text FROM pg_catalog.unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
                         JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord) AS columns,
                   ARRAY(SELECT a.attname::text FROM pg_catalog.unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
                         JOIN pg_catalog.pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.ord) AS referenced
            FROM pg_catalog.pg_constraint con
            JOIN pg_catalog.pg_class c ON c.oid = con.conrelid
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE con.contype = 'f' AND con.conparentid = 0 AND con.confrelid IN (?::pg_catalog.regclass, ?::pg_catalog.regclass)
            ORDER BY n.nspname, c.relname, con.conname
            """;

    private ReferencingForeignKeys() {
    }

    /** The keys referencing {@code parent} or {@code partition}. */
    static List<ForeignKey> of(JdbcTemplate jdbc, QualifiedName parent, QualifiedName partition) {
        return jdbc.query(SQL, (rs, rowNum) -> new ForeignKey(rs.getString("name"), new QualifiedName(rs.getString("schema"), rs.getString("table")),
                rs.getString("on_delete"), (String[]) rs.getArray("columns").getArray(), (String[]) rs.getArray("referenced").getArray()),
                parent.quoted(), partition.quoted());
    }

    /** A foreign key referencing the parent or one of its partitions. */
    record ForeignKey(String name, QualifiedName table, String deleteAction, String[] columns, String[] referenced) {

        /** {@code (r."a", r."b") = (d."x", d."y")}. */
        String matches(String referencingAlias, String referencedAlias) {
            return "(" + qualified(referencingAlias, columns) + ") = (" + qualified(referencedAlias, referenced) + ")";
        }

        private static String qualified(String alias, String[] names) {
            return Arrays.stream(names).map(name -> alias + "." + QualifiedName.quote(name)).collect(Collectors.joining(", "));
        }

        String onDelete() {
            return switch (deleteAction) {
                case "c" -> "ON DELETE CASCADE";
                case "n" -> "ON DELETE SET NULL";
                case "d" -> "ON DELETE SET DEFAULT";
                case "r" -> "ON DELETE RESTRICT";
                default -> "ON DELETE NO ACTION";
            };
        }

        /** What deleting a referenced row does to the referencing rows. */
        String consequence() {
            return switch (deleteAction) {
                case "c" -> "would delete those rows";
                case "n" -> "would set their reference to NULL";
                case "d" -> "would set their reference to its default";
                default -> "PostgreSQL refuses";
            };
        }
    }
}
