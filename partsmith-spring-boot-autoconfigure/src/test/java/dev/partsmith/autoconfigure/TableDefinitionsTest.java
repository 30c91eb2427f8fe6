package dev.partsmith.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.DefaultResourceLoader;

import dev.partsmith.InvalidPartitionConfigException;
import dev.partsmith.config.EpochUnit;
import dev.partsmith.config.ListValue;
import dev.partsmith.config.PartitionAdoption;
import dev.partsmith.config.PartitionGranularity;
import dev.partsmith.config.PartitionLevel;
import dev.partsmith.config.PartsmithTableRegistry;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.config.TableStore;

/** A table added at run time written as properties reads back equal, whatever its shape; a definition is checked as configuration is. */
class TableDefinitionsTest {

    private final PartsmithProperties properties = new PartsmithProperties();

    private TableDefinitions definitions() {
        return new TableDefinitions(properties, new DefaultResourceLoader());
    }

    @Test
    void everyShapeReadsBackEqualFromItsProperties() {
        List<TablePartitionConfig> shapes = List.of(
                TablePartitionConfig.builder().schema("app").tableName("events").partitionColumn("created_at").granularity(PartitionGranularity.WEEK)
                        .createAheadCount(4).retentionCount(10).dropGrace(Duration.ofHours(6)).timezone(ZoneId.of("Europe/Paris"))
                        .minRunway(Duration.ofDays(2)).adoption(PartitionAdoption.BOUNDS).build(),
                TablePartitionConfig.builder().tableName("ticks").partitionColumn("at_ms").granularity(PartitionGranularity.DAY)
                        .epoch(EpochUnit.MILLISECONDS).build(),
                TablePartitionConfig.builder().tableName("ledger").partitionColumn("id").interval(1000L).start(5000L).createAheadCount(2).build(),
                TablePartitionConfig.builder().tableName("regions").partitionColumn("region").listValues("eu", "O'Brien; --", "日本")
                        .retireWithRows(true).build(),
                TablePartitionConfig.builder().tableName("sessions").partitionColumn("user_id").hashModulus(8).build(),
                TablePartitionConfig.builder().tableName("te").partitionColumn("created_at").granularity(PartitionGranularity.MONTH)
                        .tenantColumn("project_id").tenants(List.of(ListValue.of("a"), new ListValue("b", 5, 24)))
                        .subpartition(PartitionLevel.builder().partitionColumn("user_id").hashModulus(4))
                        .subpartition(PartitionLevel.builder().partitionColumn("kind").listValues("x", "y")).build());

        for (TablePartitionConfig shape : shapes) {
            assertThat(definitions().read("key", TableDefinitions.write(shape))).as(shape.shape()).isEqualTo(shape);
        }
    }

    @Test
    void aDefinitionTakesTheDefaultsOnceAndAStoredOneNone() {
        properties.getDefaults().setRetention(30);
        properties.getDefaults().setDropGrace(Duration.ofDays(1));

        TablePartitionConfig defined = definitions().define("events", TableDefinitions.parse("partition-column=created_at\ngranularity=day"));

        assertThat(defined.retentionCount()).contains(30);
        assertThat(defined.tableName()).as("the key, as for a configured table").isEqualTo("events");
        properties.getDefaults().setRetention(7);
        assertThat(definitions().read("events", TableDefinitions.write(defined))).isEqualTo(defined);
    }

    @Test
    void refusedPropertiesAreNamedAsTheDefinitionWritesThem() {
        assertThatThrownBy(() -> definitions().define("events", TableDefinitions.parse("partition-column=created_at\ngranularity=fortnight")))
                .isInstanceOf(InvalidPartitionConfigException.class).hasMessageContaining("granularity");
        assertThatThrownBy(() -> definitions().define("events", TableDefinitions.parse("partition-column=created_at\ngranularity=day\n"
                + "create-ahead=0\nmax-partitions=10"))).hasMessageContaining("max-partitions is set in the configuration only");
        assertThatThrownBy(() -> definitions().define("events", Map.of("partition-column", "created_at", "granularity", "day",
                "create-ahead", "0"))).hasMessageContaining("create-ahead");
        assertThatThrownBy(() -> definitions().define("events", Map.of("Partition Column", "x")))
                .hasMessageContaining("Partition Column is not a property name");
        assertThatThrownBy(() -> TableDefinitions.parse("name=\\uZZZZ")).hasMessageContaining("definition is not properties");
        assertThatThrownBy(() -> definitions().define("Events", Map.of("partition-column", "x"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(was 'Events')");
    }

    @Test
    void aStoreKeepsWhatItWasGivenForTheNextRegistry() {
        Map<String, Map<String, String>> rows = new java.util.LinkedHashMap<>();
        TableStore store = new TableStore() {

            @Override
            public Map<String, TablePartitionConfig> load() {
                Map<String, TablePartitionConfig> tables = new java.util.LinkedHashMap<>();
                rows.forEach((key, row) -> tables.put(key, definitions().read(key, row)));
                return tables;
            }

            @Override
            public void save(String key, TablePartitionConfig config) {
                rows.put(key, TableDefinitions.write(config));
            }

            @Override
            public void delete(String key) {
                rows.remove(key);
            }
        };
        PartsmithTableRegistry first = new PartsmithTableRegistry(Map.of(), store);
        first.put("regions", definitions().define("regions", TableDefinitions.parse("partition-column=region\nlist.values=eu,us")));
        first.addListValue("regions", ListValue.of("fr"));

        PartsmithTableRegistry next = new PartsmithTableRegistry(Map.of(), store);
        assertThat(next.runtimeTables()).isEmpty();
        next.refresh();
        assertThat(next.runtimeTables()).isEqualTo(first.runtimeTables());
    }
}
