package dev.partsmith.autoconfigure.health;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

import dev.partsmith.InvalidParentTableException;
import dev.partsmith.autoconfigure.MaintenanceRunner;
import dev.partsmith.autoconfigure.PartsmithTable;
import dev.partsmith.catalog.PartitionInfo;
import dev.partsmith.catalog.PartitionTree;
import dev.partsmith.lifecycle.MaintenanceResult;

/**
 * Health of one table, {@code /actuator/health/partsmith/<key>}: {@link PartsmithHealthContributor#MISCONFIGURED}
 * when partsmith cannot read or manage the table as configured, which takes precedence over the failed
 * runs it causes; DOWN when inserts fail now or soon (no runway, or a runway below {@code min-runway}),
 * when the table cannot be read for another reason, or when its last run failed; UP otherwise.
 */
final class PartsmithTableHealthIndicator implements HealthIndicator {

    private final MaintenanceRunner runner;
    private final PartsmithTable table;
    private final @Nullable PartitionTree read;

    /** @param read the table's tree as read with the others for this check; {@code null} to read it now */
    PartsmithTableHealthIndicator(MaintenanceRunner runner, PartsmithTable table, @Nullable PartitionTree read) {
        this.runner = runner;
        this.table = table;
        this.read = read;
    }

    @Override
    public Health health() {
        Map<String, Object> details = new LinkedHashMap<>();
        Status status = Status.UP;
        boolean misconfigured = false;
        details.put("table", table.config().qualifiedName().toString());
        Instant now = runner.clock().instant();
        Duration minRunway = table.minRunway(now);
        try {
            PartitionTree tree = read != null ? read : runner.readTree(table);
            Optional<Duration> runway = table.runway(tree, now);
            details.put("partitions", tree.partitions().stream().filter(info -> !info.defaultPartition()).count());
            tree.defaultPartition().map(PartitionInfo::rowEstimate).ifPresent(rows -> details.put("rowsInDefault", rows));
            details.put("runway", runway.map(Duration::toString).orElse(null));
            details.put("minRunway", minRunway.toString());
            if (!tree.mayManage()) {
                details.put("problem", "the current role may not manage the table: its owner is '" + tree.owner() + "'");
                misconfigured = true;
            }
            else if (runway.isEmpty()) {
                details.put("problem", "no partition covers the time ahead");
                status = Status.DOWN;
            }
            else if (runway.get().compareTo(minRunway) < 0) {
                details.put("problem", "runway " + runway.get() + " is below min-runway " + minRunway);
                status = Status.DOWN;
            }
        }
        catch (RuntimeException ex) {
            details.put("problem", "cannot read the table: " + ex.getMessage());
            if (ex instanceof InvalidParentTableException) {
                misconfigured = true;
            }
            else {
                status = Status.DOWN;
            }
        }
        Optional<MaintenanceResult> last = runner.lastResult(table.key());
        last.ifPresent(result -> {
            details.put("lastRun", result.outcome().tag());
            details.put("lastRunAt", result.startedAt().toString());
        });
        runner.lastSuccess(table.key()).ifPresent(success -> details.put("lastSuccess", success.toString()));
        if (last.isPresent() && !last.get().success()) {
            details.put("lastRunError", last.get().error());
            status = Status.DOWN;
        }
        return Health.status(misconfigured ? PartsmithHealthContributor.MISCONFIGURED : status).withDetails(details).build();
    }
}
