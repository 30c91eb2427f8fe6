package dev.partsmith.autoconfigure;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
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
import dev.partsmith.catalog.PartitionInfo;
import dev.partsmith.catalog.QualifiedName;
import dev.partsmith.config.TablePartitionConfig;
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

    private static final DateTimeFormatter WITH_OFFSET = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ssxxx");

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
    public void beforeCreate(TablePartitionConfig config, String partitionName, ZonedDateTime from, ZonedDateTime to) {
        Map<String, String> values = names(config, partitionName);
        values.put("from", literal(WITH_OFFSET.format(from)));
        values.put("to", literal(WITH_OFFSET.format(to)));
        run(config, HookPoint.BEFORE_CREATE, values);
    }

    @Override
    public void afterCreate(TablePartitionConfig config, PartitionInfo partition) {
        run(config, HookPoint.AFTER_CREATE, withBounds(config, partition));
    }

    @Override
    public void beforeDetach(TablePartitionConfig config, PartitionInfo partition) {
        run(config, HookPoint.BEFORE_DETACH, withBounds(config, partition));
    }

    @Override
    public void afterDetach(TablePartitionConfig config, String partitionName) {
        run(config, HookPoint.AFTER_DETACH, names(config, partitionName));
    }

    @Override
    public void beforeDrop(TablePartitionConfig config, String partitionName) {
        run(config, HookPoint.BEFORE_DROP, names(config, partitionName));
    }

    @Override
    public void afterDrop(TablePartitionConfig config, String partitionName) {
        run(config, HookPoint.AFTER_DROP, names(config, partitionName));
    }

    private void run(TablePartitionConfig config, HookPoint point, Map<String, String> values) {
        List<SqlHookStatement> statements = tables.get(config.qualifiedName()).map(table -> table.sqlHooks(point)).orElse(List.of());
        if (statements.isEmpty()) {
            return;
        }
        SqlHookStatement[] current = new SqlHookStatement[1];
        try {
            transaction.executeWithoutResult(status -> {
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
            throw new SqlHookException(current[0].property() + " failed: " + (message == null ? ex.toString() : message.trim()), ex);
        }
    }

    private static Map<String, String> names(TablePartitionConfig config, String partitionName) {
        Map<String, String> values = new HashMap<>();
        values.put("schema", QualifiedName.quote(config.schema()));
        values.put("parent", config.qualifiedName().quoted());
        values.put("partition", new QualifiedName(config.schema(), partitionName).quoted());
        values.put("partition_name", literal(partitionName));
        return values;
    }

    private static Map<String, String> withBounds(TablePartitionConfig config, PartitionInfo partition) {
        Map<String, String> values = names(config, partition.name());
        values.put("from", bound(partition.lower(), "-infinity"));
        values.put("to", bound(partition.upper(), "infinity"));
        return values;
    }

    /** A bound as a literal of the key's type; MINVALUE and MAXVALUE become -infinity and infinity. */
    private static String bound(PartitionBound bound, String unbounded) {
        return literal(bound == null || bound.kind() != PartitionBound.Kind.VALUE ? unbounded : bound.text());
    }

    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /** A statement of a declarative hook failed; the message names the property it came from. */
    public static class SqlHookException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        SqlHookException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
