package dev.partsmith.cli;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;


import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataAccessException;

import dev.partsmith.autoconfigure.TableDefinitions;
import dev.partsmith.config.ListLevel;
import dev.partsmith.config.ListValue;
import dev.partsmith.config.PartsmithTableRegistry;
import dev.partsmith.config.TablePartitionConfig;

/**
 * {@code partsmith-cli tables}: the tables added at run time, in the store of the database the CLI connects to,
 * changed through the starter's {@link PartsmithTableRegistry} and read through its {@link TableDefinitions}: the
 * same checks and messages as the endpoint's. Writes the store only; an application reads it at its next run of
 * every table.
 */
final class TablesCommand {

    private TablesCommand() {
    }

    /** Whether {@code args} ask for this command. */
    static boolean handles(String... args) {
        return TablesArguments.names(args);
    }

    private static final OwnCommand<TablesArguments> COMMAND = new OwnCommand<>(TablesArguments.USAGE, TablesArguments::parse,
            TablesArguments::common);

    static int run(PrintStream out, PrintStream err, String... args) {
        return COMMAND.run(out, err, args, (arguments, context) -> {
            boolean verbose = arguments.common().verbose();
            PartsmithTableRegistry registry = context.getBean(PartsmithTableRegistry.class);
            try {
                registry.refresh();
                change(arguments, registry, context.getBean(TableDefinitions.class), out);
                return PartsmithCli.OK;
            }
            catch (IllegalArgumentException ex) {
                PartsmithCli.fail(err, ex.getMessage(), ex, verbose);
                return PartsmithCli.BAD_USAGE;
            }
            catch (DataAccessException ex) {
                PartsmithCli.fail(err, "the store of tables added at run time cannot be read or written: "
                        + NestedExceptionUtils.getMostSpecificCause(ex).getMessage(), ex, verbose);
                return PartsmithCli.FAILED;
            }
        });
    }

    private static void change(TablesArguments arguments, PartsmithTableRegistry registry, TableDefinitions definitions, PrintStream out) {
        List<String> operands = arguments.operands();
        String key = operands.isEmpty() ? null : operands.get(0);
        switch (arguments.action()) {
            case LIST -> {
                if (registry.runtimeTables().isEmpty()) {
                    out.println("No table was added at run time.");
                }
                registry.runtimeTables().forEach((each, config) -> out.println(describe(each, config)));
                return;
            }
            case ADD -> registry.put(key, definitions.define(key, properties(operands.subList(1, operands.size()))));
            case REMOVE -> {
                if (!registry.remove(key)) {
                    throw new IllegalArgumentException("No table was added at run time under the key '" + key + "'; added at run time: "
                            + registry.runtimeTables().keySet());
                }
                out.println("removed " + key + ": partsmith no longer manages it; nothing of it was dropped");
                return;
            }
            case ADD_TENANT -> {
                Map<String, String> counts = properties(operands.subList(2, operands.size()));
                counts.keySet().stream().filter(name -> !name.equals("create-ahead") && !name.equals("retention")).findFirst()
                        .ifPresent(name -> {
                            throw new IllegalArgumentException("A tenant takes create-ahead=N and retention=N, not " + name);
                        });
                registry.addTenant(key, new ListValue(operands.get(1), count(counts, "create-ahead"), count(counts, "retention")));
            }
            case REMOVE_TENANT -> registry.removeTenant(key, operands.get(1));
            case ADD_VALUE -> registry.addListValue(key, ListValue.of(operands.get(1)));
            case REMOVE_VALUE -> registry.removeListValue(key, operands.get(1));
        }
        out.println("stored " + describe(key, registry.get(key).orElseThrow()));
        out.println("An application with partsmith.runtime-tables.store=database on this database maintains it at its next run of every table.");
    }

    /** One line: the key, the table, its shape, and the values of each list level. */
    static String describe(String key, TablePartitionConfig config) {
        StringBuilder line = new StringBuilder(key).append("  ").append(config.qualifiedName()).append("  ").append(config.shape());
        config.levels().stream().filter(ListLevel.class::isInstance).map(ListLevel.class::cast)
                .forEach(list -> line.append("  ").append(list.column()).append(": ").append(list.valueTexts()));
        return line.toString();
    }

    /** {@code NAME=VALUE} operands by name. */
    private static Map<String, String> properties(List<String> operands) {
        Map<String, String> properties = new LinkedHashMap<>();
        for (String operand : operands) {
            int equals = operand.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("'" + operand + "' is not NAME=VALUE");
            }
            properties.put(operand.substring(0, equals), operand.substring(equals + 1));
        }
        return properties;
    }

    private static Integer count(Map<String, String> counts, String name) {
        String value = counts.get(name);
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value);
        }
        catch (NumberFormatException ex) {
            throw new IllegalArgumentException(name + " is a whole number, not '" + value + "'");
        }
    }
}
