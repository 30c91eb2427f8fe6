package dev.partsmith.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@code partsmith-cli import-pg-partman} is asked to do.
 *
 * @param partmanSchema the schema of pg_partman's {@code part_config}; {@code null} for the one the extension is installed in
 * @param common the options every command takes ({@code --db-url}, {@code --verbose}, {@code --NAME=VALUE})
 */
record ImportArguments(String partmanSchema, CliArguments common) {

    static final String COMMAND = "import-pg-partman";

    private static final List<String> VALUED = List.of("db-url", "partman-schema");

    static final String USAGE = """
            Usage: partsmith-cli import-pg-partman [options]

              Reads pg_partman's part_config (pg_partman 4.x or 5.x) and prints the partsmith configuration of its
              partition sets on stdout, as YAML for application.yml or --config; lists on stderr what it could not convert.

            Options:
              --db-url URL            jdbc:postgresql://host:5432/db or postgresql://user:password@host:5432/db
                                      (default: spring.datasource.url, env SPRING_DATASOURCE_URL)
              --partman-schema NAME   the schema holding part_config (default: the schema pg_partman is installed in)
              --verbose               print failures with their stack traces
              --NAME=VALUE            any Spring Boot property, e.g. --spring.datasource.username=app

            Exit codes: 0 every partition set converted,
                        1 a partition set or one of its settings could not be converted (listed on stderr; the rest is
                          printed), or the database cannot be reached,
                        2 bad arguments, pg_partman not installed or no part_config found, or the database refused the
                          connection's settings.""";

    /** Whether {@code args} ask for this command. */
    static boolean names(String... args) {
        return List.of(args).contains(COMMAND);
    }

    /**
     * Reads the command line.
     *
     * @throws CliUsageException naming the argument that cannot be used
     */
    static ImportArguments parse(String... args) {
        String schema = null;
        String dbUrl = null;
        boolean verbose = false;
        boolean command = false;
        List<String> spring = new ArrayList<>();
        int next = 0;
        while (next < args.length) {
            String arg = args[next++];
            if (!arg.startsWith("--")) {
                if (arg.startsWith("-") || command || !arg.equals(COMMAND)) {
                    throw new CliUsageException(arg.startsWith("-") ? "unknown option " + arg : "one command at a time: got '" + COMMAND + "' and '"
                            + arg + "'");
                }
                command = true;
                continue;
            }
            CliOption option = CliOption.read(args, next - 1, VALUED);
            next = option.next();
            String name = option.name();
            String value = option.value();
            switch (name) {
                case "db-url" -> dbUrl = value;
                case "partman-schema" -> schema = value;
                case "verbose" -> verbose = CliArguments.flag(arg, value);
                default -> {
                    if (!name.contains(".") || value == null) {
                        throw new CliUsageException("unknown option " + arg);
                    }
                    spring.add(arg);
                }
            }
        }
        return new ImportArguments(schema, new CliArguments(null, null, dbUrl, CliArguments.Output.TEXT, List.copyOf(spring), verbose, false, false));
    }
}
