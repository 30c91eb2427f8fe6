package dev.partsmith.autoconfigure.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.partsmith.catalog.QualifiedName;
import dev.partsmith.lock.LockManager;
import dev.partsmith.lock.RedisDistributedLockManager;
import dev.partsmith.test.TestDatabase;
import dev.partsmith.test.TestRedis;

/** Two instances of an application with {@code partsmith.lock.provider=redis} contend for a table through Redis. */
@SpringBootTest(classes = RedisLockContentionIT.App.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
@DirtiesContext
class RedisLockContentionIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    /** Keys of their own, since other test runs may share the Redis server. */
    static final String PREFIX = "partsmith-it-" + UUID.randomUUID();

    static Map<String, Supplier<Object>> properties() {
        return Contention.properties(db, Map.of("partsmith.lock.provider", () -> "redis", "partsmith.lock.prefix", () -> PREFIX,
                "spring.data.redis.url", () -> TestRedis.uri().toString()));
    }

    @DynamicPropertySource
    static void register(DynamicPropertyRegistry registry) {
        Contention.register(registry, properties());
    }

    @Autowired
    ConfigurableApplicationContext first;

    @Test
    void theSecondInstanceIsSkippedWhileTheFirstHoldsTheRedisLock() throws Exception {
        try (ConfigurableApplicationContext second = Contention.secondInstance(App.class, properties())) {
            assertThat(first.getBean(LockManager.class)).isInstanceOf(RedisDistributedLockManager.class);
            assertThat(second.getBean(LockManager.class)).isInstanceOf(RedisDistributedLockManager.class);
            StringRedisTemplate redis = new StringRedisTemplate(first.getBean(RedisConnectionFactory.class));
            String key = LockManager.key(PREFIX, new QualifiedName("public", "events"));

            Contention.assertTheSecondIsSkipped(first, second, () -> {
                assertThat(redis.hasKey(key)).as("the first instance's lock in Redis").isTrue();
                assertThat(redis.getExpire(key)).as("with a TTL, seconds").isPositive();
            });

            assertThat(redis.hasKey(key)).as("released").isFalse();
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

        @Bean
        Contention.Gate gate() {
            return new Contention.Gate();
        }
    }
}
