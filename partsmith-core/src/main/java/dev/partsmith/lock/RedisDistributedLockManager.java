package dev.partsmith.lock;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

import dev.partsmith.LockAcquisitionException;
import dev.partsmith.catalog.QualifiedName;

/**
 * One maintainer per table through Redis, on Spring Data Redis: {@code SET key token NX PX ttl} with a
 * random token per acquisition, renewed every third of the TTL while the run lasts, released with a
 * Lua script that deletes the key only if it still holds this token (so a release that comes after
 * the lease lapsed never frees another holder's lock).
 *
 * <p>If Redis becomes unreachable during a run, renewals fail and once the TTL has passed without one
 * {@link LockHandle#verifyHeld()} throws, so the run stops before its next DDL step: by then another
 * maintainer may have taken the lock. Unreachable at the start, {@link #tryLock} throws
 * {@link LockAcquisitionException}. Keys are {@code <prefix>:"schema"."table"}.
 *
 * <p>Owns one daemon thread for renewals; {@link #close()} stops it.
 */
public class RedisDistributedLockManager implements LockManager, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisDistributedLockManager.class);

    private static final RedisScript<Long> RENEW = RedisScript.of(
            "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end", Long.class);
    private static final RedisScript<Long> RELEASE = RedisScript.of(
            "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end", Long.class);

    private final StringRedisTemplate redis;
    private final String prefix;
    private final Duration ttl;
    private final ScheduledExecutorService renewals;

    /**
     * @param ttl how long a lock outlives a maintainer that stopped renewing it (crashed, cut off);
     *        at least 100 ms
     */
    public RedisDistributedLockManager(RedisConnectionFactory connectionFactory, String prefix, Duration ttl) {
        if (ttl.toMillis() < 100) {
            throw new IllegalArgumentException("the Redis lock TTL must be at least 100 ms, was " + ttl);
        }
        this.redis = new StringRedisTemplate(connectionFactory);
        this.prefix = prefix;
        this.ttl = ttl;
        this.renewals = Lease.renewalThread("partsmith-redis-lock-renewal");
    }

    @Override
    public Optional<LockHandle> tryLock(QualifiedName table) {
        String key = LockManager.key(prefix, table);
        String token = UUID.randomUUID().toString();
        long started = System.nanoTime();
        Boolean acquired;
        try {
            acquired = redis.opsForValue().setIfAbsent(key, token, ttl);
        }
        catch (RuntimeException ex) {
            throw new LockAcquisitionException("cannot take the Redis lock " + key + " on " + table + ": " + Causes.rootMessage(ex), ex);
        }
        if (!Boolean.TRUE.equals(acquired)) {
            return Optional.empty();
        }
        Lease lease = new Lease(table, ttl, started,
                () -> Long.valueOf(1).equals(redis.execute(RENEW, List.of(key), token, String.valueOf(ttl.toMillis())))
                        ? Lease.Renewal.RENEWED : Lease.Renewal.LOST);
        lease.start(renewals);
        return Optional.of(lease.handle(() -> {
            if (!Long.valueOf(1).equals(redis.execute(RELEASE, List.of(key), token))) {
                log.warn("The Redis lock {} was no longer held at release", key);
            }
        }));
    }

    /** Stops the renewal thread. Locks still held are no longer renewed and lapse after their TTL. */
    @Override
    public void close() {
        renewals.shutdownNow();
    }
}
