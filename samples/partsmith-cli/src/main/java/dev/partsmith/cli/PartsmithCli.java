package dev.partsmith.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.NestedExceptionUtils;
import tools.jackson.databind.json.JsonMapper;

import dev.partsmith.autoconfigure.InvalidPartsmithPropertiesException;
import dev.partsmith.autoconfigure.MaintenanceRunner;
import dev.partsmith.lifecycle.PartitionMaintainer;

/**
 * {@code partsmith-cli plan|apply|status}: maintenance of the tables a YAML file describes, once, for
 * cron and Kubernetes CronJobs. A Spring Boot application on partsmith's starter with the starter's own
 * start-up run and schedule switched off: the command is the run.
 *
 * <p>Exit codes: {@value #OK} success (a table whose lock another maintainer holds is skipped, which is a
 * success), {@value #TABLE_FAILED} a table failed, {@value #BAD_USAGE} bad arguments or configuration.
 */
public final class PartsmithCli {

    /** Every table succeeded or was skipped. */
    public static final int OK = 0;

    /** A table failed: a run, a plan or a status check. The other tables were still done. */
    public static final int TABLE_FAILED = 1;

    /** The arguments or the configuration cannot be used; nothing was done. */
    public static final int BAD_USAGE = 2;

    private PartsmithCli() {
    }

    public static void main(String[] args) {
        System.exit(run(System.out, System.err, args));
    }

    /**
     * Runs one command: the report goes to {@code out}, problems with the arguments or the configuration
     * to {@code err}, logs to the standard error stream.
     *
     * @return the exit code
     */
    public static int run(PrintStream out, PrintStream err, String... args) {
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
            context = application(environment).run(arguments.springArguments().toArray(String[]::new));
        }
        catch (RuntimeException ex) {
            err.println("partsmith-cli: " + describe(ex, environment));
            return BAD_USAGE;
        }
        try (context) {
            Report report = Commands.run(arguments.command(), context.getBean(MaintenanceRunner.class), context.getBean(PartitionMaintainer.class));
            if (arguments.output() == CliArguments.Output.JSON) {
                out.println(context.getBean(JsonMapper.class).writerWithDefaultPrettyPrinter().writeValueAsString(report));
            }
            else {
                report.printText(out);
            }
            return report.exitCode();
        }
    }

    private static SpringApplication application(CliEnvironment environment) {
        SpringApplication application = new SpringApplication(CliApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setBannerMode(Banner.Mode.OFF);
        application.setLogStartupInfo(false);
        application.setRegisterShutdownHook(false);
        application.addInitializers(environment);
        return application;
    }

    /** What stopped the start, in the user's terms. */
    private static String describe(RuntimeException ex, CliEnvironment environment) {
        InvalidPartsmithPropertiesException invalid = find(ex, InvalidPartsmithPropertiesException.class);
        if (invalid != null) {
            return "the configuration is invalid:\n" + invalid.describe(environment.environment());
        }
        BindException bind = find(ex, BindException.class);
        if (bind != null && bind.getProperty() != null) {
            return "the configuration is invalid:\n" + describe(bind);
        }
        CliUsageException usage = find(ex, CliUsageException.class);
        if (usage != null) {
            return usage.getMessage();
        }
        Throwable cause = ex instanceof BeanCreationException ? NestedExceptionUtils.getMostSpecificCause(ex) : ex;
        return "cannot start: " + cause;
    }

    private static String describe(BindException bind) {
        Throwable cause = NestedExceptionUtils.getMostSpecificCause(bind);
        Class<?> target = bind.getTarget().getType().resolve(Object.class);
        String reason = target.isEnum() ? "must be one of " + Arrays.stream(target.getEnumConstants())
                .map(constant -> ((Enum<?>) constant).name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "))
                : cause.getMessage();
        return "    Property: " + bind.getProperty().getName() + "\n    Value:    \"" + bind.getProperty().getValue() + "\""
                + (bind.getProperty().getOrigin() == null ? "" : "\n    Origin:   " + bind.getProperty().getOrigin())
                + "\n    Reason:   " + reason;
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
