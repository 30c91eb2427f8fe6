package dev.partsmith.autoconfigure.route;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.SubscriptionListener;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import dev.partsmith.autoconfigure.route.RedisPartitionRegistry.Announcement;
import dev.partsmith.autoconfigure.route.RedisPartitionRegistry.Entry;
import dev.partsmith.catalog.QualifiedName;
import dev.partsmith.route.PartitionMap;
import dev.partsmith.route.PartitionMapUnavailableException;
import dev.partsmith.route.PartitionRouter;

/**
 * A {@link PartitionRouter} that reads the partition maps partsmith publishes to Redis
 * ({@link RedisPartitionRegistry}) and keeps each one until its channel announces a newer version: then the
 * map held is dropped and the next call reads the new one, with no restart and no polling. It never answers
 * from a map older than the newest version announced: when Redis holds an older one, the call fails
 * instead.
 *
 * <p>Maps are kept only while the router is subscribed to the channel (it subscribes when the bean is
 * initialised, and Spring Data Redis subscribes again after a lost connection); until then, and after each
 * new subscription, every call reads Redis. When Redis cannot be reached as the router starts, the
 * application starts all the same and the router tries to subscribe again every five seconds. An
 * announcement sent while the connection is lost cannot be heard: the map held stays until the subscription
 * is back, which drops every map. After each announcement a {@link PartitionMapChangedEvent} is published.
 * Thread-safe.
 */
public class RedisPartitionRouter implements PartitionRouter, MessageListener, SubscriptionListener, InitializingBean, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RedisPartitionRouter.class);

    /** How long after a failed subscription the router tries again. */
    private static final Duration RESUBSCRIBE = Duration.ofSeconds(5);

    private final RedisConnectionFactory connectionFactory;
    private final RedisPartitionRegistry registry;
    private final ApplicationEventPublisher publisher;
    private final Map<QualifiedName, Entry> maps = new ConcurrentHashMap<>();
    private final Map<QualifiedName, Long> announced = new ConcurrentHashMap<>();
    private volatile boolean subscribed;
    private final Object monitor = new Object();
    private RedisMessageListenerContainer container;
    private ThreadPoolTaskScheduler retries;
    private boolean destroyed;

    public RedisPartitionRouter(RedisConnectionFactory connectionFactory, RedisPartitionRegistry registry, ApplicationEventPublisher publisher) {
        this.connectionFactory = connectionFactory;
        this.registry = registry;
        this.publisher = publisher;
    }

    /** Subscribes to the registry's channel, waiting for the subscription as Spring Data Redis does. */
    @Override
    public void afterPropertiesSet() {
        subscribe();
    }

    private void subscribe() {
        RedisMessageListenerContainer listening = new RedisMessageListenerContainer();
        listening.setConnectionFactory(connectionFactory);
        listening.setTaskExecutor(new SimpleAsyncTaskExecutor("partsmith-registry-"));
        listening.addMessageListener(this, ChannelTopic.of(registry.channel()));
        try {
            listening.afterPropertiesSet();
            listening.start();
        }
        catch (RuntimeException ex) {
            destroy(listening);
            log.warn("Cannot subscribe to {} ({}); every call reads Redis until the subscription stands, tried again in {}",
                    registry.channel(), ex.getMessage(), RESUBSCRIBE);
            synchronized (monitor) {
                if (!destroyed) {
                    retries().schedule(this::subscribe, Instant.now().plus(RESUBSCRIBE));
                }
            }
            return;
        }
        synchronized (monitor) {
            if (destroyed) {
                destroy(listening);
                return;
            }
            container = listening;
        }
        log.debug("Subscribed to {}", registry.channel());
    }

    private ThreadPoolTaskScheduler retries() {
        if (retries == null) {
            retries = new ThreadPoolTaskScheduler();
            retries.setThreadNamePrefix("partsmith-registry-subscribe-");
            retries.setWaitForTasksToCompleteOnShutdown(false);
            retries.initialize();
        }
        return retries;
    }

    @Override
    public void destroy() {
        synchronized (monitor) {
            destroyed = true;
            if (retries != null) {
                retries.shutdown();
            }
            if (container != null) {
                destroy(container);
            }
        }
    }

    private static void destroy(RedisMessageListenerContainer listening) {
        try {
            listening.destroy();
        }
        catch (Exception ex) {
            log.debug("Closing the subscription failed", ex);
        }
    }

    /**
     * The table's map: the one held, when no newer version was announced since it was read; else the one in
     * Redis now.
     *
     * @throws PartitionMapUnavailableException when Redis holds no map of the table, or one older than the
     *         newest version announced
     * @throws org.springframework.dao.DataAccessException when Redis cannot be reached
     */
    @Override
    public PartitionMap map(QualifiedName table) {
        Entry held = maps.get(table);
        if (held != null && held.version() >= announced(table)) {
            return held.map();
        }
        Entry read = registry.read(table).orElseThrow(() -> new PartitionMapUnavailableException("Redis holds no partition map of " + table
                + " (" + registry.mapKey(table) + "); partsmith publishes it after each change, and after its first run of the table"));
        long wanted = announced(table);
        if (read.version() < wanted) {
            throw new PartitionMapUnavailableException("Redis holds version " + read.version() + " of the partition map of " + table + " ("
                    + registry.mapKey(table) + "), older than version " + wanted + " announced on " + registry.channel());
        }
        if (subscribed) {
            maps.merge(table, read, (current, candidate) -> candidate.version() > current.version() ? candidate : current);
        }
        return read.map();
    }

    private long announced(QualifiedName table) {
        return announced.getOrDefault(table, 0L);
    }

    /** Drops the map held of the announced table, unless it is that version or newer. */
    @Override
    public void onMessage(Message message, byte[] pattern) {
        Announcement announcement;
        try {
            announcement = registry.announcement(message.getBody());
        }
        catch (IllegalArgumentException ex) {
            log.warn("Ignoring a message on {}: {}", registry.channel(), ex.getMessage());
            return;
        }
        announced.merge(announcement.table(), announcement.version(), Math::max);
        maps.computeIfPresent(announcement.table(), (table, held) -> held.version() >= announcement.version() ? held : null);
        log.debug("Version {} of the partition map of {} announced", announcement.version(), announcement.table());
        publisher.publishEvent(new PartitionMapChangedEvent(this, announcement.table(), announcement.version()));
    }

    @Override
    public void onChannelSubscribed(byte[] channel, long count) {
        maps.clear();
        subscribed = true;
    }

    @Override
    public void onChannelUnsubscribed(byte[] channel, long count) {
        subscribed = false;
        maps.clear();
    }
}
