package dev.partsmith.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import dev.partsmith.InvalidPartitionConfigException;
import dev.partsmith.InvalidPartitionConfigException.Violation;
import dev.partsmith.period.MonthPeriodCalculator;

class TablePartitionConfigTest {

    private static TablePartitionConfig.Builder valid() {
        return TablePartitionConfig.builder().tableName("events").partitionColumn("created_at").granularity(PartitionGranularity.MONTH);
    }

    @Test
    void defaultsFollowTheSeed() {
        TablePartitionConfig config = valid().build();
        assertThat(config.schema()).isEqualTo("public");
        assertThat(config.partitionType()).isEqualTo(PartitionType.RANGE);
        assertThat(config.partitionStrategy()).isEqualTo(PartitionStrategy.TIME_BASED);
        assertThat(config.createAheadCount()).isEqualTo(3);
        assertThat(config.retentionCount()).isEmpty();
        assertThat(config.dropGrace()).isEqualTo(Duration.ZERO);
        assertThat(config.timezone()).isEqualTo(ZoneOffset.UTC);
        assertThat(config.lockTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.retryBudget()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.markerPrefix()).isEqualTo("partsmith");
        assertThat(config.periodCalculator()).isInstanceOf(MonthPeriodCalculator.class);
        assertThat(config.granularity()).contains(PartitionGranularity.MONTH);
    }

    @Test
    void everyBadFieldIsNamedAtOnce() {
        assertThatThrownBy(() -> TablePartitionConfig.builder().schema("").tableName("events").createAheadCount(0).retentionCount(-1)
                .dropGrace(Duration.ofSeconds(-1)).lockTimeout(Duration.ZERO).retryBudget(Duration.ofSeconds(-1))
                .markerPrefix("bad\nprefix").partitionType(PartitionType.HASH).build())
                .isInstanceOfSatisfying(InvalidPartitionConfigException.class, ex -> {
                    assertThat(ex.violations()).extracting(Violation::field).containsExactly("schema", "partitionColumn",
                            "partitionType", "granularity", "createAheadCount", "retentionCount", "dropGrace", "lockTimeout",
                            "retryBudget", "markerPrefix");
                    assertThat(ex.getMessage()).startsWith("Invalid partition config of .events: ")
                            .contains("createAheadCount must be between 1 and 1000 (it counts the current period) (was '0')")
                            .contains("retentionCount must be at least 1 (it counts the current period), or unset to keep every partition (was '-1')")
                            .contains("markerPrefix must be 1 to 32 characters");
                });
    }

    @Test
    void namesOverSixtyThreeBytesAreRefusedNotTruncated() {
        String sixtyByteName = "e".repeat(60);
        assertThatThrownBy(() -> valid().tableName(sixtyByteName).build())
                .isInstanceOfSatisfying(InvalidPartitionConfigException.class, ex -> {
                    assertThat(ex.violations()).extracting(Violation::field).containsExactly("tableName");
                    assertThat(ex.getMessage()).contains("is too long for its partition names: '" + sixtyByteName + "__2000_12' is 69 bytes");
                });
        // Multi-byte characters count in bytes, as PostgreSQL counts them.
        String unicode = "é".repeat(32);
        assertThatThrownBy(() -> valid().tableName(unicode).build())
                .isInstanceOfSatisfying(InvalidPartitionConfigException.class,
                        ex -> assertThat(ex.getMessage()).contains("tableName is 64 bytes long; PostgreSQL names hold at most 63 bytes"));
        assertThat(valid().tableName("e".repeat(54)).build().tableName()).hasSize(54);
        assertThatThrownBy(() -> valid().tableName("e".repeat(51)).granularity(PartitionGranularity.HOUR).build())
                .hasMessageContaining("__2000_12_31_23' is 66 bytes");
    }

    @Test
    void granularityOrCalculatorButNotBoth() {
        assertThatThrownBy(() -> valid().granularity(null).build()).hasMessageContaining("granularity is required");
        assertThatThrownBy(() -> valid().periodCalculator(new MonthPeriodCalculator()).build())
                .hasMessageContaining("granularity must not be set together with periodCalculator");
        TablePartitionConfig custom = valid().granularity(null).periodCalculator(new MonthPeriodCalculator()).build();
        assertThat(custom.granularity()).isEmpty();
    }

    @Test
    void toBuilderKeepsEveryValue() {
        TablePartitionConfig config = valid().schema("audit").retentionCount(12).dropGrace(Duration.ofDays(7))
                .timezone(ZoneId.of("Europe/Moscow")).markerPrefix("acme").build();
        assertThat(config.toBuilder().build()).isEqualTo(config);
        assertThat(config.toBuilder().createAheadCount(5).build().createAheadCount()).isEqualTo(5);
    }

    @Test
    void nulCharactersAreRefused() {
        assertThatThrownBy(() -> valid().tableName("ev\0il").build()).hasMessageContaining("tableName must not contain a NUL character");
    }
}
