package dev.partsmith.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What {@code partsmith-cli tables} is asked to do.
 *
 * @param action what to change, or {@code list}
 * @param operands what follows the action: the table's key, then the tenant or value, or {@code NAME=VALUE} properties
 * @param common the options every command takes ({@code --config}, {@code --db-url}, {@code --verbose}, {@code --NAME=VALUE})
 */
record TablesArguments(Action action, List<String> operands, CliArguments common) {

    static final String COMMAND = "tables";

    /** The property that keeps the tables in the database, which the command always sets. */
    static final String STORE = "--partsmith.runtime-tables.store=database";

    static final String USAGE = """
            Usage: partsmith-cli tables list [options]
                   partsmith-cli tables add KEY NAME=VALUE... [options]
                   partsmith-cli tables remove KEY [options]
                   partsmith-cli tables add-tenant KEY ID [create-ahead=N] [retention=N] [options]
                   partsmith-cli tables remove-tenant KEY ID [options]
                   partsmith-cli tables add-value KEY VALUE [options]
                   partsmith-cli tables remove-value KEY VALUE [options]

              Lists and changes the tables added at run time, kept in partsmith's own table of the database
              (partsmith.runtime-tables.store=database; created on first use). An application with that store reads
              them at its next run of every table. add takes the table's properties as under partsmith.tables.KEY
              (partition-column=created_at granularity=day tenant-column=project_id tenants=acme,globex).
              remove stops managing a table: nothing of it is dropped. A removed tenant or value is retired by the
              next run (marked, dropped after its drop-grace, never while it holds rows unless retire-with-rows).

            Options:
              --config FILE      the application's tables (YAML), so that their keys and tables are refused here
              --db-url URL       jdbc:postgresql://host:5432/db or postgresql://user:password@host:5432/db
                                 (default: spring.datasource.url, env SPRING_DATASOURCE_URL)
              --verbose          print failures with their stack traces
              --NAME=VALUE       any Spring Boot or partsmith property, e.g. --partsmith.runtime-tables.table-name=app_tables

            Exit codes: 0 done, 1 the database cannot be reached or the store cannot be read or written (a missing
                        privilege), 2 bad arguments or a refused change (nothing changed), or the database refused the
                        connection's settings.""";

    private static final List<String> OPTIONS = List.of("config", "db-url");

    /** What the command does. */
    enum Action {
        LIST(0, 0), ADD(1, Integer.MAX_VALUE), REMOVE(1, 1), ADD_TENANT(2, 4), REMOVE_TENANT(2, 2), ADD_VALUE(2, 2), REMOVE_VALUE(2, 2);

        private final int least;
        private final int most;

        Action(int least, int most) {
            this.least = least;
            this.most = most;
        }

        String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** Whether {@code args} ask for this command. */
    static boolean names(String... args) {
        return args.length > 0 && args[0].equals(COMMAND);
    }

    /**
     * Reads the command line.
     *
     * @throws CliUsageException naming the argument that cannot be used
     */
    static TablesArguments parse(String... args) {
        Action action = null;
        List<String> operands = new ArrayList<>();
        Path config = null;
        String dbUrl = null;
        boolean verbose = false;
        List<String> spring = new ArrayList<>();
        int next = 1;
        while (next < args.length) {
            String arg = args[next++];
            if (arg.startsWith("--")) {
                CliOption option = CliOption.read(args, next - 1, OPTIONS);
                next = option.next();
                String name = option.name();
                String value = option.value();
                switch (name) {
                    case "config" -> config = Path.of(value);
                    case "db-url" -> dbUrl = value;
                    case "verbose" -> verbose = CliArguments.flag(arg, value);
                    default -> {
                        if (!name.contains(".") || value == null) {
                            throw new CliUsageException("unknown option " + arg);
                        }
                        spring.add(arg);
                    }
                }
            }
            else if (action == null) {
                action = action(arg);
            }
            else {
                operands.add(arg);
            }
        }
        if (action == null) {
            throw new CliUsageException("tables needs an action: list, add, remove, add-tenant, remove-tenant, add-value or remove-value");
        }
        if (operands.size() < action.least || operands.size() > action.most) {
            throw new CliUsageException("tables " + action.label() + " takes " + (action == Action.ADD ? "a key and the table's properties"
                    : action == Action.LIST ? "nothing more" : action == Action.REMOVE ? "a key" : action == Action.ADD_TENANT
                            ? "a key, a tenant's id, and optionally create-ahead=N and retention=N" : "a key and a value")
                    + "; got " + operands);
        }
        spring.add(STORE);
        return new TablesArguments(action, List.copyOf(operands),
                new CliArguments(null, config, dbUrl, CliArguments.Output.TEXT, List.copyOf(spring), verbose, false, false));
    }

    private static Action action(String arg) {
        for (Action action : Action.values()) {
            if (action.label().equals(arg)) {
                return action;
            }
        }
        throw new CliUsageException("unknown action '" + arg + "' of tables: list, add, remove, add-tenant, remove-tenant, add-value or"
                + " remove-value");
    }
}
