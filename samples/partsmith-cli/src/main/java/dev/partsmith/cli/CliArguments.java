package dev.partsmith.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What the command line asks for.
 *
 * @param command what to do; {@code null} with {@code help}
 * @param config the tables file; {@code null} when not given
 * @param dbUrl the database; {@code null} when not given (the Spring properties and env vars decide)
 * @param output how to print the report
 * @param springArguments {@code --name=value} arguments with a dotted name, passed to Spring Boot as they are
 * @param verbose whether failures are printed with their stack traces and partsmith logs at DEBUG
 * @param help whether the usage was asked for
 * @param check with {@code plan}: whether pending operations make the command exit with {@value PartsmithCli#PENDING}
 * @param out with {@code plan}: the file the plan is saved to, as JSON; {@code null} when not given
 * @param savedPlan with {@code apply}: the saved plan to apply exactly; {@code null} for a maintenance run
 */
record CliArguments(Command command, Path config, String dbUrl, Output output, List<String> springArguments, boolean verbose,
        boolean help, boolean check, Path out, Path savedPlan) {

    static final String USAGE = """
            Usage: partsmith-cli plan|apply|status [options]
                   partsmith-cli plan --out PLAN.json [options]     save the plan, to apply it exactly later
                   partsmith-cli apply PLAN.json [options]          apply a saved plan exactly
                   partsmith-cli partition|unpartition|abort-migration --table NAME [options]   (see partsmith-cli partition --help)
                   partsmith-cli import-pg-partman [options]   (see partsmith-cli import-pg-partman --help)
                   partsmith-cli tables list|add|remove|add-tenant|remove-tenant|add-value|remove-value ...
                                 (tables added at run time; see partsmith-cli tables --help)

              plan     print what a maintenance run would do now, without doing it
                       (--check: exit 2 when a run would do anything, for CI pipelines that must not drift)
              apply    run maintenance of every table once; with a saved plan, only its steps, each on the very
                       objects it was planned for (a table with a step whose object changed runs none of its steps)
              status   print every table's partitions and runway

            Options:
              --config FILE      tables to maintain, in YAML: the keys of partsmith.tables under "tables:"
                                 (and optionally defaults:, lock:, ddl:), or a Spring Boot application.yml
              --db-url URL       jdbc:postgresql://host:5432/db or postgresql://user:password@host:5432/db
                                 (default: spring.datasource.url, env SPRING_DATASOURCE_URL)
              --output FORMAT    text (default) or json
              --verbose          print failures with their stack traces, and partsmith's log at DEBUG
              --check            with plan: exit 2 when any table has pending operations
              --out FILE         with plan: also save the plan to FILE, as JSON, for apply FILE
              --NAME=VALUE       any Spring Boot or partsmith property, e.g. --spring.datasource.username=app
              -h, --help         print this help

            Exit codes: 0 success (a table whose lock another maintainer holds is skipped, which is a success),
                        1 a table failed, or the database cannot be reached (refused, timed out, unknown host):
                          a later run may succeed,
                        2 bad arguments or configuration, or the database refused the connection's settings
                          (wrong password or role, no such database): nothing was done;
                          with plan --check also: no table failed, and a run would do something;
                        with apply PLAN.json, 1 also when a step of the saved plan was refused.""";

    private static final List<String> OPTIONS = List.of("config", "db-url", "output", "out");

    /** The arguments of a command line without a saved plan. */
    CliArguments(Command command, Path config, String dbUrl, Output output, List<String> springArguments, boolean verbose, boolean help,
            boolean check) {
        this(command, config, dbUrl, output, springArguments, verbose, help, check, null, null);
    }

    /** The commands. */
    enum Command {
        PLAN, APPLY, STATUS;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The report formats. */
    enum Output {
        TEXT, JSON
    }

    /**
     * Reads the command line.
     *
     * @throws CliUsageException naming the argument that cannot be used
     */
    static CliArguments parse(String... args) {
        Command command = null;
        Path config = null;
        String dbUrl = null;
        Output output = Output.TEXT;
        boolean verbose = false;
        boolean check = false;
        Path out = null;
        Path savedPlan = null;
        List<String> spring = new ArrayList<>();
        if (Arrays.asList(args).contains("-h") || Arrays.asList(args).contains("--help")) {
            return new CliArguments(null, null, null, Output.TEXT, List.of(), false, true, false);
        }
        int next = 0;
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
                    case "output" -> output = output(value);
                    case "verbose" -> verbose = flag(arg, value);
                    case "check" -> check = flag(arg, value);
                    case "out" -> out = Path.of(value);
                    default -> {
                        if (!name.contains(".") || value == null) {
                            throw new CliUsageException("unknown option " + arg);
                        }
                        spring.add(arg);
                    }
                }
            }
            else if (arg.startsWith("-")) {
                throw new CliUsageException("unknown option " + arg);
            }
            else if (command == Command.APPLY && savedPlan == null) {
                savedPlan = Path.of(arg);
            }
            else if (command != null) {
                throw new CliUsageException("one command at a time: got '" + command.label() + "' and '" + arg + "'");
            }
            else {
                command = command(arg);
            }
        }
        if (command == null) {
            throw new CliUsageException("no command: give plan, apply or status");
        }
        if (check && command != Command.PLAN) {
            throw new CliUsageException("--check goes with plan, not with " + command.label());
        }
        if (out != null && command != Command.PLAN) {
            throw new CliUsageException("--out goes with plan, not with " + command.label());
        }
        return new CliArguments(command, config, dbUrl, output, List.copyOf(spring), verbose, false, check, out, savedPlan);
    }

    static boolean flag(String arg, String value) {
        if (value != null) {
            throw new CliUsageException(arg.substring(0, arg.indexOf('=')) + " takes no value");
        }
        return true;
    }

    private static Command command(String arg) {
        for (Command command : Command.values()) {
            if (command.label().equals(arg)) {
                return command;
            }
        }
        throw new CliUsageException("unknown command '" + arg + "': give plan, apply or status");
    }

    static Output output(String value) {
        return switch (value) {
            case "text" -> Output.TEXT;
            case "json" -> Output.JSON;
            default -> throw new CliUsageException("--output is text or json, not '" + value + "'");
        };
    }
}
