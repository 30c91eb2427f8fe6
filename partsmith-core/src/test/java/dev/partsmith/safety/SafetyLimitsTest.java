package dev.partsmith.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.partsmith.InvalidPartitionConfigException;
import dev.partsmith.config.PartitionGranularity;
import dev.partsmith.config.TablePartitionConfig;

class SafetyLimitsTest {

    private static TablePartitionConfig.Builder monthly() {
        return TablePartitionConfig.builder().tableName("events").partitionColumn("created_at").granularity(PartitionGranularity.MONTH)
                .createAheadCount(3);
    }

    @Test
    void negativeLagAndAnEmptySizeAreRefusedTogether() {
        assertThatThrownBy(() -> new SafetyLimits(Duration.ofSeconds(-1), 0L)).isInstanceOf(InvalidPartitionConfigException.class)
                .hasMessage("Invalid partition config: maxReplicationLag must be zero or more (was 'PT-1S'); maxDatabaseSize must be at least"
                        + " 1 byte (was '0')");
    }

    @Test
    void maxPartitionsBelowWhatTheTableKeepsIsRefused() {
        assertThatThrownBy(() -> TableLimits.of(monthly().retentionCount(12).build(), 13)).isInstanceOf(InvalidPartitionConfigException.class)
                .hasMessage("Invalid partition config of public.events: maxPartitions must be at least 14, the partitions the table keeps"
                        + " attached (retention 12 and create-ahead 3, counting the current period once): a lower limit would hold back"
                        + " every new partition for good (was '13')");
        assertThat(TableLimits.violations(2, monthly().build())).singleElement().satisfies(violation -> assertThat(violation.reason())
                .isEqualTo("must be at least 3, the partitions the table keeps attached (create-ahead 3): a lower limit would hold back every"
                        + " new partition for good"));
        assertThat(TableLimits.violations(0, null)).singleElement().satisfies(violation -> assertThat(violation.reason())
                .isEqualTo("must be at least 1"));
        assertThat(TableLimits.of(monthly().retentionCount(12).build(), 14).maxPartitions()).isEqualTo(14);
    }

    @Test
    void sizesAreShownInTheLargestUnitTheyFillWithTheirBytes() {
        assertThat(StorageQuota.format(1)).isEqualTo("1 byte");
        assertThat(StorageQuota.format(1023)).isEqualTo("1023 bytes");
        assertThat(StorageQuota.format(10L << 20)).isEqualTo("10 MB (10485760 bytes)");
        assertThat(StorageQuota.format(3L << 29)).isEqualTo("1.5 GB (1610612736 bytes)");
    }
}
