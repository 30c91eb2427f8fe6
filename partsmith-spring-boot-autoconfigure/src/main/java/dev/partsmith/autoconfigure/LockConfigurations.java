package dev.partsmith.autoconfigure;

import java.time.Duration;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.jdbc.metadata.CompositeDataSourcePoolMetadataProvider;
import org.springframework.boot.jdbc.metadata.DataSourcePoolMetadata;
import org.springframework.boot.jdbc.metadata.DataSourcePoolMetadataProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import dev.partsmith.Count;
import dev.partsmith.InvalidPartitionConfigException.Violation;
import dev.partsmith.autoconfigure.PartsmithProperties.LockProvider;
import dev.partsmith.lock.LockManager;
import dev.partsmith.lock.NoOpLockManager;
import dev.partsmith.lock.RedisDistributedLockManager;
import dev.partsmith.lock.ShedLockLockManager;
import dev.partsmith.postgres.PostgresAdvisoryLockManager;

/**
 * The {@link LockManager} {@code partsmith.lock.provider} chooses, one configuration per provider,
 * imported in this order so that {@code auto} takes ShedLock before the advisory lock. A provider
 * chosen explicitly that the application cannot supply fails the start with the reason. A
 * {@link LockManager} bean of the application's own replaces all of them.
 */
final class LockConfigurations {

    private static final Logger log = LoggerFactory.getLogger(LockConfigurations.class);

    private static final String PROVIDER = OnLockProviderCondition.PROPERTY;

    private static final String REDIS_CONNECTION_FACTORY = "org.springframework.data.redis.connection.RedisConnectionFactory";

    private static final String SHEDLOCK_LOCK_PROVIDER = "net.javacrumbs.shedlock.core.LockProvider";

    /** Below this pool size the advisory lock's connection starves the maintenance or the application. */
    private static final int SMALLEST_ADVISORY_POOL = 3;

    private LockConfigurations() {
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = REDIS_CONNECTION_FACTORY)
    @ConditionalOnLockProvider(value = LockProvider.REDIS, matchAuto = false)
    static class Redis {

        @Bean
        @ConditionalOnMissingBean(LockManager.class)
        RedisDistributedLockManager partsmithLockManager(ObjectProvider<RedisConnectionFactory> connectionFactory,
                PartsmithProperties properties) {
            RedisConnectionFactory factory = connectionFactory.getIfUnique();
            if (factory == null) {
                throw new InvalidPartsmithPropertiesException(new Violation(PROVIDER, "redis",
                        "needs exactly one RedisConnectionFactory bean, and the application has "
                                + connectionFactory.stream().count() + ": configure spring.data.redis.* (spring-boot-starter-data-redis)"
                                + " or mark one @Primary"));
            }
            return new RedisDistributedLockManager(factory, prefix(properties), ttl(properties));
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = SHEDLOCK_LOCK_PROVIDER)
    @Conditional(ShedLock.Chosen.class)
    static class ShedLock {

        @Bean
        @ConditionalOnMissingBean(LockManager.class)
        ShedLockLockManager partsmithLockManager(ObjectProvider<net.javacrumbs.shedlock.core.LockProvider> lockProvider,
                PartsmithProperties properties) {
            net.javacrumbs.shedlock.core.LockProvider provider = lockProvider.getIfUnique();
            if (provider == null) {
                throw new InvalidPartsmithPropertiesException(new Violation(PROVIDER, "shedlock",
                        "needs exactly one ShedLock LockProvider bean, and the application has " + lockProvider.stream().count()
                                + ": declare one (for example a JdbcTemplateLockProvider) or mark one @Primary"));
            }
            return new ShedLockLockManager(provider, prefix(properties), ttl(properties));
        }

        /** {@code shedlock}, or {@code auto} with exactly one ShedLock LockProvider bean. */
        static final class Chosen extends AnyNestedCondition {

            Chosen() {
                super(ConfigurationPhase.REGISTER_BEAN);
            }

            @ConditionalOnLockProvider(value = LockProvider.SHEDLOCK, matchAuto = false)
            static final class Explicitly {
            }

            @ConditionalOnLockProvider(LockProvider.SHEDLOCK)
            @ConditionalOnSingleCandidate(type = SHEDLOCK_LOCK_PROVIDER)
            static final class AutoWithOneLockProvider {
            }
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnLockProvider(LockProvider.ADVISORY)
    static class Advisory {

        @Bean
        @ConditionalOnMissingBean(LockManager.class)
        PostgresAdvisoryLockManager partsmithLockManager(DataSource dataSource, PartsmithProperties properties,
                ObjectProvider<DataSourcePoolMetadataProvider> poolMetadata) {
            warnIfPoolTooSmall(dataSource, poolMetadata);
            return new PostgresAdvisoryLockManager(dataSource, prefix(properties));
        }

        private static void warnIfPoolTooSmall(DataSource dataSource, ObjectProvider<DataSourcePoolMetadataProvider> poolMetadata) {
            DataSourcePoolMetadata metadata = new CompositeDataSourcePoolMetadataProvider(poolMetadata.orderedStream().toList())
                    .getDataSourcePoolMetadata(dataSource);
            Integer max = metadata == null ? null : metadata.getMax();
            if (max != null && max > 0 && max < SMALLEST_ADVISORY_POOL) {
                log.warn("The DataSource's pool allows at most {}. partsmith's advisory lock keeps one connection for the"
                        + " length of a maintenance run and the run itself uses another, so during a run {}. Allow at least {} plus what"
                        + " the application needs (spring.datasource.hikari.maximum-pool-size), declare a LockManager bean on a pool of its"
                        + " own, or choose another partsmith.lock.provider (redis, shedlock).", Count.of(max, "connection"),
                        max == 1 ? "maintenance waits for a connection that never comes" : "the application gets no connection",
                        SMALLEST_ADVISORY_POOL);
            }
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnLockProvider(value = LockProvider.NONE, matchAuto = false)
    static class None {

        @Bean
        @ConditionalOnMissingBean(LockManager.class)
        NoOpLockManager partsmithLockManager() {
            log.warn("partsmith.lock.provider is none: maintenance takes no lock; run it in one instance only");
            return new NoOpLockManager();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingClass(REDIS_CONNECTION_FACTORY)
    @ConditionalOnLockProvider(value = LockProvider.REDIS, matchAuto = false)
    static class RedisMissing {

        @Bean
        @ConditionalOnMissingBean(LockManager.class)
        LockManager partsmithLockManager() {
            throw new InvalidPartsmithPropertiesException(new Violation(PROVIDER, "redis",
                    "needs Spring Data Redis on the class path: add spring-boot-starter-data-redis"));
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingClass(SHEDLOCK_LOCK_PROVIDER)
    @ConditionalOnLockProvider(value = LockProvider.SHEDLOCK, matchAuto = false)
    static class ShedLockMissing {

        @Bean
        @ConditionalOnMissingBean(LockManager.class)
        LockManager partsmithLockManager() {
            throw new InvalidPartsmithPropertiesException(new Violation(PROVIDER, "shedlock",
                    "needs ShedLock on the class path (net.javacrumbs.shedlock:shedlock-core and a provider) and a LockProvider bean"));
        }
    }

    private static String prefix(PartsmithProperties properties) {
        return properties.getLock().getPrefix();
    }

    private static Duration ttl(PartsmithProperties properties) {
        return properties.getLock().getTtl();
    }
}
