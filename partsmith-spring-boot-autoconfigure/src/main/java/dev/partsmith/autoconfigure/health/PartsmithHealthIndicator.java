package dev.partsmith.autoconfigure.health;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import dev.partsmith.autoconfigure.MaintenanceRunner;
import dev.partsmith.lifecycle.MaintenanceResult;
import dev.partsmith.status.TableStatus;

/**
 * Health of partsmith's tables, read from the catalog on each check (all tables in a few queries): DOWN
 * when a table has a problem ({@link TableStatus#problems()}: no partition covers now, a runway below
 * its {@code min-runway}, a failed last run, an untrusted clock, a table that cannot be read); UP
 * otherwise. Details per table. It is not part of the liveness or readiness groups: a short runway is
 * a reason to alert, not to restart the application or take it out of traffic.
 */
public class PartsmithHealthIndicator extends AbstractHealthIndicator {

    private final MaintenanceRunner runner;

    public PartsmithHealthIndicator(MaintenanceRunner runner) {
        super("partsmith health check failed");
        this.runner = runner;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Map<String, Object> tables = new LinkedHashMap<>();
        boolean healthy = true;
        for (Map.Entry<String, TableStatus> entry : runner.statuses().entrySet()) {
            TableStatus status = entry.getValue();
            healthy &= status.healthy();
            tables.put(entry.getKey(), details(entry.getKey(), status));
        }
        builder.status(healthy ? Status.UP : Status.DOWN).withDetail("tables", tables);
    }

    private Map<String, Object> details(String key, TableStatus status) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("table", status.config().qualifiedName().toString());
        if (status.tree() != null) {
            details.put("partitions", status.tree().partitions().stream().filter(info -> !info.defaultPartition()).count());
            if (status.rowsInDefault() != null) {
                details.put("rowsInDefault", status.rowsInDefault());
            }
            details.put("runway", status.runway().toString());
        }
        details.put("minRunway", status.minRunway().toString());
        if (!status.healthy()) {
            details.put("problem", status.problems().get(0).message());
        }
        Optional<MaintenanceResult> last = Optional.ofNullable(status.lastResult());
        last.ifPresent(result -> {
            details.put("lastRun", result.outcome().tag());
            details.put("lastRunAt", result.startedAt().toString());
        });
        runner.lastSuccess(key).ifPresent(success -> details.put("lastSuccess", success.toString()));
        last.filter(result -> !result.success()).ifPresent(result -> details.put("lastRunError", result.error()));
        return details;
    }
}
