package dev.partsmith.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.springframework.boot.convert.DurationStyle;

import dev.partsmith.config.PartitionGranularity;
import dev.partsmith.migration.MigrationOptions;

/**
 * What {@code partsmith-cli partition|unpartition|abort-migration} is asked to do.
 *
 * @param command which of the three
 * @param schema the table's schema
 * @param table the table, as stored
 * @param column partitioning: the partition column; {@code null} to take the table's settings from {@code --config}
 * @param granularity partitioning: the period of a partition; {@code null} with {@code column}
 * @param timezone partitioning: the zone whose calendar cuts periods
 * @param createAhead partitioning: periods made ready from the current one on
 * @param options batch size, batch limit, pause, checksum
 * @param common the options every command takes ({@code --config}, {@code --db-url}, {@code --output}, {@code --verbose},
 *        {@code --NAME=VALUE})
 */
record MigrationArguments(Command command, String schema, String table, String column, PartitionGranularity granularity, ZoneId timezone,
        Integer createAhead, MigrationOptions options, CliArguments common) {

    static final String USAGE = """
            Usage: partsmith-cli partition|unpartition|abort-migration --table NAME [options]

              partition        make a plain table partitioned, online: twin, partitions, sync trigger, copy, verify, swap;
                               the old table is kept as NAME_retired. Run it again to carry on after any stop
              unpartition      make a partitioned table plain again, online, the same way
              abort-migration  remove an unfinished partition or unpartition of the table (twin, trigger, state)

            Options:
              --table NAME          the table (required)
              --schema NAME         its schema (default public)
              --column NAME         partition: the partition column (timestamptz, timestamp or date)
              --granularity G       partition: hour, day, week, month, quarter or year
              --timezone ZONE       partition: the zone whose calendar cuts periods (default UTC)
              --create-ahead N      partition: periods made ready from the current one on (default 3)
                                    (without --column and --granularity, the table's settings come from --config)
              --batch-size N        rows copied per transaction (default 10000)
              --max-batches N       batches to copy before returning, 0 for all (default 0); run again to carry on
              --sleep DURATION      pause between batches, e.g. 100ms (default 0)
              --checksum            compare a checksum of every row before the swap, not only the row counts
              --config FILE         tables file or application.yml, as for plan|apply|status
              --db-url URL          jdbc:postgresql://host:5432/db or postgresql://user:password@host:5432/db
              --output FORMAT       text (default) or json
              --verbose             print failures with their stack traces, and partsmith's log at DEBUG
              --NAME=VALUE          any Spring Boot or partsmith property, e.g. --partsmith.ddl.lock-timeout=2s

            Exit codes: 0 done, paused after --max-batches, or skipped (another run holds the table's lock),
                        1 the table cannot be migrated, or a step failed (run again to carry on),
                        2 bad arguments or configuration.""";

    private static final List<String> VALUED = List.of("table", "schema", "column", "granularity", "timezone", "create-ahead", "batch-size",
            "max-batches", "sleep", "config", "db-url", "output");

    /** The commands. */
    enum Command {
        PARTITION("partition"), UNPARTITION("unpartition"), ABORT("abort-migration");

        private final String label;

        Command(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }

        static Command of(String label) {
            return Arrays.stream(values()).filter(command -> command.label.equals(label)).findFirst().orElse(null);
        }
    }

    /** Whether the first argument that is not an option names a migration command. */
    static boolean names(String... args) {
        return Arrays.stream(args).filter(arg -> !arg.startsWith("-")).findFirst().map(Command::of).isPresent();
    }

    /**
     * Reads the command line.
     *
     * @throws CliUsageException naming the argument that cannot be used
     */
    static MigrationArguments parse(String... args) {
        Command command = null;
        String schema = "public";
        String table = null;
        String column = null;
        PartitionGranularity granularity = null;
        ZoneId timezone = null;
        Integer createAhead = null;
        MigrationOptions.Builder options = MigrationOptions.builder();
        Path config = null;
        String dbUrl = null;
        CliArguments.Output output = CliArguments.Output.TEXT;
        boolean verbose = false;
        List<String> spring = new ArrayList<>();
        int next = 0;
        while (next < args.length) {
            String arg = args[next++];
            if (!arg.startsWith("--")) {
                if (arg.startsWith("-") || command != null) {
                    throw new CliUsageException(arg.startsWith("-") ? "unknown option " + arg : "one command at a time: got '" + command.label()
                            + "' and '" + arg + "'");
                }
                command = Command.of(arg);
                continue;
            }
            CliOption option = CliOption.read(args, next - 1, VALUED);
            next = option.next();
            String name = option.name();
            String value = option.value();
            switch (name) {
                case "table" -> table = value;
                case "schema" -> schema = value;
                case "column" -> column = value;
                case "granularity" -> granularity = granularity(value);
                case "timezone" -> timezone = zone(value);
                case "create-ahead" -> createAhead = number(name, value);
                case "batch-size" -> options.batchSize(number(name, value));
                case "max-batches" -> options.maxBatches(number(name, value));
                case "sleep" -> options.sleep(duration(name, value));
                case "checksum" -> options.checksum(CliArguments.flag(arg, value));
                case "config" -> config = Path.of(value);
                case "db-url" -> dbUrl = value;
                case "output" -> output = CliArguments.output(value);
                case "verbose" -> verbose = CliArguments.flag(arg, value);
                default -> {
                    if (!name.contains(".") || value == null) {
                        throw new CliUsageException("unknown option " + arg);
                    }
                    spring.add(arg);
                }
            }
        }
        if (table == null || table.isEmpty()) {
            throw new CliUsageException("--table is required: the table to " + (command == Command.ABORT ? "abort the migration of" : command.label()));
        }
        if (command != Command.PARTITION && (column != null || granularity != null || timezone != null || createAhead != null)) {
            throw new CliUsageException("--column, --granularity, --timezone and --create-ahead are for partition only");
        }
        if ((column == null) != (granularity == null)) {
            throw new CliUsageException("give --column and --granularity together, or neither (then the table's settings come from --config)");
        }
        return new MigrationArguments(command, schema, table, column, granularity, timezone, createAhead, options.build(),
                new CliArguments(null, config, dbUrl, output, List.copyOf(spring), verbose, false, false));
    }

    private static PartitionGranularity granularity(String value) {
        try {
            return PartitionGranularity.valueOf(value.toUpperCase(Locale.ROOT));
        }
        catch (IllegalArgumentException ex) {
            throw new CliUsageException("--granularity is hour, day, week, month, quarter or year, not '" + value + "'");
        }
    }

    private static ZoneId zone(String value) {
        try {
            return ZoneId.of(value);
        }
        catch (DateTimeException ex) {
            throw new CliUsageException("--timezone: unknown time zone '" + value + "' (" + ex.getMessage() + ")");
        }
    }

    private static int number(String name, String value) {
        try {
            return Integer.parseInt(value);
        }
        catch (NumberFormatException ex) {
            throw new CliUsageException("--" + name + " takes a whole number, not '" + value + "'");
        }
    }

    private static Duration duration(String name, String value) {
        try {
            return DurationStyle.detectAndParse(value);
        }
        catch (IllegalArgumentException ex) {
            throw new CliUsageException("--" + name + " takes a duration such as 100ms, 2s or PT1S, not '" + value + "'");
        }
    }
}
