package dev.partsmith.autoconfigure.health;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import dev.partsmith.autoconfigure.MaintenanceRunner;
import dev.partsmith.autoconfigure.PartsmithTable;
import dev.partsmith.catalog.PartitionInfo;
import dev.partsmith.catalog.PartitionTree;
import dev.partsmith.lifecycle.MaintenanceResult;

/**
 * Health of partsmith's tables, read from the catalog on each check (all tables in a few queries): DOWN when a table's runway (time
 * until its last partition ends) is below its {@code min-runway}, when its last run failed, or when it
 * cannot be read; UP otherwise. Details per table. It is not part of the liveness or readiness groups:
 * a short runway is a reason to alert, not to restart the application or take it out of traffic.
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
        Map<String, PartitionTree> trees = runner.readTrees();
        boolean healthy = true;
        for (PartsmithTable table : runner.tables().all()) {
            Map<String, Object> details = new LinkedHashMap<>();
            healthy &= check(table, trees.get(table.key()), details);
            tables.put(table.key(), details);
        }
        builder.status(healthy ? Status.UP : Status.DOWN).withDetail("tables", tables);
    }

    /** @param read the table's tree as read with the others; {@code null} when that read did not cover it */
    private boolean check(PartsmithTable table, PartitionTree read, Map<String, Object> details) {
        boolean healthy = true;
        details.put("table", table.config().qualifiedName().toString());
        Instant now = runner.clock().instant();
        Duration minRunway = table.minRunway(now);
        try {
            PartitionTree tree = read != null ? read : runner.readTree(table);
            Optional<Duration> runway = tree.runway(now, table.config().timezone());
            details.put("partitions", tree.partitions().stream().filter(info -> !info.defaultPartition()).count());
            tree.defaultPartition().map(PartitionInfo::rowEstimate).ifPresent(rows -> details.put("rowsInDefault", rows));
            details.put("runway", runway.map(Duration::toString).orElse(null));
            details.put("minRunway", minRunway.toString());
            if (runway.isEmpty()) {
                details.put("problem", "no partition covers the time ahead");
                healthy = false;
            }
            else if (runway.get().compareTo(minRunway) < 0) {
                details.put("problem", "runway " + runway.get() + " is below min-runway " + minRunway);
                healthy = false;
            }
        }
        catch (RuntimeException ex) {
            details.put("problem", "cannot read the table: " + ex.getMessage());
            healthy = false;
        }
        Optional<MaintenanceResult> last = runner.lastResult(table.key());
        last.ifPresent(result -> {
            details.put("lastRun", result.outcome().tag());
            details.put("lastRunAt", result.startedAt().toString());
        });
        runner.lastSuccess(table.key()).ifPresent(success -> details.put("lastSuccess", success.toString()));
        if (last.isPresent() && !last.get().success()) {
            details.put("lastRunError", last.get().error());
            healthy = false;
        }
        return healthy;
    }
}
