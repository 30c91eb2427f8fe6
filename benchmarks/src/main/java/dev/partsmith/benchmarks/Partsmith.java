package dev.partsmith.benchmarks;

import java.util.List;

import javax.sql.DataSource;

import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.lifecycle.MaintenanceResult;
import dev.partsmith.lifecycle.PartitionLifecycleService;
import dev.partsmith.lifecycle.PartitionMaintainer;
import dev.partsmith.lock.LockManager;
import dev.partsmith.postgres.PostgresAdvisoryLockManager;
import dev.partsmith.postgres.PostgresMetadataProvider;
import dev.partsmith.postgres.PostgresPartitionRepository;

/** partsmith wired as the README shows a plain-Java user: advisory locks (or the given lock), the system clock, defaults. */
final class Partsmith {

    private final PartitionMaintainer maintainer;

    Partsmith(DataSource dataSource) {
        this(dataSource, new PostgresAdvisoryLockManager(dataSource));
    }

    Partsmith(DataSource dataSource, LockManager locks) {
        this.maintainer = new PartitionMaintainer(new PartitionLifecycleService(new PostgresPartitionRepository(dataSource),
                new PostgresMetadataProvider(dataSource), locks));
    }

    /**
     * One maintenance pass over {@code configs}.
     *
     * @throws IllegalStateException when a table's run failed or was skipped
     */
    List<MaintenanceResult> maintain(List<TablePartitionConfig> configs) {
        return checked(maintainer.runMaintenanceSafe(configs));
    }

    /**
     * One maintenance pass over {@code configs} a table at a time through the single-table entry point,
     * which takes each table's lock and reads its tree under it, whatever there is to do.
     *
     * @throws IllegalStateException when a table's run failed or was skipped
     */
    List<MaintenanceResult> maintainEachLocked(List<TablePartitionConfig> configs) {
        return checked(configs.stream().map(maintainer::runMaintenanceSafe).toList());
    }

    private static List<MaintenanceResult> checked(List<MaintenanceResult> results) {
        for (MaintenanceResult result : results) {
            if (!result.success() || result.skipped()) {
                throw new IllegalStateException("partsmith did not maintain " + result.table() + ": "
                        + (result.skipped() ? result.skippedReason() : result.error()));
            }
        }
        return results;
    }
}
