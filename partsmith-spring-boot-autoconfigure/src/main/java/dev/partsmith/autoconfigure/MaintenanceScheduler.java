package dev.partsmith.autoconfigure;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.scheduling.support.CronTrigger;

/**
 * Runs maintenance of every table on {@code partsmith.schedule.cron}, on a scheduler thread of its own
 * ({@code partsmith-1}): it neither needs nor switches on {@code @Scheduled} processing, and a long run
 * never delays the application's own scheduled tasks. Runs never overlap here; a run still going when
 * the next is due makes that one wait. On shutdown the running maintenance is interrupted (it stops
 * before its next step and releases its locks) and awaited.
 */
public class MaintenanceScheduler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MaintenanceScheduler.class);

    private final MaintenanceRunner runner;
    private final String cron;
    private final ZoneId zone;
    private final CronExpression expression;
    private final Object monitor = new Object();
    private ThreadPoolTaskScheduler scheduler;
    private ScheduledFuture<?> scheduled;

    /**
     * @throws IllegalArgumentException when {@code cron} is not a Spring cron expression
     */
    public MaintenanceScheduler(MaintenanceRunner runner, String cron, ZoneId zone) {
        this.runner = runner;
        this.cron = cron.trim();
        this.zone = zone;
        this.expression = CronExpression.parse(this.cron);
    }

    @Override
    public void start() {
        synchronized (monitor) {
            if (scheduler != null) {
                return;
            }
            ThreadPoolTaskScheduler created = new ThreadPoolTaskScheduler();
            created.setPoolSize(1);
            created.setThreadNamePrefix("partsmith-");
            created.setWaitForTasksToCompleteOnShutdown(false);
            created.setAwaitTerminationSeconds(60);
            created.initialize();
            scheduled = created.schedule(this::runScheduled, new CronTrigger(cron, zone));
            scheduler = created;
            log.info("Partition maintenance scheduled on '{}' ({}); next run at {}", cron, zone, nextRun().orElse(null));
        }
    }

    private void runScheduled() {
        try {
            runner.runAll();
        }
        catch (RuntimeException ex) {
            log.error("Scheduled partition maintenance failed", ex);
        }
    }

    @Override
    public void stop() {
        synchronized (monitor) {
            if (scheduler == null) {
                return;
            }
            scheduled.cancel(false);
            scheduler.shutdown();
            scheduler = null;
            scheduled = null;
        }
    }

    @Override
    public boolean isRunning() {
        synchronized (monitor) {
            return scheduler != null;
        }
    }

    /** When the schedule fires next, while it is running. */
    public Optional<Instant> nextRun() {
        if (!isRunning()) {
            return Optional.empty();
        }
        return Optional.ofNullable(expression.next(ZonedDateTime.now(zone))).map(ZonedDateTime::toInstant);
    }

    /** The cron expression, as configured. */
    public String cron() {
        return cron;
    }

    public ZoneId zone() {
        return zone;
    }
}
