package dev.partsmith.autoconfigure;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.ResourceLoader;

import dev.partsmith.catalog.PartitionMetadataProvider;
import dev.partsmith.catalog.QualifiedName;
import dev.partsmith.config.PartsmithTableRegistry;
import dev.partsmith.config.TableStore;
import dev.partsmith.lifecycle.PartitionLifecycleHooks;
import dev.partsmith.lifecycle.PartitionLifecycleService;
import dev.partsmith.lifecycle.PartitionMaintainer;
import dev.partsmith.lifecycle.PartitionRepository;
import dev.partsmith.lock.LockManager;
import dev.partsmith.postgres.PostgresMetadataProvider;
import dev.partsmith.postgres.PostgresPartitionRepository;
import dev.partsmith.postgres.PostgresTableStore;
import dev.partsmith.safety.Safeguards;

/**
 * Auto-configuration of partsmith: the tables of {@code partsmith.tables}, the engine on the
 * application's DataSource, the lock {@code partsmith.lock.provider} chooses, the safeguards
 * ({@code partsmith.safety}), maintenance on start-up (after the database was initialised) and on
 * {@code partsmith.schedule.cron}. Every bean backs off when the application defines one of the same type.
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class, afterName = {
        "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
        "org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration",
        "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration" })
@ConditionalOnSingleCandidate(DataSource.class)
@ConditionalOnBooleanProperty(name = "partsmith.enabled", matchIfMissing = true)
@EnableConfigurationProperties(PartsmithProperties.class)
@Import({ LockConfigurations.Redis.class, LockConfigurations.ShedLock.class, LockConfigurations.Advisory.class, LockConfigurations.None.class,
        LockConfigurations.RedisMissing.class, LockConfigurations.ShedLockMissing.class, SafeguardsConfiguration.class })
public class PartsmithAutoConfiguration {

    /** The bean name under which an application's {@link Clock} becomes the clock partsmith plans with. */
    public static final String CLOCK_BEAN_NAME = "partsmithClock";

    private static final Logger log = LoggerFactory.getLogger(PartsmithAutoConfiguration.class);

    @Bean
    @ConditionalOnMissingBean
    TableDefinitions partsmithTableDefinitions(PartsmithProperties properties, ResourceLoader resourceLoader) {
        return new TableDefinitions(properties, resourceLoader);
    }

    @Bean
    @ConditionalOnMissingBean(TableStore.class)
    @ConditionalOnProperty(name = "partsmith.runtime-tables.store", havingValue = "database")
    DatabaseTableStore partsmithTableStore(DataSource dataSource, PartsmithProperties properties, TableDefinitions definitions) {
        PartsmithProperties.RuntimeTables runtime = properties.getRuntimeTables();
        return new DatabaseTableStore(new PostgresTableStore(dataSource, new QualifiedName(runtime.getSchema(), runtime.getTableName())),
                definitions);
    }

    /**
     * The configured tables and those added at run time. With a store, its tables are read when the registry is
     * made; a store that cannot be read then is read again at the next run of every table.
     */
    @Bean
    @ConditionalOnMissingBean
    PartsmithTableRegistry partsmithTableRegistry(PartsmithProperties properties, ResourceLoader resourceLoader,
            ObjectProvider<TableStore> store) {
        PartsmithTableRegistry registry = new PartsmithTableRegistry(PartsmithTables.from(properties, resourceLoader).configs(),
                store.getIfAvailable(() -> TableStore.NONE));
        if (registry.persistent()) {
            try {
                registry.refresh();
            }
            catch (RuntimeException ex) {
                log.warn("The tables added at run time cannot be read yet; they are read again at the next run: {}", ex.toString());
            }
        }
        return registry;
    }

    @Bean
    @ConditionalOnMissingBean
    PartsmithTables partsmithTables(PartsmithProperties properties, ResourceLoader resourceLoader, PartsmithTableRegistry registry) {
        return PartsmithTables.from(properties, resourceLoader).withRegistry(registry);
    }

    @Bean
    @ConditionalOnMissingBean(PartitionRepository.class)
    PostgresPartitionRepository partsmithPartitionRepository(DataSource dataSource) {
        return new PostgresPartitionRepository(dataSource);
    }

    @Bean
    @ConditionalOnMissingBean(PartitionMetadataProvider.class)
    PostgresMetadataProvider partsmithMetadataProvider(DataSource dataSource) {
        return new PostgresMetadataProvider(dataSource);
    }

    @Bean
    @ConditionalOnMissingBean
    SqlLifecycleHooks partsmithSqlLifecycleHooks(PartsmithTables tables, DataSource dataSource) {
        return new SqlLifecycleHooks(tables, dataSource);
    }

    @Bean
    @ConditionalOnMissingBean
    PartitionLifecycleService partitionLifecycleService(PartitionRepository repository, PartitionMetadataProvider metadata, LockManager locks,
            ObjectProvider<PartitionLifecycleHooks> hooks, @Qualifier(CLOCK_BEAN_NAME) ObjectProvider<Clock> clock, PartsmithTables tables,
            ApplicationEventPublisher publisher, Safeguards safeguards) {
        List<PartitionLifecycleHooks> ordered = new ArrayList<>(hooks.orderedStream().toList());
        ordered.add(new EventPublishingHooks(tables, publisher));
        return new PartitionLifecycleService(repository, metadata, locks, ordered, clock.getIfAvailable(Clock::systemUTC), safeguards);
    }

    @Bean
    @ConditionalOnMissingBean
    PartitionMaintainer partitionMaintainer(PartitionLifecycleService service) {
        return new PartitionMaintainer(service);
    }

    @Bean
    @ConditionalOnMissingBean
    MaintenanceRunner partsmithMaintenanceRunner(PartitionMaintainer maintainer, PartsmithTables tables, ApplicationEventPublisher publisher) {
        return new MaintenanceRunner(maintainer, tables, publisher);
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBooleanProperty(name = "partsmith.run-on-startup", matchIfMissing = true)
    @DependsOnDatabaseInitialization
    StartupMaintenance partsmithStartupMaintenance(MaintenanceRunner runner) {
        return new StartupMaintenance(runner);
    }

    @Bean
    @ConditionalOnMissingBean
    @Conditional(ScheduleEnabledCondition.class)
    MaintenanceScheduler partsmithMaintenanceScheduler(MaintenanceRunner runner, PartsmithProperties properties) {
        PartsmithProperties.Schedule schedule = properties.getSchedule();
        return new MaintenanceScheduler(runner, schedule.getCron(), schedule.getZone());
    }

    /** Keeps the start-up run and the schedule eager under {@code spring.main.lazy-initialization}. */
    @Bean
    static LazyInitializationExcludeFilter partsmithLazyInitializationExcludeFilter() {
        return LazyInitializationExcludeFilter.forBeanTypes(StartupMaintenance.class, MaintenanceScheduler.class);
    }

    /** Matches unless {@code partsmith.schedule.cron} is {@code -}. */
    static final class ScheduleEnabledCondition extends NoneNestedConditions {

        ScheduleEnabledCondition() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnProperty(name = "partsmith.schedule.cron", havingValue = PartsmithProperties.Schedule.DISABLED)
        static final class Disabled {
        }
    }
}
