package dev.partsmith.sample;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

import dev.partsmith.catalog.PartitionInfo;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.lifecycle.PartitionLifecycleHooks;

/**
 * Announces every new partition once it is attached: a log line, and a {@link PartitionAvailableEvent}
 * for the application's listeners (a routing cache to refresh, a message to send). A listener that fails
 * is a warning of the run; the partition stays.
 */
@Component
public class PartitionNotifier implements PartitionLifecycleHooks {

    private static final Logger log = LoggerFactory.getLogger(PartitionNotifier.class);

    private final ApplicationEventPublisher publisher;

    public PartitionNotifier(ApplicationEventPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public void afterCreate(TablePartitionConfig config, PartitionInfo partition) {
        PartitionAvailableEvent event = new PartitionAvailableEvent(config.qualifiedName().toString(), partition.table().toString(),
                partition.lower().text(), partition.upper().text());
        log.info("Partition {} of {} is ready for [{}, {})", event.partition(), event.parent(), event.from(), event.to());
        publisher.publishEvent(event);
    }

    /**
     * A new partition takes rows.
     *
     * @param parent the partitioned table, schema-qualified
     * @param partition the new partition, schema-qualified
     * @param from its lower bound as PostgreSQL prints it (UTC)
     * @param to its upper bound, exclusive
     */
    public record PartitionAvailableEvent(String parent, String partition, String from, String to) {
    }
}
