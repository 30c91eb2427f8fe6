package dev.partsmith.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import dev.partsmith.lock.LockManager;
import dev.partsmith.lock.NoOpLockManager;
import dev.partsmith.lock.RedisDistributedLockManager;
import dev.partsmith.lock.ShedLockLockManager;
import dev.partsmith.postgres.PostgresAdvisoryLockManager;

@ExtendWith(OutputCaptureExtension.class)
class LockConfigurationsTest {

    @Test
    void autoIsTheAdvisoryLockOnTheDataSource() {
        Runners.withEvents().run(context -> assertThat(context).hasNotFailed().getBean(LockManager.class)
                .isInstanceOf(PostgresAdvisoryLockManager.class));
        Runners.withEvents().withPropertyValues("partsmith.lock.provider=advisory")
                .run(context -> assertThat(context).getBean(LockManager.class).isInstanceOf(PostgresAdvisoryLockManager.class));
    }

    @Test
    void autoTakesTheApplicationsOneShedLockProvider() {
        Runners.withEvents().withUserConfiguration(OneLockProvider.class).run(context -> {
            assertThat(context).hasNotFailed().getBean(LockManager.class).isInstanceOf(ShedLockLockManager.class);
            assertThat(context).doesNotHaveBean(PostgresAdvisoryLockManager.class);
            assertThat(context).getBeans(LockProvider.class).as("no LockProvider of partsmith's own").containsOnlyKeys("lockProvider");
        });
    }

    @Test
    void autoWithTwoShedLockProvidersStaysWithTheAdvisoryLock() {
        Runners.withEvents().withUserConfiguration(TwoLockProviders.class)
                .run(context -> assertThat(context).getBean(LockManager.class).isInstanceOf(PostgresAdvisoryLockManager.class));
    }

    @Test
    void autoWithoutShedLockOnTheClassPathIsTheAdvisoryLock() {
        Runners.withEvents().withClassLoader(new FilteredClassLoader(LockProvider.class))
                .run(context -> assertThat(context).getBean(LockManager.class).isInstanceOf(PostgresAdvisoryLockManager.class));
    }

    @Test
    void shedlockChosenTakesThePrimaryOfSeveralProviders() {
        Runners.withEvents().withPropertyValues("partsmith.lock.provider=shedlock").withUserConfiguration(TwoLockProvidersOnePrimary.class)
                .run(context -> assertThat(context).getBean(LockManager.class).isInstanceOf(ShedLockLockManager.class));
    }

    @Test
    void shedlockChosenWithoutAProviderFailsTheStart() {
        Runners.withEvents().withPropertyValues("partsmith.lock.provider=shedlock").run(context -> assertThat(FailureReports.report(context))
                .contains("Property: partsmith.lock.provider").contains("Value:    \"shedlock\"")
                .contains("needs exactly one ShedLock LockProvider bean, and the application has 0"));
        Runners.withEvents().withPropertyValues("partsmith.lock.provider=shedlock").withUserConfiguration(TwoLockProviders.class)
                .run(context -> assertThat(FailureReports.report(context)).contains("and the application has 2"));
    }

    @Test
    void shedlockChosenWithoutShedLockOnTheClassPathFailsTheStart() {
        Runners.withEvents().withPropertyValues("partsmith.lock.provider=shedlock").withClassLoader(new FilteredClassLoader(LockProvider.class))
                .run(context -> assertThat(FailureReports.report(context)).contains("Property: partsmith.lock.provider")
                        .contains("needs ShedLock on the class path"));
    }

    @Test
    void redisChosenUsesTheRedisConnectionFactory() {
        Runners.withEvents().withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
                .withPropertyValues("partsmith.lock.provider=redis").run(context -> {
                    assertThat(context).hasNotFailed().getBean(LockManager.class).isInstanceOf(RedisDistributedLockManager.class);
                    assertThat(context).hasSingleBean(RedisConnectionFactory.class);
                });
    }

    @Test
    void redisIsNeverChosenByAuto() {
        Runners.withEvents().withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
                .run(context -> assertThat(context).getBean(LockManager.class).isInstanceOf(PostgresAdvisoryLockManager.class));
    }

