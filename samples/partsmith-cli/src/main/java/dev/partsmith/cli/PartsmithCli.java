package dev.partsmith.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.NestedExceptionUtils;
import tools.jackson.databind.json.JsonMapper;

import dev.partsmith.DatabaseConnectionException;
import dev.partsmith.autoconfigure.InvalidPartsmithPropertiesFailureAnalyzer;
import dev.partsmith.autoconfigure.MaintenanceRunner;
import dev.partsmith.lifecycle.PartitionMaintainer;
import dev.partsmith.postgres.PostgresConnections;

/**
 * {@code partsmith-cli plan|apply|status}: maintenance of the tables a YAML file describes, once, for
 * cron and Kubernetes CronJobs. A Spring Boot application on partsmith's starter with the starter's own
 * start-up run and schedule switched off: the command is the run.
 *
 * <p>Exit codes: {@value #OK} success (a table whose lock another maintainer holds is skipped, which is a
 * success), {@value #FAILED} a table failed or the database cannot be reached, {@value #BAD_USAGE} bad
 * arguments or configuration, or the database refused the connection's settings; {@value #PENDING} also
 * from {@code plan --check} when a run would do something.
 */
public final class PartsmithCli {

    /** Every table succeeded or was skipped. */
    public static final int OK = 0;

    /**
     * A table failed (a run, a plan or a status check; the other tables were still done), or the database
     * cannot be reached (refused, timed out, unknown host): a later run may succeed.
     */
    public static final int FAILED = 1;

    /**
     * The arguments or the configuration cannot be used, or the database refused the connection's settings
     * (a wrong password or role, a database that does not exist): nothing was done, and running again with
     * the same settings cannot succeed.
     */
    public static final int BAD_USAGE = 2;

    /**
     * {@code plan --check}: no table failed, and a run would apply operations to at least one, for CI pipelines
     * that must not drift. The same code as {@link #BAD_USAGE}: either way the pipeline stops.
     */
    public static final int PENDING = 2;

    private static final String VERBOSE_LOGGING = "--logging.level.dev.partsmith";

    private PartsmithCli() {
    }

    public static void main(String[] args) {
        System.exit(run(System.out, System.err, args));
    }

    /**
     * Runs one command: the report goes to {@code out}; what stops the command before any table (bad
     * arguments or configuration, no connection to the database) goes to {@code err} in one line, with
     * its stack trace only under {@code --verbose}; logs go to the standard error stream.
     *
     * @return the exit code
     */
    public static int run(PrintStream out, PrintStream err, String... args) {
        if (MigrationCommand.handles(args)) {
            return MigrationCommand.run(out, err, args);
        }
        if (ImportCommand.handles(args)) {
            return ImportCommand.run(out, err, args);
        }
        if (TablesCommand.handles(args)) {
            return TablesCommand.run(out, err, args);
        }
        CliArguments arguments;
        try {
            arguments = CliArguments.parse(args);
        }
        catch (CliUsageException ex) {
            err.println("partsmith-cli: " + ex.getMessage());
            err.println();
            err.println(CliArguments.USAGE);
            return BAD_USAGE;
        }
        if (arguments.help()) {
            out.println(CliArguments.USAGE);
            return OK;
        }
        CliEnvironment environment = new CliEnvironment(arguments);
        ConfigurableApplicationContext context;
        try {
            context = application(environment).run(springArguments(arguments));
        }
        catch (RuntimeException ex) {
            fail(err, describe(ex, environment), ex, arguments.verbose());
            return BAD_USAGE;
        }
        try (context) {
            try {
                environment.requireTables();
            }
            catch (CliUsageException ex) {
                fail(err, ex.getMessage(), ex, arguments.verbose());
                return BAD_USAGE;
            }
            try {
                PostgresConnections.check(context.getBean(DataSource.class));
            }
            catch (DatabaseConnectionException ex) {
                fail(err, ex.getMessage(), ex, arguments.verbose());
                return ex.refusedSettings() ? BAD_USAGE : FAILED;
            }
            Report report;
            try {
                report = Commands.run(arguments, context.getBean(MaintenanceRunner.class), context.getBean(PartitionMaintainer.class),
                        context.getBean(JsonMapper.class));
            }
            catch (CliUsageException ex) {
                fail(err, ex.getMessage(), ex, arguments.verbose());
                return BAD_USAGE;
            }
            if (arguments.output() == CliArguments.Output.JSON) {
                out.println(context.getBean(JsonMapper.class).writeValueAsString(report));
            }
            else {
                report.printText(out);
            }
            return report.exitCode();
        }
    }

    /**
     * Starts the CLI's application for a command of its own ({@code partition}, {@code import-pg-partman},
     * {@code tables}...). When it cannot start, prints why on {@code err} as the application's start failure
     * would, and returns empty: the command exits with {@value #BAD_USAGE}.
     */
    static Optional<ConfigurableApplicationContext> start(CliArguments common, PrintStream err) {
        CliEnvironment environment = new CliEnvironment(common);
        try {
            return Optional.of(application(environment).run(springArguments(common)));
        }
        catch (RuntimeException ex) {
            fail(err, describe(ex, environment), ex, common.verbose());
            return Optional.empty();
        }
    }

    static void fail(PrintStream err, String message, Exception failure, boolean verbose) {
        err.println("partsmith-cli: " + message);
        if (verbose) {
            failure.printStackTrace(err);
        }
    }

    /** The {@code --name=value} arguments, with partsmith's DEBUG log under {@code --verbose} unless a level was given. */
    static String[] springArguments(CliArguments arguments) {
        List<String> spring = new ArrayList<>(arguments.springArguments());
        if (arguments.verbose() && spring.stream().noneMatch(argument -> argument.startsWith(VERBOSE_LOGGING + "="))) {
            spring.add(VERBOSE_LOGGING + "=debug");
        }
        return spring.toArray(String[]::new);
    }

    static SpringApplication application(CliEnvironment environment) {
        SpringApplication application = new SpringApplication(CliApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setBannerMode(Banner.Mode.OFF);
        application.setLogStartupInfo(false);
        application.setRegisterShutdownHook(false);
        application.addInitializers(environment);
        return application;
    }

    /** What stopped the start, in the user's terms: the same report as the application's start failure. */
    static String describe(RuntimeException ex, CliEnvironment environment) {
        Optional<String> properties = InvalidPartsmithPropertiesFailureAnalyzer.describe(ex, environment.environment());
        if (properties.isPresent()) {
            return properties.get().strip();
        }
        CliUsageException usage = find(ex, CliUsageException.class);
        if (usage != null) {
            return usage.getMessage();
        }
        Throwable cause = ex instanceof BeanCreationException ? NestedExceptionUtils.getMostSpecificCause(ex) : ex;
        return "cannot start: " + cause;
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable candidate = failure; candidate != null; candidate = candidate.getCause()) {
            if (type.isInstance(candidate)) {
                return type.cast(candidate);
            }
        }
        return null;
    }
}
