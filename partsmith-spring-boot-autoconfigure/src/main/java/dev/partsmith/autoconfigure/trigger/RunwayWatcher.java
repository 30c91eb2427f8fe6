package dev.partsmith.autoconfigure.trigger;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import dev.partsmith.autoconfigure.MaintenanceRunner;
import dev.partsmith.autoconfigure.PartsmithTable;
import dev.partsmith.status.TableStatus;

/**
 * Requests a run of a table as soon as its runway drops below its min-runway between scheduled runs
 * ({@code partsmith.trigger.runway.enabled}). Every {@code partsmith.trigger.runway.interval}, on a
 * scheduler thread of its own ({@code partsmith-runway-1}), it judges each table's runway from the tree
 * the table's last run read and the clock ({@link MaintenanceRunner#lastStatus(String)}): no catalog query.
 * A table is requested once per drop: a run that cannot raise the runway above min-runway is not requested
 * again until the runway has been above it; the schedule and health take over from there. Before a table's
 * first run nothing is known of it and nothing is requested. Requests coalesce with every other request of
 * the table ({@link MaintenanceRunner#requestRun(String)}).
 */
public class RunwayWatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RunwayWatcher.class);

    private final MaintenanceRunner runner;
    private final Duration interval;
    private final Map<String, Boolean> below = new ConcurrentHashMap<>();
    private final Object monitor = new Object();
    private ThreadPoolTaskScheduler scheduler;

    public RunwayWatcher(MaintenanceRunner runner, Duration interval) {
        this.runner = runner;
        this.interval = interval;
    }

    /**
     * Judges every table's runway now, from what its last run read, and requests a run of each table whose
     * runway has dropped below its min-runway since the last check. Never queries the catalog.
     */
    public void check() {
        for (PartsmithTable table : runner.tables().all()) {
            Optional<TableStatus> status = runner.lastStatus(table.key());
            boolean isBelow = status.map(known -> known.runway() != null && known.runway().isBelow(known.minRunway())).orElse(false);
            Boolean wasBelow = below.put(table.key(), isBelow);
            if (isBelow && !Boolean.TRUE.equals(wasBelow)) {
                TableStatus now = status.get();
                log.info("The runway of {} is {}, below its min-runway {}: maintaining it now", table, now.runway(), now.minRunway());
                runner.requestRun(table.key());
            }
        }
    }

    private void checkScheduled() {
        try {
            check();
        }
        catch (RuntimeException ex) {
            log.error("Checking the runways failed", ex);
        }
    }

    @Override
    public void start() {
        synchronized (monitor) {
            if (scheduler != null) {
                return;
            }
            ThreadPoolTaskScheduler created = new ThreadPoolTaskScheduler();
            created.setPoolSize(1);
            created.setThreadNamePrefix("partsmith-runway-");
            created.setWaitForTasksToCompleteOnShutdown(false);
            created.initialize();
            created.scheduleWithFixedDelay(this::checkScheduled, interval);
            scheduler = created;
            log.info("Runways checked every {}", interval);
        }
    }

    @Override
    public void stop() {
        synchronized (monitor) {
            if (scheduler != null) {
                scheduler.shutdown();
                scheduler = null;
            }
        }
    }

    @Override
    public boolean isRunning() {
        synchronized (monitor) {
            return scheduler != null;
        }
    }

    /** How often the runways are judged. */
    public Duration interval() {
        return interval;
    }
}
