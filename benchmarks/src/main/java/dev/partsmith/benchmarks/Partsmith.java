package dev.partsmith.benchmarks;

import java.util.List;

import javax.sql.DataSource;

import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.lifecycle.MaintenanceResult;
import dev.partsmith.lifecycle.PartitionLifecycleService;
import dev.partsmith.lifecycle.PartitionMaintainer;
import dev.partsmith.postgres.PostgresAdvisoryLockManager;
import dev.partsmith.postgres.PostgresMetadataProvider;
import dev.partsmith.postgres.PostgresPartitionRepository;

/** partsmith wired as the README shows a plain-Java user: advisory locks, the system clock, defaults. */
final class Partsmith {

    private final PartitionMaintainer maintainer;

    Partsmith(DataSource dataSource) {
        this.maintainer = new PartitionMaintainer(new PartitionLifecycleService(new PostgresPartitionRepository(dataSource),
                new PostgresMetadataProvider(dataSource), new PostgresAdvisoryLockManager(dataSource)));
    }

    /**
     * One maintenance pass over {@code configs}.
     *
     * @throws IllegalStateException when a table's run failed or was skipped
     */
    List<MaintenanceResult> maintain(List<TablePartitionConfig> configs) {
        List<MaintenanceResult> results = maintainer.runMaintenanceSafe(configs);
        for (MaintenanceResult result : results) {
            if (!result.success() || result.skipped()) {
                throw new IllegalStateException("partsmith did not maintain " + result.table() + ": "
                        + (result.skipped() ? result.skippedReason() : result.error()));
            }
        }
        return results;
    }
}