    @Test
    void redisChosenWithoutAConnectionFactoryFailsTheStart() {
        Runners.withEvents().withPropertyValues("partsmith.lock.provider=redis").run(context -> assertThat(FailureReports.report(context))
                .contains("Property: partsmith.lock.provider").contains("needs exactly one RedisConnectionFactory bean, and the application has 0"));
    }

    @Test
    void redisChosenWithoutSpringDataRedisFailsTheStart() {
        Runners.withEvents().withPropertyValues("partsmith.lock.provider=redis").withClassLoader(new FilteredClassLoader(RedisConnectionFactory.class))
                .run(context -> assertThat(FailureReports.report(context)).contains("Property: partsmith.lock.provider")
                        .contains("needs Spring Data Redis on the class path: add spring-boot-starter-data-redis"));
    }

    @Test
    void noneTakesNoLock(CapturedOutput output) {
        Runners.withEvents().withPropertyValues("partsmith.lock.provider=none")
                .run(context -> assertThat(context).getBean(LockManager.class).isInstanceOf(NoOpLockManager.class));
        assertThat(output).contains("partsmith.lock.provider is none: maintenance takes no lock; run it in one instance only");
    }

    @Test
    void anUnknownProviderIsReportedWithTheAllowedValues() {
        Runners.withEvents().withPropertyValues("partsmith.lock.provider=zookeeper").run(context -> assertThat(FailureReports.report(context))
                .contains("Property: partsmith.lock.provider", "Value:    \"zookeeper\"",
                        "Reason:   must be one of auto, advisory, redis, shedlock, none")
                .doesNotContain("ADVISORY"));
    }

    @Test
    void theProviderNameIsReadLikeAnyEnumProperty() {
        Runners.withEvents().withPropertyValues("partsmith.lock.provider=NONE")
                .run(context -> assertThat(context).getBean(LockManager.class).isInstanceOf(NoOpLockManager.class));
    }

    @Test
    void anApplicationLockManagerReplacesEveryProvider() {
        Runners.withEvents().withPropertyValues("partsmith.lock.provider=redis").withBean(LockManager.class, NoOpLockManager::new)
                .run(context -> assertThat(context).hasNotFailed().getBean(LockManager.class).isInstanceOf(NoOpLockManager.class));
    }

    @Test
    void aWrongPrefixOrTtlIsNamed() {
        Runners.withEvents().withPropertyValues("partsmith.lock.prefix= ").run(context -> assertThat(FailureReports.report(context))
                .contains("Property: partsmith.lock.prefix").contains("must not be empty"));
        Runners.withEvents().withUserConfiguration(OneLockProvider.class).withPropertyValues("partsmith.lock.ttl=10ms")
                .run(context -> assertThat(FailureReports.report(context)).contains("Property: partsmith.lock.ttl").contains("must be at least 100ms"));
    }

    @Test
    void theAdvisoryLockWarnsWhenThePoolIsTooSmall(CapturedOutput output) {
        Runners.withEvents().withPropertyValues("spring.datasource.hikari.maximum-pool-size=10").run(context -> assertThat(context).hasNotFailed());
        assertThat(output).doesNotContain("partsmith's advisory lock keeps one connection");
        Runners.withEvents().withPropertyValues("spring.datasource.hikari.maximum-pool-size=2").run(context -> assertThat(context).hasNotFailed());
        assertThat(output).contains("The DataSource's pool allows at most 2 connections. partsmith's advisory lock keeps one connection")
                .contains("the application gets no connection").contains("spring.datasource.hikari.maximum-pool-size");
    }

    private static LockProvider lockProvider() {
        return new LockProvider() {
            @Override
            public Optional<SimpleLock> lock(LockConfiguration lockConfiguration) {
                return Optional.empty();
            }
        };
    }

    @Configuration(proxyBeanMethods = false)
    static class OneLockProvider {

        @Bean
        LockProvider lockProvider() {
            return LockConfigurationsTest.lockProvider();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class TwoLockProviders {

        @Bean
        LockProvider first() {
            return lockProvider();
        }

        @Bean
        LockProvider second() {
            return lockProvider();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class TwoLockProvidersOnePrimary {

        @Bean
        @Primary
        LockProvider first() {
            return lockProvider();
        }

        @Bean
        LockProvider second() {
            return lockProvider();
        }
    }
}
