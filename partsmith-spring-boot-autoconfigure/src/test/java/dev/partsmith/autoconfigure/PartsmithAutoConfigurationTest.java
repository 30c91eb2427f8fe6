package dev.partsmith.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import dev.partsmith.catalog.PartitionMetadataProvider;
import dev.partsmith.lifecycle.PartitionLifecycleService;
import dev.partsmith.lifecycle.PartitionMaintainer;
import dev.partsmith.lifecycle.PartitionRepository;
import dev.partsmith.lock.LockManager;
import dev.partsmith.lock.NoOpLockManager;
import dev.partsmith.postgres.PostgresAdvisoryLockManager;
import dev.partsmith.postgres.PostgresMetadataProvider;
import dev.partsmith.postgres.PostgresPartitionRepository;

class PartsmithAutoConfigurationTest {

    @Test
    void backsOffWithoutADataSource() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PartsmithAutoConfiguration.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(PartitionMaintainer.class)
                        .doesNotHaveBean(PartsmithProperties.class));
    }

    @Test
    void backsOffWithTwoDataSourcesAndNoPrimary() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PartsmithAutoConfiguration.class))
                .withUserConfiguration(TwoDataSources.class)
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(PartitionMaintainer.class));
    }

    @Test
    void isSwitchedOffByPartsmithEnabled() {
        Runners.withEvents().withPropertyValues("partsmith.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(PartitionMaintainer.class)
                        .doesNotHaveBean(MaintenanceScheduler.class));
    }

    @Test
    void wiresTheEngineOnTheDataSource() {
        Runners.withEvents().withPropertyValues("partsmith.run-on-startup=true", "partsmith.tables.events.enabled=false").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(PartsmithTables.class).hasSingleBean(PostgresPartitionRepository.class)
                    .hasSingleBean(PostgresMetadataProvider.class).hasSingleBean(PostgresAdvisoryLockManager.class)
                    .hasSingleBean(SqlLifecycleHooks.class).hasSingleBean(PartitionLifecycleService.class)
                    .hasSingleBean(PartitionMaintainer.class).hasSingleBean(MaintenanceRunner.class)
                    .hasSingleBean(StartupMaintenance.class).hasSingleBean(MaintenanceScheduler.class);
            assertThat(context.getBean(PartitionMaintainer.class).clock().getZone()).isEqualTo(ZoneOffset.UTC);
        });
    }

    @Test
    void startupMaintenanceWaitsForDatabaseInitialization() {
        Runners.partsmith().withPropertyValues("partsmith.run-on-startup=true").run(context -> {
            assertThat(context).hasSingleBean(StartupMaintenance.class);
            assertThat(context.getBeanFactory().findAnnotationOnBean("partsmithStartupMaintenance", DependsOnDatabaseInitialization.class))
                    .isNotNull();
        });
    }

    @Test
    void theStartupRunAndTheScheduleStayEagerUnderLazyInitialization() {
        Runners.partsmith().run(context -> {
            LazyInitializationExcludeFilter filter = context.getBean(LazyInitializationExcludeFilter.class);
            assertThat(filter.isExcluded("partsmithStartupMaintenance", new RootBeanDefinition(), StartupMaintenance.class)).isTrue();
            assertThat(filter.isExcluded("partsmithMaintenanceScheduler", new RootBeanDefinition(), MaintenanceScheduler.class)).isTrue();
            assertThat(filter.isExcluded("partitionMaintainer", new RootBeanDefinition(), PartitionMaintainer.class)).isFalse();
        });
    }

    @Test
    void runOnStartupFalseLeavesTheStartAlone() {
        Runners.withEvents().withPropertyValues("partsmith.run-on-startup=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(StartupMaintenance.class).hasSingleBean(MaintenanceRunner.class));
    }

    @Test
    void theScheduleRunsOnTheConfiguredCronAndZone() {
        Runners.withEvents().withPropertyValues("partsmith.schedule.cron=0 30 2 * * *", "partsmith.schedule.zone=Europe/Berlin").run(context -> {
            MaintenanceScheduler scheduler = context.getBean(MaintenanceScheduler.class);
            assertThat(scheduler.cron()).isEqualTo("0 30 2 * * *");
            assertThat(scheduler.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
            assertThat(scheduler.isRunning()).isTrue();
            assertThat(scheduler.nextRun()).hasValueSatisfying(next -> {
                assertThat(next).isAfter(Instant.now());
                assertThat(next.atZone(ZoneId.of("Europe/Berlin")).toLocalTime()).hasToString("02:30");
            });
            assertThat(context.containsBean("org.springframework.context.annotation.internalScheduledAnnotationProcessor"))
                    .as("@Scheduled processing stays off").isFalse();
        });
    }

    @Test
    void aDashSwitchesTheScheduleOff() {
        Runners.withEvents().withPropertyValues("partsmith.schedule.cron=-")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(MaintenanceScheduler.class).hasSingleBean(MaintenanceRunner.class));
    }

    @Test
    void aClockNamedPartsmithClockIsTheClockPartsmithPlansWith() {
        Clock fixed = Clock.fixed(Instant.parse("2024-03-15T10:00:00Z"), ZoneOffset.UTC);
        Runners.withEvents().withBean("partsmithClock", Clock.class, () -> fixed)
                .run(context -> assertThat(context.getBean(PartitionMaintainer.class).clock()).isSameAs(fixed));
    }

    @Test
    void anotherClockBeanIsNotTaken() {
        Clock fixed = Clock.fixed(Instant.parse("2024-03-15T10:00:00Z"), ZoneOffset.UTC);
        Runners.withEvents().withBean("clock", Clock.class, () -> fixed)
                .run(context -> assertThat(context.getBean(PartitionMaintainer.class).clock()).isNotSameAs(fixed));
    }

    @Test
    void everyBeanBacksOffForTheApplicationsOwn() {
        Runners.withEvents().withUserConfiguration(OwnBeans.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).getBean(PartitionRepository.class).isSameAs(OwnBeans.REPOSITORY);
            assertThat(context).getBean(PartitionMetadataProvider.class).isSameAs(OwnBeans.METADATA);
            assertThat(context).getBean(LockManager.class).isSameAs(OwnBeans.LOCKS);
            assertThat(context).doesNotHaveBean(PostgresAdvisoryLockManager.class);
            assertThat(context.getBean(PartitionMaintainer.class).clock()).isSameAs(OwnBeans.CLOCK);
        });
        Runners.withEvents().withUserConfiguration(OwnService.class).run(context -> {
            assertThat(context).getBean(PartitionLifecycleService.class).isSameAs(OwnService.SERVICE);
            assertThat(context).getBean(PartitionMaintainer.class).isSameAs(OwnService.MAINTAINER);
            assertThat(context.getBean(MaintenanceRunner.class).clock()).isSameAs(OwnBeans.CLOCK);
        });
        Runners.withEvents().withUserConfiguration(OwnRunner.class).run(context -> {
            assertThat(context).getBean(MaintenanceRunner.class).isSameAs(OwnRunner.RUNNER);
            assertThat(context).getBean(PartsmithTables.class).isSameAs(OwnRunner.TABLES);
            assertThat(context).getBean(MaintenanceScheduler.class).isSameAs(OwnRunner.SCHEDULER);
            assertThat(context).getBean(SqlLifecycleHooks.class).isSameAs(OwnRunner.SQL_HOOKS);
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class TwoDataSources {

        @Bean
        DataSource first() {
            return new SimpleDriverDataSource();
        }

        @Bean
        DataSource second() {
            return new SimpleDriverDataSource();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnBeans {

        static final PartitionRepository REPOSITORY = new PostgresPartitionRepository(new SimpleDriverDataSource());
        static final PartitionMetadataProvider METADATA = new PostgresMetadataProvider(new SimpleDriverDataSource());
        static final LockManager LOCKS = new NoOpLockManager();
        static final Clock CLOCK = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);

        @Bean
        PartitionRepository ownRepository() {
            return REPOSITORY;
        }

        @Bean
        PartitionMetadataProvider ownMetadata() {
            return METADATA;
        }

        @Bean
        LockManager ownLocks() {
            return LOCKS;
        }

        @Bean
        Clock partsmithClock() {
            return CLOCK;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnService {

        static final PartitionLifecycleService SERVICE = new PartitionLifecycleService(OwnBeans.REPOSITORY, OwnBeans.METADATA,
                OwnBeans.LOCKS, List.of(), OwnBeans.CLOCK);
        static final PartitionMaintainer MAINTAINER = new PartitionMaintainer(SERVICE);

        @Bean
        PartitionLifecycleService ownService() {
            return SERVICE;
        }

        @Bean
        PartitionMaintainer ownMaintainer() {
            return MAINTAINER;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnRunner {

        static final PartsmithTables TABLES = new PartsmithTables(List.of());
        static final MaintenanceRunner RUNNER = new MaintenanceRunner(OwnService.MAINTAINER, TABLES, event -> {
        });
        static final MaintenanceScheduler SCHEDULER = new MaintenanceScheduler(RUNNER, "0 0 1 * * *", ZoneOffset.UTC);
        static final SqlLifecycleHooks SQL_HOOKS = new SqlLifecycleHooks(TABLES, new SimpleDriverDataSource());

        @Bean
        PartsmithTables ownTables() {
            return TABLES;
        }

        @Bean
        MaintenanceRunner ownRunner() {
            return RUNNER;
        }

        @Bean
        MaintenanceScheduler ownScheduler() {
            return SCHEDULER;
        }

        @Bean
        SqlLifecycleHooks ownSqlHooks() {
            return SQL_HOOKS;
        }
    }
}
