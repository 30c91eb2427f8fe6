package dev.partsmith.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/**
 * One entry of a step's SQL hooks, in either of the two forms of migration tools' hooks:
 * <pre>
 * - code: "ANALYZE {partition}"
 * - file: classpath:partsmith/archive.sql      # or file:/etc/app/archive.sql
 * </pre>
 * A plain string is taken as {@code code}.
 *
 * @param code the statement itself
 * @param file where to read the statement: a Spring resource location
 */
public record SqlHook(String code, String file) {

    /** A plain string of the hooks' list: the statement itself. */
    public static SqlHook valueOf(String code) {
        return new SqlHook(code, null);
    }

    /**
     * The statement this entry stands for, checked.
     *
     * @param property the entry's property, for messages ({@code partsmith.tables.events.hooks.before-drop[0]})
     * @throws InvalidSqlHookException saying what is wrong, and about which property: the entry, or its {@code file}
     */
    SqlHookStatement statement(String property, ResourceLoader resources) {
        if ((code == null) == (file == null)) {
            throw new InvalidSqlHookException(property, "needs either code or file, not " + (code == null ? "neither" : "both"));
        }
        if (code != null) {
            return parse(property, code);
        }
        Resource resource = resources.getResource(file);
        if (!resource.exists()) {
            throw new InvalidSqlHookException(property + ".file", "names no readable file (" + resource.getDescription() + ")");
        }
        try (InputStream in = resource.getInputStream()) {
            return parse(property + ".file", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        catch (IOException ex) {
            throw new InvalidSqlHookException(property + ".file", "cannot be read: " + ex.getMessage());
        }
    }

    private static SqlHookStatement parse(String property, String sql) {
        try {
            return SqlHookStatement.parse(property, sql);
        }
        catch (IllegalArgumentException ex) {
            throw new InvalidSqlHookException(property, ex.getMessage());
        }
    }

    /** An entry that cannot be used; {@link #property()} is the property to name. */
    static final class InvalidSqlHookException extends IllegalArgumentException {

        private static final long serialVersionUID = 1L;

        private final String property;

        InvalidSqlHookException(String property, String reason) {
            super(reason);
            this.property = property;
        }

        String property() {
            return property;
        }
    }
}
