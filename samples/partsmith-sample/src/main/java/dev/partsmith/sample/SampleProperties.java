package dev.partsmith.sample;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The sample's own settings (prefix {@code sample}).
 *
 * @param writer the synthetic rows written into both tables
 * @param archive where partitions are archived before they are dropped
 */
@ConfigurationProperties("sample")
public record SampleProperties(@DefaultValue Writer writer, @DefaultValue Archive archive) {

    /**
     * @param enabled whether rows are written in the background
     * @param rowsPerSecond rows written into each table every second
     */
    public record Writer(@DefaultValue("true") boolean enabled, @DefaultValue("20") int rowsPerSecond) {
    }

    /**
     * @param directory the directory archives are written to, one gzip'd CSV file per partition under a
     *        folder per schema; created when missing
     */
    public record Archive(@DefaultValue("archive") Path directory) {
    }
}
