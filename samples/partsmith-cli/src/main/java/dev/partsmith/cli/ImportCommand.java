package dev.partsmith.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.partsmith.InvalidParentTableException;
import dev.partsmith.InvalidPartitionConfigException;
import dev.partsmith.catalog.PartitionTree;
import dev.partsmith.cli.PartmanCatalog.PartmanSet;
import dev.partsmith.cli.PartmanCatalog.Source;
import dev.partsmith.cli.PartmanConversion.Converted;
import dev.partsmith.cli.PartmanConversion.Refusal;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.postgres.PostgresMetadataProvider;

/**
 * {@code partsmith-cli import-pg-partman}: pg_partman's partition sets as partsmith configuration, for a pg_partman user
 * who switches. Reads {@code part_config} (and {@code part_config_sub}) of pg_partman 4.x or 5.x through the CLI's
 * connection, converts each set by {@link PartmanConversion}'s rules, checks it against the set's partitions
 * ({@link PartmanBounds}), and prints the YAML ({@link ImportedYaml}) on the standard output; what it could not convert
 * goes to the standard error stream, one line each. Reads only: changes nothing in the database.
 */
final class ImportCommand {

    private ImportCommand() {
    }

    /** Whether {@code args} ask for this command. */
    static boolean handles(String... args) {
        return ImportArguments.names(args);
    }

    private static final OwnCommand<ImportArguments> COMMAND = new OwnCommand<>(ImportArguments.USAGE, ImportArguments::parse,
            ImportArguments::common);

    static int run(PrintStream out, PrintStream err, String... args) {
        return COMMAND.run(out, err, args, (arguments, context) -> {
            DataSource dataSource = context.getBean(DataSource.class);
            List<Converted> sets;
            Source source;
            try {
                PartmanCatalog catalog = new PartmanCatalog(new JdbcTemplate(dataSource));
                source = catalog.read(arguments.partmanSchema());
                sets = convert(source, catalog, new PostgresMetadataProvider(dataSource));
            }
            catch (DataAccessException ex) {
                PartsmithCli.fail(err, "cannot read pg_partman's configuration: " + ex.getMostSpecificCause().getMessage(), ex,
                        arguments.common().verbose());
                return PartsmithCli.FAILED;
            }
            out.print(ImportedYaml.of(source.label(), sets));
            return report(err, sets);
        });
    }

    /** Each set converted and checked against its partitions, or refused with why. */
    static List<Converted> convert(Source source, PartmanCatalog catalog, PostgresMetadataProvider metadata) {
        List<Converted> converted = new ArrayList<>();
        for (PartmanSet set : source.sets()) {
            Converted draft = PartmanConversion.convert(set, catalog::interval);
            if (draft.table() == null) {
                converted.add(draft);
                continue;
            }
            try {
                TablePartitionConfig config = draft.table().config();
                PartitionTree tree = metadata.readTree(config);
                converted.add(new Converted(set.parentTable(), PartmanBounds.fit(draft.table(), config, tree, source.zones()), null));
            }
            catch (InvalidPartitionConfigException ex) {
                converted.add(Converted.refused(set.parentTable(), "partsmith refuses its configuration: " + String.join("; ", ex.violations()
                        .stream().map(violation -> violation.field() + " " + violation.reason()).toList())));
            }
            catch (InvalidParentTableException | Refusal ex) {
                converted.add(Converted.refused(set.parentTable(), ex.getMessage()));
            }
        }
        return converted;
    }

    /** Lists on {@code err} what was not converted; the exit code: 1 when anything was not, else 0. */
    private static int report(PrintStream err, List<Converted> sets) {
        int problems = 0;
        long whole = 0;
        for (Converted set : sets) {
            if (set.table() == null) {
                err.println("partsmith-cli: " + set.parentTable() + " is not converted: " + set.refusal());
                problems++;
                continue;
            }
            set.table().unconverted().forEach(setting -> err.println("partsmith-cli: " + set.parentTable() + ": not converted: " + setting));
            problems += set.table().unconverted().size();
            whole += set.table().unconverted().isEmpty() ? 1 : 0;
        }
        if (problems == 0) {
            return PartsmithCli.OK;
        }
        err.println("partsmith-cli: " + whole + " of " + sets.size() + " partition sets converted in full; what was not is listed above and"
                + " in the YAML's comments");
        return PartsmithCli.FAILED;
    }
}
