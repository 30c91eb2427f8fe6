package dev.partsmith.cli;

import java.io.PrintStream;

import javax.sql.DataSource;

import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

import dev.partsmith.PartitionException;
import dev.partsmith.autoconfigure.PartsmithProperties;
import dev.partsmith.autoconfigure.PartsmithTable;
import dev.partsmith.autoconfigure.PartsmithTables;
import dev.partsmith.catalog.QualifiedName;
import dev.partsmith.config.MaintenanceSettings;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.lock.LockManager;
import dev.partsmith.migration.MigrationResult;
import dev.partsmith.migration.TableMigrator;
import dev.partsmith.postgres.PostgresMigrationRepository;

/**
 * {@code partsmith-cli partition|unpartition|abort-migration}: core's {@link TableMigrator} on the database the
 * CLI connects to, under the same table lock as maintenance (the starter's lock manager and prefix), with a
 * progress bar on the standard error stream. The table's partitioning comes from the command line, or from the
 * table's entry in {@code --config}; lock timeout and retry budget from {@code partsmith.ddl.*}.
 */
final class MigrationCommand {

    private MigrationCommand() {
    }

    /** Whether {@code args} ask for a migration command. */
    static boolean handles(String... args) {
        return MigrationArguments.names(args);
    }

    private static final OwnCommand<MigrationArguments> COMMAND = new OwnCommand<>(MigrationArguments.USAGE, MigrationArguments::parse,
            MigrationArguments::common);

    static int run(PrintStream out, PrintStream err, String... args) {
        return COMMAND.run(out, err, args, (arguments, context) -> {
            TableMigrator migrator = new TableMigrator(new PostgresMigrationRepository(context.getBean(DataSource.class)),
                    context.getBean(LockManager.class));
            MigrationResult result;
            try {
                result = migrate(arguments, migrator, context, err);
            }
            catch (PartitionException ex) {
                report(out, context, arguments, new MigrationReport(arguments.command().label(), PartsmithCli.FAILED, arguments.schema() + "."
                        + arguments.table(), "FAILED", null, 0, null, null, ex.getMessage(), null));
                if (arguments.common().verbose()) {
                    ex.printStackTrace(err);
                }
                return PartsmithCli.FAILED;
            }
            report(out, context, arguments, MigrationReport.of(arguments.command().label(), result));
            return PartsmithCli.OK;
        });
    }

    private static MigrationResult migrate(MigrationArguments arguments, TableMigrator migrator, ConfigurableApplicationContext context,
            PrintStream err) {
        PartsmithProperties properties = context.getBean(PartsmithProperties.class);
        MaintenanceSettings settings = new MaintenanceSettings(properties.getDdl().getLockTimeout(), properties.getDdl().getRetryBudget(),
                properties.getSafety().getMaxClockSkew());
        QualifiedName table = new QualifiedName(arguments.schema(), arguments.table());
        ProgressBar progress = new ProgressBar(err, System.console() != null);
        return switch (arguments.command()) {
            case PARTITION -> migrator.partition(config(arguments, table, settings, context.getBean(PartsmithTables.class)),
                    arguments.options(), progress);
            case UNPARTITION -> migrator.unpartition(table, settings, arguments.options(), progress);
            case ABORT -> migrator.abort(table, settings);
        };
    }

    /** The table's partitioning from the command line, else from its entry in the configuration. */
    private static TablePartitionConfig config(MigrationArguments arguments, QualifiedName table, MaintenanceSettings settings,
            PartsmithTables tables) {
        if (arguments.column() == null) {
            return tables.get(table).map(PartsmithTable::config).orElseThrow(() -> new CliUsageException("give --column and --granularity, or"
                    + " describe " + table + " under tables: in --config"));
        }
        TablePartitionConfig.Builder builder = TablePartitionConfig.builder().schema(arguments.schema()).tableName(arguments.table())
                .partitionColumn(arguments.column()).granularity(arguments.granularity()).settings(settings);
        if (arguments.timezone() != null) {
            builder.timezone(arguments.timezone());
        }
        if (arguments.createAhead() != null) {
            builder.createAheadCount(arguments.createAhead());
        }
        return builder.build();
    }

    private static void report(PrintStream out, ConfigurableApplicationContext context, MigrationArguments arguments, MigrationReport report) {
        if (arguments.common().output() == CliArguments.Output.JSON) {
            out.println(context.getBean(JsonMapper.class).writeValueAsString(report));
        }
        else {
            out.println(report.text());
        }
    }
}
