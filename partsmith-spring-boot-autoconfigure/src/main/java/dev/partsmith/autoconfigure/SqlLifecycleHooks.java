package dev.partsmith.autoconfigure;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.partsmith.catalog.PartitionBound;
import dev.partsmith.catalog.QualifiedName;
import dev.partsmith.lifecycle.HookPoint;
import dev.partsmith.lifecycle.PartitionContext;
import dev.partsmith.lifecycle.PartitionLifecycleHooks;

/**
 * The declarative hooks of {@code partsmith.tables.<key>.hooks.<point>}: at each step, the table's
 * statements for that step run in list order in one transaction of their own, with their placeholders
 * filled in. A failing statement rolls the step's statements back and throws, so SQL hooks fail the way
 * Java hooks do: at a {@code before*} step the operation is not done and the run reports the error; at
 * an {@code after*} step the run records a warning.
 *
 * <p>Ordered at {@link #ORDER}: hook beans with a lower {@code @Order} run before the SQL hooks, the
 * others (unordered ones too) after them.
 */
public class SqlLifecycleHooks implements PartitionLifecycleHooks, Ordered {

    /** The order of the SQL hooks among the application's hook beans. */
    public static final int ORDER = 0;

    private static final Logger log = LoggerFactory.getLogger(SqlLifecycleHooks.class);

    private final PartsmithTables tables;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;

    public SqlLifecycleHooks(PartsmithTables tables, DataSource dataSource) {
        this.tables = tables;
        this.jdbc = new JdbcTemplate(dataSource);
        this.transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public void on(HookPoint point, PartitionContext context) {
        List<SqlHookStatement> statements = tables.get(context.table()).map(table -> table.sqlHooks(point)).orElse(List.of());
        if (statements.isEmpty()) {
            return;
        }
        SqlHookStatement[] current = new SqlHookStatement[1];
        try {
            transaction.executeWithoutResult(status -> {
                Map<String, String> values = values(context);
                for (SqlHookStatement statement : statements) {
                    current[0] = statement;
                    String sql = statement.render(values);
                    log.debug("{}: {}", statement.property(), sql);
                    jdbc.execute(sql);
                }
            });
        }
        catch (DataAccessException ex) {
            String message = ex.getMostSpecificCause().getMessage();
            String property = current[0] == null ? "partsmith.tables hooks" : current[0].property();
            throw new SqlHookException(property + " failed: " + (message == null ? ex.toString() : message.trim()), ex);
        }
    }

    /** Every placeholder's value, quoted by the server. */
    private Map<String, String> values(PartitionContext context) {
        QualifiedName parent = context.table();
        QualifiedName partition = context.partition().table();
        return jdbc.queryForObject("""
                SELECT pg_catalog.quote_ident(?) AS schema, pg_catalog.quote_ident(?) || '.' || pg_catalog.quote_ident(?) AS parent,
                       pg_catalog.quote_ident(?) || '.' || pg_catalog.quote_ident(?) AS partition, pg_catalog.quote_literal(?) AS partition_name,
                       pg_catalog.quote_literal(?) AS "from", pg_catalog.quote_literal(?) AS "to"
                """, (rs, row) -> {
            Map<String, String> values = new HashMap<>();
            for (String name : List.of("schema", "parent", "partition", "partition_name", "from", "to")) {
                values.put(name, rs.getString(name));
            }
            values.put("moved_rows", Long.toString(context.movedRows()));
            return values;
        }, parent.schema(), parent.schema(), parent.name(), partition.schema(), partition.name(), partition.name(),
                literal(context, context.partition().lower(), "-infinity"), literal(context, context.partition().upper(), "infinity"));
    }

    /** A bound as text of the key's type; an unbounded or unknown end is {@code unbounded}. */
    private static String literal(PartitionContext context, PartitionBound bound, String unbounded) {
        return bound == null || !bound.finite() ? unbounded : context.keyType().literal(bound.point(), context.config().timezone());
    }

    /** A statement of a declarative hook failed; the message names the property it came from. */
    public static class SqlHookException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        SqlHookException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
