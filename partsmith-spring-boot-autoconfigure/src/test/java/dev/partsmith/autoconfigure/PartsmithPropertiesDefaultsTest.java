package dev.partsmith.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.convert.ConversionService;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.partsmith.config.IntegerLevel;
import dev.partsmith.config.ListLevel;
import dev.partsmith.config.MaintenanceSettings;
import dev.partsmith.config.PartitionAdoption;
import dev.partsmith.config.PartitionGranularity;
import dev.partsmith.config.TablePartitionConfig;

/** The defaults the starter shows (field initializers, configuration metadata) are the core's own. */
class PartsmithPropertiesDefaultsTest {

    private static final ConversionService CONVERSION = ApplicationConversionService.getSharedInstance();

    private final TablePartitionConfig core = TablePartitionConfig.builder().tableName("events").partitionColumn("created_at")
            .granularity(PartitionGranularity.MONTH).build();

    @Test
    void sharedSettingsDefaultToTheCores() {
        PartsmithProperties properties = new PartsmithProperties();
        assertThat(properties.getDdl().getLockTimeout()).isEqualTo(MaintenanceSettings.DEFAULTS.lockTimeout());
        assertThat(properties.getDdl().getRetryBudget()).isEqualTo(MaintenanceSettings.DEFAULTS.retryBudget());
        assertThat(properties.getSafety().getMaxClockSkew()).isEqualTo(MaintenanceSettings.DEFAULTS.maxClockSkew());
        assertThat(core.settings()).isEqualTo(MaintenanceSettings.DEFAULTS);
    }

    @Test
    void everyTablePropertysDefaultInTheMetadataIsTheCores() throws IOException {
        Map<String, JsonNode> defaults = metadataDefaults();
        assertThat(value(defaults, "partsmith.defaults.schema", String.class)).isEqualTo(core.schema());
        assertThat(value(defaults, "partsmith.defaults.create-ahead", Integer.class)).isEqualTo(core.createAheadCount());
        assertThat(value(defaults, "partsmith.defaults.drop-grace", Duration.class)).isEqualTo(core.dropGrace());
        assertThat(value(defaults, "partsmith.defaults.timezone", ZoneId.class).normalized()).isEqualTo(core.timezone());
        assertThat(value(defaults, "partsmith.defaults.adopt", PartitionAdoption.class)).isEqualTo(core.adoption());
        assertThat(value(defaults, "partsmith.defaults.enabled", Boolean.class)).isTrue();
        TablePartitionConfig integers = TablePartitionConfig.builder().tableName("orders").partitionColumn("id").interval(100L).build();
        assertThat(value(defaults, "partsmith.defaults.start", Long.class)).isEqualTo(((IntegerLevel) integers.tableLevel()).start());
        TablePartitionConfig list = TablePartitionConfig.builder().tableName("events").partitionColumn("region").listValues("eu").build();
        assertThat(value(defaults, "partsmith.defaults.list.retire-with-rows", Boolean.class)).isEqualTo(((ListLevel) list.tableLevel()).retireWithRows());
        assertThat(value(defaults, "partsmith.ddl.lock-timeout", Duration.class)).isEqualTo(core.lockTimeout());
        assertThat(value(defaults, "partsmith.ddl.retry-budget", Duration.class)).isEqualTo(core.retryBudget());
        assertThat(value(defaults, "partsmith.safety.max-clock-skew", Duration.class)).isEqualTo(core.maxClockSkew());
        assertThat(core.retentionCount()).as("no default: keep every partition").isEmpty();
        assertThat(defaults).doesNotContainKeys("partsmith.defaults.retention", "partsmith.defaults.min-runway",
                "partsmith.defaults.partition-column", "partsmith.defaults.granularity");
    }

    private static <T> T value(Map<String, JsonNode> defaults, String property, Class<T> type) {
        assertThat(defaults).as("the metadata's default of %s", property).containsKey(property);
        return CONVERSION.convert(defaults.get(property).asString(), type);
    }

    private static Map<String, JsonNode> metadataDefaults() throws IOException {
        Map<String, JsonNode> defaults = new HashMap<>();
        try (InputStream in = PartsmithPropertiesDefaultsTest.class.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            for (JsonNode property : JsonMapper.builder().build().readTree(in).path("properties")) {
                if (property.has("defaultValue")) {
                    defaults.put(property.path("name").asString(), property.path("defaultValue"));
                }
            }
        }
        return defaults;
    }
}
