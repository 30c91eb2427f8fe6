package dev.partsmith.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.function.Function;

import javax.sql.DataSource;

import org.springframework.context.ConfigurableApplicationContext;

import dev.partsmith.DatabaseConnectionException;
import dev.partsmith.InvalidPartitionConfigException;
import dev.partsmith.postgres.PostgresConnections;

/**
 * What the commands of their own ({@code partition}, {@code unpartition}, {@code abort-migration},
 * {@code import-pg-partman}, {@code tables}) share: {@code --help}, their arguments parsed (a mistake printed with
 * the usage), the application started, the database reached, then the command's work; with the exit codes of
 * {@link PartsmithCli}. A refused argument or configuration is {@value PartsmithCli#BAD_USAGE}, a database that
 * cannot be reached {@value PartsmithCli#FAILED} (or {@value PartsmithCli#BAD_USAGE} when it refused the settings).
 *
 * @param <A> the command's arguments
 */
final class OwnCommand<A> {

    /** The command's work, once the application has started and the database answered. */
    @FunctionalInterface
    interface Work<A> {

        /** @return the exit code */
        int run(A arguments, ConfigurableApplicationContext context);
    }

    private final String usage;
    private final Function<String[], A> parser;
    private final Function<A, CliArguments> common;

    /**
     * @param usage what {@code --help} and a usage mistake print
     * @param parser reads the arguments; throws {@link CliUsageException} or {@link InvalidPartitionConfigException}
     * @param common the options every command takes, out of the command's arguments
     */
    OwnCommand(String usage, Function<String[], A> parser, Function<A, CliArguments> common) {
        this.usage = usage;
        this.parser = parser;
        this.common = common;
    }

    int run(PrintStream out, PrintStream err, String[] args, Work<A> work) {
        if (Arrays.asList(args).contains("-h") || Arrays.asList(args).contains("--help")) {
            out.println(usage);
            return PartsmithCli.OK;
        }
        A arguments;
        try {
            arguments = parser.apply(args);
        }
        catch (CliUsageException | InvalidPartitionConfigException ex) {
            err.println("partsmith-cli: " + ex.getMessage());
            err.println();
            err.println(usage);
            return PartsmithCli.BAD_USAGE;
        }
        boolean verbose = common.apply(arguments).verbose();
        ConfigurableApplicationContext started = PartsmithCli.start(common.apply(arguments), err).orElse(null);
        if (started == null) {
            return PartsmithCli.BAD_USAGE;
        }
        try (ConfigurableApplicationContext context = started) {
            PostgresConnections.check(context.getBean(DataSource.class));
            return work.run(arguments, context);
        }
        catch (CliUsageException | InvalidPartitionConfigException ex) {
            PartsmithCli.fail(err, ex.getMessage(), ex, verbose);
            return PartsmithCli.BAD_USAGE;
        }
        catch (DatabaseConnectionException ex) {
            PartsmithCli.fail(err, ex.getMessage(), ex, verbose);
            return ex.refusedSettings() ? PartsmithCli.BAD_USAGE : PartsmithCli.FAILED;
        }
    }
}
