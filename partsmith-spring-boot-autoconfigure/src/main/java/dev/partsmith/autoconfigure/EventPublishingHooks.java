package dev.partsmith.autoconfigure;

import org.springframework.context.ApplicationEventPublisher;

import dev.partsmith.autoconfigure.event.PartitionCreatedEvent;
import dev.partsmith.autoconfigure.event.PartitionDetachedEvent;
import dev.partsmith.autoconfigure.event.PartitionDroppedEvent;
import dev.partsmith.lifecycle.PartitionContext;
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
    public void afterCreate(PartitionContext context) {
        tables.get(context.table()).ifPresent(table -> publisher.publishEvent(new PartitionCreatedEvent(table, context.partition())));
    }

    @Override
    public void afterDetach(PartitionContext context) {
        tables.get(context.table()).ifPresent(table -> publisher.publishEvent(new PartitionDetachedEvent(table, context.partition().table())));
    }

    @Override
    public void afterDrop(PartitionContext context) {
        tables.get(context.table()).ifPresent(table -> publisher.publishEvent(new PartitionDroppedEvent(table, context.partition().table())));
    }
}
