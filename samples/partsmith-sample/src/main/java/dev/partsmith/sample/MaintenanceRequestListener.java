package dev.partsmith.sample;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpRejectAndDontRequeueException;
import org.springframework.amqp.rabbit.annotation.Queue;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

import dev.partsmith.autoconfigure.MaintenanceRunner;

/**
 * Requests a maintenance run when a message arrives on a RabbitMQ queue ({@code sample.maintenance-requests.*}):
 * the message's text is a table's key under {@code partsmith.tables} ({@code events}, {@code audit-log}), or
 * empty for every table. A producer that knows a burst of rows is coming (an import, a backfill, a new
 * tenant) asks for the partitions first instead of waiting for the cron. Requests coalesce: a hundred
 * messages while a run is under way bring one more run. The message is acknowledged once the run is
 * requested; the run's result is logged, and shows in the endpoint and the metrics like any run. A message
 * naming no configured table is rejected and not redelivered.
 */
@Component
@ConditionalOnBooleanProperty("sample.maintenance-requests.enabled")
public class MaintenanceRequestListener {

    private static final Logger log = LoggerFactory.getLogger(MaintenanceRequestListener.class);

    private final MaintenanceRunner runner;

    public MaintenanceRequestListener(MaintenanceRunner runner) {
        this.runner = runner;
    }

    @RabbitListener(queuesToDeclare = @Queue("${sample.maintenance-requests.queue}"))
    public void onRequest(String message) {
        String key = message.strip();
        List<String> keys = key.isEmpty() ? runner.tables().keys() : List.of(key);
        if (!key.isEmpty() && runner.tables().get(key).isEmpty()) {
            throw new AmqpRejectAndDontRequeueException("A maintenance request names the table '" + key
                    + "', which is not configured under partsmith.tables; configured: " + runner.tables().keys());
        }
        for (String table : keys) {
            runner.requestRun(table).thenAccept(result -> log.info("Requested maintenance of {}: {}, created {}, detached {}, dropped {}",
                    table, result.outcome().tag(), result.createdCount(), result.detachedCount(), result.droppedCount()));
        }
    }
}
