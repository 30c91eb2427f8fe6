package dev.partsmith.autoconfigure;

import org.springframework.context.ApplicationEventPublisher;

import dev.partsmith.autoconfigure.event.PartitionCreatedEvent;
import dev.partsmith.autoconfigure.event.PartitionDetachedEvent;
import dev.partsmith.autoconfigure.event.PartitionDroppedEvent;
import dev.partsmith.catalog.PartitionInfo;
import dev.partsmith.catalog.QualifiedName;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.lifecycle.PartitionLifecycleHooks;

/**
 * Publishes an application event after each partition created, detached and dropped. It runs after
 * every other hook, so that an event means the step and its hooks are done.
 */
class EventPublishingHooks implements PartitionLifecycleHooks {

    private final PartsmithTables tables;
    private final ApplicationEventPublisher publisher;

    EventPublishingHooks(PartsmithTables tables, ApplicationEventPublisher publisher) {
        this.tables = tables;
        this.publisher = publisher;
    }

    @Override
    public void afterCreate(TablePartitionConfig config, PartitionInfo partition) {
        tables.get(config.qualifiedName()).ifPresent(table -> publisher.publishEvent(new PartitionCreatedEvent(table, partition)));
    }

    @Override
    public void afterDetach(TablePartitionConfig config, String partitionName) {
        tables.get(config.qualifiedName()).ifPresent(table ->
                publisher.publishEvent(new PartitionDetachedEvent(table, new QualifiedName(config.schema(), partitionName))));
    }

    @Override
    public void afterDrop(TablePartitionConfig config, String partitionName) {
        tables.get(config.qualifiedName()).ifPresent(table ->
                publisher.publishEvent(new PartitionDroppedEvent(table, new QualifiedName(config.schema(), partitionName))));
    }
}
