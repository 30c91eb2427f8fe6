package dev.partsmith.autoconfigure.health;

import java.util.Map;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.Status;

import dev.partsmith.autoconfigure.MaintenanceRunner;
import dev.partsmith.status.TableStatus;

/**
 * The {@code partsmith} health contributor: one indicator per table, named by its key under
 * {@code partsmith.tables} ({@code /actuator/health/partsmith/events}), each read from the catalog when
 * it is checked; a check of the whole composite reads every table together, in a few catalog queries.
 *
 * <p>A table is {@link #MISCONFIGURED} when partsmith cannot read or manage it as configured (it is
 * missing, not range partitioned, partitioned on another column or on a key of another type, or owned by
 * a role the current one is not a member of); that status takes precedence over the failed runs it
 * causes. It is DOWN for the problems of its {@link TableStatus} that put inserts at risk or need a
 * person: inserts fail now or will soon (no partition covers now, or the runway is below its
 * {@code min-runway}), its last run failed or added no partition for a storage limit, the planning clock
 * is not trusted, or it cannot be read for another reason. Short of those, it is {@link #PAUSED} while its
 * maintenance is paused, {@link #HELD_BACK} when the replication-lag breaker held its last run back, and
 * UP otherwise.
 *
 * <p>Spring Boot aggregates only the statuses its order lists ({@code management.endpoint.health.status.order},
 * by default DOWN, OUT_OF_SERVICE, UP, UNKNOWN) and answers 200 for a status without an HTTP mapping:
 * unless the application adds {@code MISCONFIGURED}, {@code PAUSED} or {@code HELD_BACK} to both, such a
 * table shows in its own indicator and changes neither the status of {@code partsmith} nor the
 * application's. The contributor is not part of the liveness or readiness groups.
 */
public class PartsmithHealthContributor implements CompositeHealthContributor {

    /** A table partsmith cannot read or manage as it is configured. */
    public static final Status MISCONFIGURED = new Status("MISCONFIGURED", "partsmith cannot read or manage the table as configured");

    /** A table whose maintenance is paused (the kill switch): nothing touches it until it is resumed. */
    public static final Status PAUSED = new Status("PAUSED", "maintenance of the table is paused");

    /** A table whose last run the replication-lag breaker held back: no DDL ran while a standby lagged. */
    public static final Status HELD_BACK = new Status("HELD_BACK", "the replication-lag breaker held maintenance back");

    private final MaintenanceRunner runner;

    public PartsmithHealthContributor(MaintenanceRunner runner) {
        this.runner = runner;
    }

    /** The table configured under {@code key}, read when checked; {@code null} for an unknown key. */
    @Override
    public @Nullable HealthContributor getContributor(String key) {
        return runner.tables().get(key).map(table -> new PartsmithTableHealthIndicator(runner, key, () -> runner.status(table))).orElse(null);
    }

    /** Every table, in configuration order, with the trees of all of them read together now. */
    @Override
    public Stream<Entry> stream() {
        Map<String, TableStatus> statuses = runner.statuses();
        return statuses.entrySet().stream()
                .map(entry -> new Entry(entry.getKey(), new PartsmithTableHealthIndicator(runner, entry.getKey(), entry::getValue)));
    }
}
