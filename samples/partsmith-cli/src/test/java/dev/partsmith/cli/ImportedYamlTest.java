package dev.partsmith.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;

import dev.partsmith.catalog.QualifiedName;
import dev.partsmith.cli.ImportedTable.Level;
import dev.partsmith.cli.PartmanConversion.Converted;
import dev.partsmith.config.PartitionGranularity;
import dev.partsmith.config.TablePartitionConfig;

/** The YAML {@code import-pg-partman} prints reads back, through Spring Boot's loader and binder, as exactly the names and values it was given. */
class ImportedYamlTest {

    private static final List<String> HOSTILE = List.of("on", "off", "yes", "No", "null", "NULL", "true", "y", "~", "007", "1e3", "0x1f", "1_000",
            "12:30", "2026-12-01", ".inf", "a b", "Event Log", "quote\"s", "back\\slash", "new\nline", "tab\there", "ünïcödé", "#hash",
            "colon: x", "- dash", "[x]", "{y}", "*star", "&anchor", "!tag", "%percent", "@at", "`tick", "'single'", "a,b", "trailing ",
            " leading", "Europe/Berlin", "a.b", "dots.and-dashes");

    @Test
    void everyValueReadsBackAsTheStringItWas() throws IOException {
        for (String value : HOSTILE) {
            assertThat(read("value: " + ImportedYaml.scalar(value) + "\n").get("value")).as(value).hasToString(value);
        }
    }

    @Test
    void everyTableIsBoundUnderItsOwnNameWhateverTheName() {
        List<String> names = List.of("events", "audit_log", "Event Log", "on", "007", "quote\"s", "back\\slash", "ünïcödé", "a.b", "[x]", "x]y",
                "new\nline");
        List<Converted> sets = names.stream().map(name -> new Converted("public." + name, table("public", name), null)).toList();

        Map<String, TablePartitionConfig> bound = StarterBinding.tables(ImportedYaml.of("test", sets), Map.of());

        assertThat(bound.values()).extracting(TablePartitionConfig::tableName).containsExactlyInAnyOrderElementsOf(names);
        assertThat(bound.keySet()).contains("events", "audit_log", "Event Log", "on", "007");
    }

    @Test
    void aNameTakenInSchemaPublicGivesTheOtherSchemasTableAKeyOfItsOwn() {
        List<Converted> sets = List.of(new Converted("archive.events", table("archive", "events"), null),
                new Converted("public.events", table("public", "events"), null));

        Map<String, TablePartitionConfig> bound = StarterBinding.tables(ImportedYaml.of("test", sets), Map.of());

        assertThat(bound).containsOnlyKeys("events", "archive-events");
        assertThat(bound.get("events").qualifiedName()).isEqualTo(new QualifiedName("public", "events"));
        assertThat(bound.get("archive-events").qualifiedName()).isEqualTo(new QualifiedName("archive", "events"));
    }

    @Test
    void durationsAreWrittenAsSpringBootReadsThem() {
        assertThat(ImportedYaml.duration(Duration.ZERO)).isEqualTo("0");
        assertThat(ImportedYaml.duration(Duration.ofDays(3650))).isEqualTo("3650d");
        assertThat(ImportedYaml.duration(Duration.ofHours(36))).isEqualTo("129600s");
    }

    private static ImportedTable table(String schema, String name) {
        return new ImportedTable(new QualifiedName(schema, name), List.of(new Level("created_at", PartitionGranularity.DAY, null, null, null, 3,
                null, null, null)), null, null, ZoneId.of("UTC"), null, List.of(), List.of());
    }

    private static Map<String, Object> read(String yaml) throws IOException {
        List<PropertySource<?>> sources = new YamlPropertySourceLoader().load("test", new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)));
        return ((MapPropertySource) sources.get(0)).getSource();
    }
}
