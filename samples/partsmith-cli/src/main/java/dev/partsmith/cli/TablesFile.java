package dev.partsmith.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.env.OriginTrackedMapPropertySource;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.FileSystemResource;

/**
 * The file {@code --config} names, as a property source. Its keys are partsmith's without the
 * {@code partsmith.} prefix ({@code tables:}, and {@code defaults:}, {@code lock:}, {@code ddl:} when
 * wanted), so the tables read exactly as under {@code partsmith.tables} in an application.yml. A file
 * with a {@code partsmith:} section of its own, such as the application's own application.yml, is taken
 * as it is. Where each value was written is kept for error messages.
 */
final class TablesFile {

    private static final String PREFIX = "partsmith.";

    private TablesFile() {
    }

    /**
     * Reads {@code file}.
     *
     * @throws CliUsageException when it does not exist or is not YAML
     */
    static PropertySource<?> load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new CliUsageException("--config: there is no file " + file.toAbsolutePath());
        }
        List<PropertySource<?>> documents;
        try {
            documents = new YamlPropertySourceLoader().load("--config " + file, new FileSystemResource(file));
        }
        catch (IOException | RuntimeException ex) {
            throw new CliUsageException("--config: cannot read " + file + ": " + ex.getMessage(), ex);
        }
        if (documents.size() > 1) {
            throw new CliUsageException("--config: " + file + " holds " + documents.size() + " YAML documents; give a file with one");
        }
        Map<String, Object> properties = documents.isEmpty() ? Map.of() : ((OriginTrackedMapPropertySource) documents.get(0)).getSource();
        boolean ownSection = properties.keySet().stream().anyMatch(name -> name.startsWith(PREFIX));
        Map<String, Object> prefixed = new LinkedHashMap<>();
        properties.forEach((name, value) -> prefixed.put(ownSection ? name : PREFIX + name, value));
        return new OriginTrackedMapPropertySource("--config " + file, prefixed);
    }
}
