package dev.partsmith.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.partsmith.LockAcquisitionException;
import dev.partsmith.catalog.QualifiedName;
import dev.partsmith.test.TestRedis;

/** Redis alone: the runs on each PostgreSQL version leave it out (tag {@code once}, see partsmith.postgres in the parent). */
@Tag("once")
class RedisDistributedLockManagerIT {

    private static final QualifiedName EVENTS = new QualifiedName("public", "events");

    private static LettuceConnectionFactory factory;
    private static StringRedisTemplate redis;
    private final String prefix = "partsmith-test-" + UUID.randomUUID();

    @BeforeAll
    static void connect() {
        factory = connectionFactory(TestRedis.host(), TestRedis.port());
        redis = new StringRedisTemplate(factory);
    }

    @AfterAll
    static void disconnect() {
        // null when connect() found no Redis: its failure is the one to report
        if (factory != null) {
            factory.destroy();
        }
    }

    static LettuceConnectionFactory connectionFactory(String host, int port) {
        LettuceConnectionFactory connectionFactory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(host, port));
        connectionFactory.afterPropertiesSet();
        connectionFactory.start();
        return connectionFactory;
    }

    @Test
    void twoHoldersContendAndTheLoserIsToldSo() {
        try (RedisDistributedLockManager first = new RedisDistributedLockManager(factory, prefix, Duration.ofSeconds(10));
                RedisDistributedLockManager second = new RedisDistributedLockManager(factory, prefix, Duration.ofSeconds(10))) {
            Optional<LockHandle> held = first.tryLock(EVENTS);
            assertThat(held).isPresent();
            assertThat(redis.hasKey(prefix + ":\"public\".\"events\"")).isTrue();
            assertThat(second.tryLock(EVENTS)).isEmpty();
            assertThat(second.tryLock(new QualifiedName("other", "events"))).as("locks are per schema-qualified table").isPresent();

            held.get().close();
            assertThat(redis.hasKey(prefix + ":\"public\".\"events\"")).isFalse();
            Optional<LockHandle> next = second.tryLock(EVENTS);
            assertThat(next).isPresent();
            next.get().close();
        }
    }

    @Test
    void aLockHeldPastItsTtlIsRenewed() {
        // Long enough that a renewal thread starved by a busy machine still renews within it
        Duration ttl = Duration.ofSeconds(2);
        try (RedisDistributedLockManager manager = new RedisDistributedLockManager(factory, prefix, ttl);
                RedisDistributedLockManager other = new RedisDistributedLockManager(factory, prefix, ttl)) {
            long acquired = System.nanoTime();
            LockHandle handle = manager.tryLock(EVENTS).orElseThrow();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(other.tryLock(EVENTS)).as("still held").isEmpty();
                assertThat(System.nanoTime() - acquired).as("several TTLs have passed").isGreaterThan(ttl.multipliedBy(3).toNanos());
            });
            handle.verifyHeld();
            assertThat(redis.getExpire(prefix + ":\"public\".\"events\"", java.util.concurrent.TimeUnit.MILLISECONDS)).isPositive();
            handle.close();
            assertThat(other.tryLock(EVENTS)).isPresent();
        }
    }

    @Test
    void aStaleReleaseDoesNotStealTheNextHoldersLock() {
        String key = prefix + ":\"public\".\"events\"";
        try (RedisDistributedLockManager first = new RedisDistributedLockManager(factory, prefix, Duration.ofSeconds(2));
                RedisDistributedLockManager second = new RedisDistributedLockManager(factory, prefix, Duration.ofSeconds(10))) {
            LockHandle stale = first.tryLock(EVENTS).orElseThrow();
            // The first holder's lease is gone (as after a long pause): someone else takes the lock.
            redis.delete(key);
            LockHandle current = second.tryLock(EVENTS).orElseThrow();
            String currentToken = redis.opsForValue().get(key);

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThatThrownBy(stale::verifyHeld)
                    .isInstanceOf(LockAcquisitionException.class)
                    .hasMessage("the lock on public.events expired or was taken over before it could be renewed"));
            stale.close();

            assertThat(redis.opsForValue().get(key)).as("the stale release left the current holder's lock alone").isEqualTo(currentToken);
            current.verifyHeld();
            current.close();
            assertThat(redis.hasKey(key)).isFalse();
        }
    }

    @Test
    void anUnreachableRedisIsAnErrorNotASkip() {
        LettuceConnectionFactory unreachable = connectionFactory("127.0.0.1", 1);
        try (RedisDistributedLockManager manager = new RedisDistributedLockManager(unreachable, prefix, Duration.ofSeconds(1))) {
            assertThatThrownBy(() -> manager.tryLock(EVENTS)).isInstanceOf(LockAcquisitionException.class)
                    .hasMessageStartingWith("cannot take the Redis lock " + prefix + ":\"public\".\"events\" on public.events: Connection refused");
        }
        finally {
            unreachable.destroy();
        }
    }
}
