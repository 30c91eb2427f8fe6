package dev.partsmith.autoconfigure.health;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

import dev.partsmith.autoconfigure.MaintenanceRunner;
import dev.partsmith.safety.ReplicationLag;
import dev.partsmith.status.TableStatus;
import dev.partsmith.status.TableStatus.Problem;

/**
 * Health of one table, {@code /actuator/health/partsmith/<key>}, rendered from its {@link TableStatus}:
 * {@link PartsmithHealthContributor#MISCONFIGURED} when partsmith cannot manage the table as
 * configured, which takes precedence over the failed runs it causes; DOWN for a problem that puts inserts
 * at risk or needs a person (no partition for now, a runway below {@code min-runway}, a failed last run,
 * a storage limit that held partitions back, an untrusted clock, a table that cannot be read);
 * {@link PartsmithHealthContributor#PAUSED} while its maintenance is paused;
 * {@link PartsmithHealthContributor#HELD_BACK} when the replication-lag breaker held its last run back; UP
 * otherwise.
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
            details.put("levels", table.config().shape());
            details.put("partitions", table.tree().root().tablesOfRows());
            if (table.rowsInDefault() != null) {
                details.put("rowsInDefault", table.rowsInDefault());
            }
            if (table.runway() != null) {
                details.put("runway", table.runway().toString());
            }
        }
        details.put("minRunway", table.minimum());
        if (!table.healthy()) {
            details.put("problem", table.problems().get(0).message());
        }
        if (table.problems().size() > 1) {
            details.put("problems", table.problems().stream().map(Problem::message).toList());
        }
        if (table.lastResult() != null) {
            details.put("lastRun", table.lastResult().outcome().tag());
            details.put("lastRunAt", table.lastResult().startedAt().toString());
        }
        runner.lastSuccess(key).ifPresent(success -> details.put("lastSuccess", success.toString()));
        if (table.lastResult() != null && !table.lastResult().success()) {
            details.put("lastRunError", table.lastResult().error());
        }
        if (table.pause() != null) {
            details.put("pausedSince", table.pause().since().toString());
            if (table.pause().reason() != null) {
                details.put("pauseReason", table.pause().reason());
            }
        }
        if (table.has(Problem.Kind.REPLICATION_LAG)) {
            runner.safeguards().lastReplicationLag().flatMap(ReplicationLag::furthestBehind)
                    .ifPresent(standby -> details.put("replicationLag", standby.lag().toString()));
        }
        return Health.status(status(table)).withDetails(details).build();
    }

    private static Status status(TableStatus table) {
        if (table.has(Problem.Kind.MISCONFIGURED)) {
            return PartsmithHealthContributor.MISCONFIGURED;
        }
        if (table.problems().stream().anyMatch(problem -> problem.kind() != Problem.Kind.PAUSED && problem.kind() != Problem.Kind.REPLICATION_LAG)) {
            return Status.DOWN;
        }
        if (table.has(Problem.Kind.PAUSED)) {
            return PartsmithHealthContributor.PAUSED;
        }
        return table.has(Problem.Kind.REPLICATION_LAG) ? PartsmithHealthContributor.HELD_BACK : Status.UP;
    }
}
