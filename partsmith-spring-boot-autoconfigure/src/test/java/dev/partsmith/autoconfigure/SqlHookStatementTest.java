package dev.partsmith.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Map;

import org.junit.jupiter.api.Test;

class SqlHookStatementTest {

    @Test
    void placeholdersAreReplacedByTheirQuotedValues() {
        SqlHookStatement statement = SqlHookStatement.parse("p",
                "INSERT INTO archive_log (name, lower_bound) SELECT {partition_name}, {from} FROM {partition} LIMIT 1");
        assertThat(statement.render(Map.of("partition_name", "'ev''ents__2024_01'", "from", "'2024-01-01 00:00:00+00'", "partition",
                "\"public\".\"ev'ents__2024_01\"")))
                .isEqualTo("INSERT INTO archive_log (name, lower_bound) SELECT 'ev''ents__2024_01', '2024-01-01 00:00:00+00'"
                        + " FROM \"public\".\"ev'ents__2024_01\" LIMIT 1");
    }

    @Test
    void replacementTextIsTakenLiterally() {
        SqlHookStatement statement = SqlHookStatement.parse("p", "SELECT {partition_name}");
        assertThat(statement.render(Map.of("partition_name", "'a$1\\b'"))).isEqualTo("SELECT 'a$1\\b'");
    }

    @Test
    void bracesThatAreNoPlaceholderAreLeftAlone() {
        SqlHookStatement statement = SqlHookStatement.parse("p",
                "INSERT INTO log VALUES ('{\"table\": 1}'::jsonb, ARRAY[1], '{1,2}')");
        assertThat(statement.render(Map.of())).isEqualTo(statement.sql());
    }

    @Test
    void everyStepKnowsTheSamePlaceholders() {
        assertThat(SqlHookStatement.parse("p", "SELECT {schema}, {parent}, {partition}, {partition_name}, {from}, {to}, {moved_rows}").sql())
                .startsWith("SELECT");
        assertThatIllegalArgumentException().isThrownBy(() -> SqlHookStatement.parse("p", "SELECT {upper}"))
                .withMessage("uses {upper}, which partsmith does not know; it knows {from}, {moved_rows}, {parent}, {partition},"
                        + " {partition_name}, {schema}, {to}");
    }
}
