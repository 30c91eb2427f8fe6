package dev.partsmith.autoconfigure.route;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;

import dev.partsmith.autoconfigure.PartsmithAutoConfiguration;
import dev.partsmith.autoconfigure.PartsmithProperties;
import dev.partsmith.route.PartitionRouter;

/**
 * The {@link PartitionRouter} bean, and with {@code partsmith.registry.redis.enabled} the partition
 * registry in Redis: each table's map published after every change, and the router reading it from there.
 * Without the registry the router reads the catalog, for the configured tables. Both back off when the
 * application defines a {@link PartitionRouter}. The registry without Spring Data Redis, Jackson or a
 * single {@code RedisConnectionFactory} fails the start with the reason.
 */
@AutoConfiguration(after = PartsmithAutoConfiguration.class,
        afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnBooleanProperty(name = "partsmith.enabled", matchIfMissing = true)
@EnableConfigurationProperties(PartsmithProperties.class)
@Import({ RouterConfigurations.RedisRegistry.class, RouterConfigurations.RedisRegistryUnavailable.class, RouterConfigurations.Catalog.class })
public class PartsmithRouterAutoConfiguration {
}
