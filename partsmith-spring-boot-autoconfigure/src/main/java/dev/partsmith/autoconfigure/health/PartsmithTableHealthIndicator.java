package dev.partsmith.autoconfigure.health;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

import dev.partsmith.autoconfigure.MaintenanceRunner;
import dev.partsmith.status.TableStatus;
import dev.partsmith.status.TableStatus.Problem;

/**
 * Health of one table, {@code /actuator/health/partsmith/<key>}, rendered from its {@link TableStatus}:
 * {@link PartsmithHealthContributor#MISCONFIGURED} when partsmith cannot manage the table as
 * configured, which takes precedence over the failed runs it causes; DOWN for any other problem (no
 * partition for now, a runway below {@code min-runway}, a failed last run, an untrusted clock, a table
 * that cannot be read); UP otherwise.
 */
final class PartsmithTableHealthIndicator implements HealthIndicator {

    private final MaintenanceRunner runner;
    private final String key;
    private final Supplier<TableStatus> status;

    /** @param status the table's status, read when the indicator is checked */
    PartsmithTableHealthIndicator(MaintenanceRunner runner, String key, Supplier<TableStatus> status) {
        this.runner = runner;
        this.key = key;
        this.status = status;
    }

    @Override
    public Health health() {
        TableStatus table = status.get();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("table", table.config().qualifiedName().toString());
        if (table.tree() != null) {
            details.put("partitions", table.tree().partitions().stream().filter(info -> !info.defaultPartition()).count());
            if (table.rowsInDefault() != null) {
                details.put("rowsInDefault", table.rowsInDefault());
            }
            details.put("runway", table.runway().toString());
        }
        details.put("minRunway", table.minRunway().toString());
        if (!table.healthy()) {
            details.put("problem", table.problems().get(0).message());
        }
        if (table.lastResult() != null) {
            details.put("lastRun", table.lastResult().outcome().tag());
            details.put("lastRunAt", table.lastResult().startedAt().toString());
        }
        runner.lastSuccess(key).ifPresent(success -> details.put("lastSuccess", success.toString()));
        if (table.lastResult() != null && !table.lastResult().success()) {
            details.put("lastRunError", table.lastResult().error());
        }
        Status health = table.has(Problem.Kind.MISCONFIGURED) ? PartsmithHealthContributor.MISCONFIGURED
                : table.healthy() ? Status.UP : Status.DOWN;
        return Health.status(health).withDetails(details).build();
    }
}
