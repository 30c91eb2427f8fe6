package dev.partsmith.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import tools.jackson.databind.json.JsonMapper;

import dev.partsmith.autoconfigure.route.PartitionRegistryPublisher;
import dev.partsmith.autoconfigure.route.PartsmithRouterAutoConfiguration;
import dev.partsmith.autoconfigure.route.RedisPartitionRegistry;
import dev.partsmith.autoconfigure.route.RedisPartitionRouter;
import dev.partsmith.autoconfigure.trigger.PartsmithTriggerAutoConfiguration;
import dev.partsmith.catalog.ByteLayout;
import dev.partsmith.catalog.PartitionKey;
import dev.partsmith.catalog.QualifiedName;
import dev.partsmith.route.CatalogPartitionRouter;
import dev.partsmith.route.PartitionMap;
import dev.partsmith.route.PartitionRouter;

/** The router and the registry, as properties and the class path switch them; the new keys of partsmith.registry, .trigger and .dashboard. */
@ExtendWith(OutputCaptureExtension.class)
class PartsmithRouterAutoConfigurationTest {

    static ApplicationContextRunner runner() {
        return Runners.withEvents().withConfiguration(AutoConfigurations.of(PartsmithRouterAutoConfiguration.class,
                PartsmithTriggerAutoConfiguration.class));
    }

    @Test
    void withoutTheRegistryTheRouterReadsTheCatalogAndNothingIsPublished() {
        runner().run(context -> {
            assertThat(context).hasNotFailed().getBean(PartitionRouter.class).isInstanceOf(CatalogPartitionRouter.class);
            assertThat(context).doesNotHaveBean(RedisPartitionRegistry.class).doesNotHaveBean(PartitionRegistryPublisher.class);
        });
    }

    @Test
    void aRouterOfTheApplicationsOwnReplacesPartsmiths() {
        runner().withUserConfiguration(OwnRouter.class).run(context -> assertThat(context).getBeans(PartitionRouter.class)
                .containsOnlyKeys("ownRouter"));
    }

    @Test
    void theRegistryWithoutAConnectionFactoryFailsTheStart() {
        runner().withPropertyValues("partsmith.registry.redis.enabled=true").run(context -> assertThat(FailureReports.report(context))
                .contains("Property: partsmith.registry.redis.enabled")
                .contains("needs exactly one RedisConnectionFactory bean, and the application has 0"));
    }

    @Test
    void theRegistryWithoutSpringDataRedisOrJacksonFailsTheStart() {
        for (Class<?> missing : new Class<?>[] { RedisConnectionFactory.class, JsonMapper.class }) {
            runner().withPropertyValues("partsmith.registry.redis.enabled=true").withClassLoader(new FilteredClassLoader(missing))
                    .run(context -> assertThat(FailureReports.report(context)).as("without %s", missing.getSimpleName())
                            .contains("Property: partsmith.registry.redis.enabled").contains("needs Spring Data Redis and Jackson on the"
                                    + " class path: add spring-boot-starter-data-redis and spring-boot-starter-jackson"));
        }
    }

    @Test
    void aRedisThatCannotBeReachedAtTheStartDoesNotStopItAndEachCallSaysWhy(CapturedOutput output) {
        runner().withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
                .withPropertyValues("partsmith.registry.redis.enabled=true", "spring.data.redis.port=1").run(context -> {
                    assertThat(context).hasNotFailed().getBean(PartitionRouter.class).isInstanceOf(RedisPartitionRouter.class);
                    assertThatThrownBy(() -> context.getBean(PartitionRouter.class).map(new QualifiedName("public", "events")))
                            .isInstanceOf(RedisConnectionFailureException.class);
                });
        assertThat(output).contains("Cannot subscribe to partsmith:registry:changes (", "); every call reads Redis until the subscription"
                + " stands, tried again in PT5S");
    }

    @Test
    void anEmptyRegistryPrefixIsRefused() {
        runner().withPropertyValues("partsmith.registry.redis.prefix= ").run(context -> assertThat(FailureReports.report(context))
                .contains("Property: partsmith.registry.redis.prefix", "Reason:   must not be empty"));
    }

    @Test
    void theNewKeysAreKnownAndAMisspelledOneIsNamed() {
        runner().withPropertyValues("partsmith.registry.redis.prefix=app:partitions", "partsmith.trigger.runway.interval=1m",
                "partsmith.dashboard.enabled=false").run(context -> assertThat(context).hasNotFailed());
        runner().withPropertyValues("partsmith.trigger.runway.intervall=1m").run(context -> assertThat(FailureReports.report(context))
                .contains("did you mean partsmith.trigger.runway.interval?"));
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnRouter {

        @Bean
        PartitionRouter ownRouter() {
            return table -> new PartitionMap(table, PartitionKey.Strategy.RANGE, List.of(), new ByteLayout("UTF8", true), List.of());
        }
    }
}
