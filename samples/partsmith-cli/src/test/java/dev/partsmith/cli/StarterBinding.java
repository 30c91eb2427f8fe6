package dev.partsmith.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.DefaultResourceLoader;

import dev.partsmith.autoconfigure.PartsmithProperties;
import dev.partsmith.autoconfigure.PartsmithTable;
import dev.partsmith.autoconfigure.PartsmithTables;
import dev.partsmith.config.TablePartitionConfig;

/** YAML bound as the starter binds an application's properties: into {@link PartsmithProperties}, unknown keys refused, mapped by {@link PartsmithTables}. */
final class StarterBinding {

    private StarterBinding() {
    }

    /**
     * The tables {@code yaml} configures, by key.
     *
     * @param properties further properties, taking precedence over the YAML's
     */
    static Map<String, TablePartitionConfig> tables(String yaml, Map<String, Object> properties) {
        List<PropertySource<?>> sources = new ArrayList<>();
        sources.add(new MapPropertySource("test", properties));
        try {
            sources.addAll(new YamlPropertySourceLoader().load("imported", new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8))));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        Iterable<ConfigurationPropertySource> configurationSources = ConfigurationPropertySources.from(sources);
        PartsmithProperties bound = new PartsmithProperties();
        new Binder(configurationSources).bind("partsmith", Bindable.ofInstance(bound), new NoUnboundElementsBindHandler(BindHandler.DEFAULT));
        Map<String, TablePartitionConfig> tables = new LinkedHashMap<>();
        for (PartsmithTable table : PartsmithTables.from(bound, new DefaultResourceLoader()).all()) {
            tables.put(table.key(), table.config());
        }
        return tables;
    }
}
