package dev.partsmith.sample;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The sample's own settings (prefix {@code sample}).
 *
 * @param writer the synthetic rows written into both tables
 * @param archive where partitions are archived before they are dropped
 * @param maintenanceRequests maintenance requested by messages on a RabbitMQ queue
 */
@ConfigurationProperties("sample")
public record SampleProperties(@DefaultValue Writer writer, @DefaultValue Archive archive, @DefaultValue MaintenanceRequests maintenanceRequests) {

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

    /**
     * @param enabled whether {@link MaintenanceRequestListener} listens (it needs a RabbitMQ broker, {@code spring.rabbitmq.*})
     * @param queue the queue it listens on, declared durable when missing
     */
    public record MaintenanceRequests(@DefaultValue("false") boolean enabled, @DefaultValue("partsmith.maintenance-requests") String queue) {
    }
}
