package dev.partsmith.it;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import dev.partsmith.lifecycle.PartitionLifecycleHooks;
import dev.partsmith.lifecycle.PartitionLifecycleService;
import dev.partsmith.lifecycle.PartitionMaintainer;
import dev.partsmith.postgres.PostgresAdvisoryLockManager;
import dev.partsmith.postgres.PostgresMetadataProvider;
import dev.partsmith.postgres.PostgresPartitionRepository;
import dev.partsmith.safety.Safeguards;

/** The plain-Java wiring a user without Spring writes, for the tests. */
final class Maintenance {

    /**
     * The tests plan with clocks fixed on dates of their own, far from the database's now(): like a
     * user who moves a clock on purpose, they raise max-clock-skew.
     */
    static final Duration MOVED_CLOCK = Duration.ofDays(36500);

    private Maintenance() {
    }

    static PartitionMaintainer maintainer(DataSource dataSource, Clock clock, PartitionLifecycleHooks... hooks) {
        return new PartitionMaintainer(service(dataSource, clock, hooks));
    }

    static PartitionLifecycleService service(DataSource dataSource, Clock clock, PartitionLifecycleHooks... hooks) {
        return new PartitionLifecycleService(new PostgresPartitionRepository(dataSource), new PostgresMetadataProvider(dataSource),
                new PostgresAdvisoryLockManager(dataSource), List.of(hooks), clock);
    }

    static PartitionMaintainer maintainer(DataSource dataSource, Clock clock, Safeguards safeguards, PartitionLifecycleHooks... hooks) {
        return new PartitionMaintainer(new PartitionLifecycleService(new PostgresPartitionRepository(dataSource),
                new PostgresMetadataProvider(dataSource), new PostgresAdvisoryLockManager(dataSource), List.of(hooks), clock, safeguards));
    }
}
