package dev.partsmith.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.partsmith.cli.CliArguments.Command;
import dev.partsmith.cli.CliArguments.Output;

class CliArgumentsTest {

    @Test
    void optionsTakeTheirValueAfterASpaceOrAnEqualsSign() {
        CliArguments arguments = CliArguments.parse("--config", "tables.yml", "apply", "--db-url=jdbc:postgresql://db/app?user=a", "--output",
                "json", "--spring.datasource.password=p=q", "--logging.level.dev.partsmith=debug");

        assertThat(arguments.command()).isEqualTo(Command.APPLY);
        assertThat(arguments.config()).isEqualTo(Path.of("tables.yml"));
        assertThat(arguments.dbUrl()).isEqualTo("jdbc:postgresql://db/app?user=a");
        assertThat(arguments.output()).isEqualTo(Output.JSON);
        assertThat(arguments.springArguments()).containsExactly("--spring.datasource.password=p=q", "--logging.level.dev.partsmith=debug");
        assertThat(arguments.help()).isFalse();
    }

    @Test
    void theDefaultsAreTextOutputAndNoConfigOrUrl() {
        CliArguments arguments = CliArguments.parse("status");

        assertThat(arguments).isEqualTo(new CliArguments(Command.STATUS, null, null, Output.TEXT, List.of(), false, false, false));
    }

    @Test
    void verboseIsAFlag() {
        assertThat(CliArguments.parse("apply", "--verbose").verbose()).isTrue();
        assertThatThrownBy(() -> CliArguments.parse("apply", "--verbose=yes")).hasMessage("--verbose takes no value");
    }

    @Test
    void checkIsAFlagOfPlanAlone() {
        assertThat(CliArguments.parse("plan", "--check").check()).isTrue();
        assertThat(CliArguments.parse("plan").check()).isFalse();
        assertThatThrownBy(() -> CliArguments.parse("apply", "--check")).hasMessage("--check goes with plan, not with apply");
        assertThatThrownBy(() -> CliArguments.parse("plan", "--check=yes")).hasMessage("--check takes no value");
    }

    @Test
    void outGoesWithPlanAndASavedPlanWithApply() {
        assertThat(CliArguments.parse("plan", "--out", "plan.json").out()).isEqualTo(Path.of("plan.json"));
        assertThat(CliArguments.parse("apply", "plan.json").savedPlan()).isEqualTo(Path.of("plan.json"));
        assertThat(CliArguments.parse("apply").savedPlan()).isNull();
        assertThatThrownBy(() -> CliArguments.parse("apply", "--out", "plan.json")).hasMessage("--out goes with plan, not with apply");
        assertThatThrownBy(() -> CliArguments.parse("plan", "plan.json")).hasMessage("one command at a time: got 'plan' and 'plan.json'");
    }

    @Test
    void helpAnywhereWinsOverEverythingElse() {
        assertThat(CliArguments.parse("apply", "--nonsense", "-h").help()).isTrue();
        assertThat(CliArguments.parse("-h", "--nonsense").help()).isTrue();
        assertThat(CliArguments.parse("--help").help()).isTrue();
    }

    @Test
    void whatCannotBeUsedIsNamed() {
        assertThatThrownBy(() -> CliArguments.parse()).hasMessage("no command: give plan, apply or status");
        assertThatThrownBy(() -> CliArguments.parse("plan", "apply")).hasMessage("one command at a time: got 'plan' and 'apply'");
        assertThatThrownBy(() -> CliArguments.parse("drop")).hasMessage("unknown command 'drop': give plan, apply or status");
        assertThatThrownBy(() -> CliArguments.parse("plan", "--config")).hasMessage("--config needs a value");
        assertThatThrownBy(() -> CliArguments.parse("plan", "--config", "--output", "json")).hasMessage("--config needs a value");
        assertThatThrownBy(() -> CliArguments.parse("plan", "--output=yaml")).hasMessage("--output is text or json, not 'yaml'");
        assertThatThrownBy(() -> CliArguments.parse("plan", "--dry-run")).hasMessage("unknown option --dry-run");
        assertThatThrownBy(() -> CliArguments.parse("plan", "-v")).hasMessage("unknown option -v");
        assertThatThrownBy(() -> CliArguments.parse("plan", "--spring.datasource.url")).as("a property needs =value")
                .hasMessage("unknown option --spring.datasource.url");
    }
}
