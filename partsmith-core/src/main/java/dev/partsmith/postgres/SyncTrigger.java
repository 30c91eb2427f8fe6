package dev.partsmith.postgres;

import java.util.List;
import java.util.stream.Collectors;

import dev.partsmith.catalog.QualifiedName;

/**
 * The trigger that keeps an online migration's twin in step with the old table while rows are copied:
 * after every insert, update and delete of a row, in the writer's own transaction, the twin gets the same
 * change, matched by the twin's key; a {@code TRUNCATE} of the old table truncates the twin. The function
 * runs with its owner's rights (the table's owner), so a writer allowed to insert into the table needs no
 * right on the twin, and with a fixed {@code search_path}.
 */
final class SyncTrigger {

    /** The row trigger on the old table. */
    static final String ROW_TRIGGER = "partsmith_sync";
    /** The statement trigger for TRUNCATE. */
    static final String TRUNCATE_TRIGGER = "partsmith_sync_truncate";

    private SyncTrigger() {
    }

    /** The trigger function of the migration of the table with OID {@code sourceOid}, in its schema. */
    static QualifiedName function(String schema, long sourceOid) {
        return new QualifiedName(schema, "partsmith_sync_" + sourceOid);
    }

    /**
     * The statements that install the function and both triggers.
     *
     * @param columns the columns a row is written with (the twin computes generated columns itself)
     * @param twinKey the twin's key: the conflict target, and how the twin's row of a changed or deleted row is found
     */
    static List<String> install(QualifiedName table, QualifiedName function, QualifiedName twin, List<String> columns, List<String> twinKey) {
        String key = MigrationSource.list(twinKey);
        String oldKey = twinKey.stream().map(column -> "OLD." + QualifiedName.quote(column)).collect(Collectors.joining(", "));
        String newKey = twinKey.stream().map(column -> "NEW." + QualifiedName.quote(column)).collect(Collectors.joining(", "));
        List<String> updated = columns.stream().filter(column -> !twinKey.contains(column)).toList();
        String onConflict = updated.isEmpty() ? "DO NOTHING"
                : "DO UPDATE SET " + updated.stream().map(column -> QualifiedName.quote(column) + " = EXCLUDED." + QualifiedName.quote(column))
                        .collect(Collectors.joining(", "));
        String body = """
                BEGIN
                    IF TG_OP = 'TRUNCATE' THEN
                        TRUNCATE TABLE %1$s;
                        RETURN NULL;
                    END IF;
                    IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND ROW(%2$s) IS DISTINCT FROM ROW(%3$s)) THEN
                        DELETE FROM %1$s WHERE ROW(%4$s) = ROW(%2$s);
                    END IF;
                    IF TG_OP = 'DELETE' THEN
                        RETURN NULL;
                    END IF;
                    INSERT INTO %1$s (%5$s) OVERRIDING SYSTEM VALUE VALUES (%6$s) ON CONFLICT (%4$s) %7$s;
                    RETURN NULL;
                END
                """.formatted(twin.quoted(), oldKey, newKey, key, MigrationSource.list(columns),
                columns.stream().map(column -> "NEW." + QualifiedName.quote(column)).collect(Collectors.joining(", ")), onConflict);
        String tag = tag(body);
        return List.of("CREATE FUNCTION " + function.quoted() + "() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER"
                + " SET search_path = pg_catalog, pg_temp AS " + tag + "\n" + body + tag,
                "CREATE TRIGGER " + ROW_TRIGGER + " AFTER INSERT OR UPDATE OR DELETE ON " + table.quoted() + " FOR EACH ROW EXECUTE FUNCTION "
                        + function.quoted() + "()",
                "CREATE TRIGGER " + TRUNCATE_TRIGGER + " AFTER TRUNCATE ON " + table.quoted() + " FOR EACH STATEMENT EXECUTE FUNCTION "
                        + function.quoted() + "()");
    }

    /** The statements that remove both triggers and the function, whichever of them are there. */
    static List<String> remove(QualifiedName table, QualifiedName function) {
        return List.of("DROP TRIGGER IF EXISTS " + ROW_TRIGGER + " ON " + table.quoted(),
                "DROP TRIGGER IF EXISTS " + TRUNCATE_TRIGGER + " ON " + table.quoted(), "DROP FUNCTION IF EXISTS " + function.quoted() + "()");
    }

    /** A dollar-quote tag that the body does not contain (a quoted column name may hold {@code $}). */
    private static String tag(String body) {
        String tag = "$partsmith$";
        for (int i = 1; body.contains(tag.substring(0, tag.length() - 1)); i++) {
            tag = "$partsmith" + i + "$";
        }
        return tag;
    }
}
