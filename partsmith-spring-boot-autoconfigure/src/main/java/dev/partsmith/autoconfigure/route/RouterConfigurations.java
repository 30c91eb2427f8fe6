package dev.partsmith.autoconfigure.route;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import dev.partsmith.InvalidPartitionConfigException.Violation;
import dev.partsmith.autoconfigure.InvalidPartsmithPropertiesException;
import dev.partsmith.autoconfigure.PartsmithProperties;
import dev.partsmith.autoconfigure.PartsmithTable;
import dev.partsmith.autoconfigure.PartsmithTables;
import dev.partsmith.catalog.PartitionMetadataProvider;
import dev.partsmith.route.CatalogPartitionRouter;
import dev.partsmith.route.PartitionRouter;

/**
 * The {@link PartitionRouter} beans of {@link PartsmithRouterAutoConfiguration}, one configuration per
 * source, imported in this order so that the registry's router comes before the catalog's.
 */
final class RouterConfigurations {

    private static final String ENABLED = "partsmith.registry.redis.enabled";

    private static final String REDIS_CONNECTION_FACTORY = "org.springframework.data.redis.connection.RedisConnectionFactory";

    private static final String JSON_MAPPER = "tools.jackson.databind.json.JsonMapper";

    private RouterConfigurations() {
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty(ENABLED)
    @ConditionalOnClass(name = { REDIS_CONNECTION_FACTORY, JSON_MAPPER })
    static class RedisRegistry {

        @Bean
        @ConditionalOnMissingBean
        RedisPartitionRegistry partsmithPartitionRegistry(ObjectProvider<RedisConnectionFactory> connectionFactory, PartsmithProperties properties) {
            RedisConnectionFactory factory = connectionFactory.getIfUnique();
            if (factory == null) {
                throw new InvalidPartsmithPropertiesException(new Violation(ENABLED, "true", "needs exactly one RedisConnectionFactory bean,"
                        + " and the application has " + connectionFactory.stream().count()
                        + ": configure spring.data.redis.* (spring-boot-starter-data-redis) or mark one @Primary"));
            }
            return new RedisPartitionRegistry(factory, properties.getRegistry().getRedis().getPrefix());
        }

        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnBean(PartitionMetadataProvider.class)
        PartitionRegistryPublisher partsmithPartitionRegistryPublisher(RedisPartitionRegistry registry, PartitionMetadataProvider metadata) {
            return new PartitionRegistryPublisher(registry, metadata);
        }

        @Bean
        @ConditionalOnMissingBean(PartitionRouter.class)
        RedisPartitionRouter partsmithRedisPartitionRouter(RedisPartitionRegistry registry, RedisConnectionFactory connectionFactory,
                ApplicationEventPublisher publisher) {
            // the registry first: it says why when there is not exactly one connection factory
            return new RedisPartitionRouter(connectionFactory, registry, publisher);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty(ENABLED)
    @Conditional(RedisRegistryUnavailable.ClassMissing.class)
    static class RedisRegistryUnavailable {

        @Bean
        @ConditionalOnMissingBean(PartitionRouter.class)
        PartitionRouter partsmithPartitionRouter() {
            throw new InvalidPartsmithPropertiesException(new Violation(ENABLED, "true",
                    "needs Spring Data Redis and Jackson on the class path: add spring-boot-starter-data-redis and spring-boot-starter-jackson"));
        }

        /** Spring Data Redis or Jackson is missing. */
        static final class ClassMissing extends AnyNestedCondition {

            ClassMissing() {
                super(ConfigurationPhase.REGISTER_BEAN);
            }

            @ConditionalOnMissingClass(REDIS_CONNECTION_FACTORY)
            static final class Redis {
            }

            @ConditionalOnMissingClass(JSON_MAPPER)
            static final class Jackson {
            }
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBean({ PartitionMetadataProvider.class, PartsmithTables.class })
    static class Catalog {

        @Bean
        @ConditionalOnMissingBean(PartitionRouter.class)
        CatalogPartitionRouter partsmithCatalogPartitionRouter(PartitionMetadataProvider metadata, PartsmithTables tables) {
            return new CatalogPartitionRouter(metadata, tables.all().stream().map(PartsmithTable::config).toList());
        }
    }
}
