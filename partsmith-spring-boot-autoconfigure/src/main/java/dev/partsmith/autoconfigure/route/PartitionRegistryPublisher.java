package dev.partsmith.autoconfigure.route;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationListener;

import dev.partsmith.PartitionException;
import dev.partsmith.autoconfigure.event.MaintenanceFinishedEvent;
import dev.partsmith.autoconfigure.event.PartitionCreatedEvent;
import dev.partsmith.autoconfigure.event.PartitionDetachedEvent;
import dev.partsmith.autoconfigure.event.PartitionDroppedEvent;
import dev.partsmith.autoconfigure.event.PartsmithEvent;
import dev.partsmith.catalog.PartitionMetadataProvider;
import dev.partsmith.catalog.PartitionTree;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.route.PartitionMap;

/**
 * Publishes a table's partition map to the {@link RedisPartitionRegistry}: after every partition created
 * and attached, detached or dropped, from the catalog read right then (on the maintaining thread, under the
 * table's lock, so no other maintainer changes the table meanwhile); a publication that fails is a warning
 * of the run, as an {@code after*} hook's. And after every run that read the table, from the tree it read,
 * which covers what changes without a hook (a finalized detach) and the first run of an application; that
 * publication makes a version only when the map differs, and a failure is logged.
 */
public class PartitionRegistryPublisher implements ApplicationListener<PartsmithEvent> {

    private static final Logger log = LoggerFactory.getLogger(PartitionRegistryPublisher.class);

    private final RedisPartitionRegistry registry;
    private final PartitionMetadataProvider metadata;

    public PartitionRegistryPublisher(RedisPartitionRegistry registry, PartitionMetadataProvider metadata) {
        this.registry = registry;
        this.metadata = metadata;
    }

    @Override
    public void onApplicationEvent(PartsmithEvent event) {
        TablePartitionConfig config = event.table().config();
        if (event instanceof PartitionCreatedEvent || event instanceof PartitionDetachedEvent || event instanceof PartitionDroppedEvent) {
            try {
                publish(metadata.readTree(config), config);
            }
            catch (RuntimeException ex) {
                throw new PartitionException("cannot publish the partition map of " + config.qualifiedName() + " to Redis ("
                        + registry.mapKey(config.qualifiedName()) + "): " + ex.getMessage(), ex);
            }
        }
        else if (event instanceof MaintenanceFinishedEvent finished && finished.result().tree() != null) {
            try {
                publish(finished.result().tree(), config);
            }
            catch (RuntimeException ex) {
                log.warn("Cannot publish the partition map of {} to Redis ({}): {}", config.qualifiedName(),
                        registry.mapKey(config.qualifiedName()), ex.toString());
            }
        }
    }

    private void publish(PartitionTree tree, TablePartitionConfig config) {
        RedisPartitionRegistry.Publication publication = registry.publish(PartitionMap.of(tree, config), tree.databaseTime());
        if (publication.changed()) {
            log.info("Published version {} of the partition map of {}", publication.version(), publication.table());
        }
    }
}
