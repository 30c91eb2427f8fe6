package dev.partsmith.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class ImportArgumentsTest {

    @Test
    void theCommandTakesTheConnectionTheSchemaOfPartConfigAndSpringProperties() {
        ImportArguments arguments = ImportArguments.parse("--db-url", "postgresql://app@db/app", "import-pg-partman", "--partman-schema=partman",
                "--spring.datasource.password=p=q", "--verbose");

        assertThat(arguments.partmanSchema()).isEqualTo("partman");
        assertThat(arguments.common()).isEqualTo(new CliArguments(null, null, "postgresql://app@db/app", CliArguments.Output.TEXT,
                List.of("--spring.datasource.password=p=q"), true, false, false));
        assertThat(ImportArguments.parse("import-pg-partman").partmanSchema()).as("the extension's schema").isNull();
    }

    @Test
    void itIsChosenWhereverItStands() {
        assertThat(ImportCommand.handles("--db-url", "jdbc:postgresql://db/app", "import-pg-partman")).isTrue();
        assertThat(ImportCommand.handles("plan", "--config", "tables.yml")).isFalse();
    }

    @Test
    void whatCannotBeUsedIsNamed() {
        assertThatThrownBy(() -> ImportArguments.parse("import-pg-partman", "plan")).hasMessage("one command at a time: got"
                + " 'import-pg-partman' and 'plan'");
        assertThatThrownBy(() -> ImportArguments.parse("import-pg-partman", "--config", "tables.yml")).hasMessage("unknown option --config");
        assertThatThrownBy(() -> ImportArguments.parse("import-pg-partman", "--output=json")).hasMessage("unknown option --output=json");
        assertThatThrownBy(() -> ImportArguments.parse("import-pg-partman", "--partman-schema")).hasMessage("--partman-schema needs a value");
        assertThatThrownBy(() -> ImportArguments.parse("import-pg-partman", "--verbose=yes")).hasMessage("--verbose takes no value");
    }

    @Test
    void badArgumentsAreExitCodeTwoWithTheUsage() {
        CliRun run = CliRun.of("import-pg-partman", "--config", "tables.yml");

        assertThat(run.exitCode()).isEqualTo(PartsmithCli.BAD_USAGE);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("partsmith-cli: unknown option --config\n\n" + ImportArguments.USAGE + "\n");
        assertThat(CliRun.of("import-pg-partman", "--help").out()).isEqualTo(ImportArguments.USAGE + "\n");
    }
}
