package dev.partsmith.lock;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.partsmith.LockAcquisitionException;
import dev.partsmith.catalog.QualifiedName;

/**
 * A lock that expires unless renewed: renews it every third of its time to live while the run lasts,
 * and knows when it can no longer be sure it holds it (a renewal was refused, or none succeeded
 * within the time to live, as when the lock service became unreachable).
 */
final class Lease {

    private static final Logger log = LoggerFactory.getLogger(Lease.class);

    private final QualifiedName table;
    private final Duration ttl;
    private final Supplier<Renewal> renew;
    private volatile long validUntilNanos;
    private volatile String lost;
    private ScheduledFuture<?> renewal;

    /**
     * @param acquiredAtNanos {@link System#nanoTime()} taken before the lock was requested
     * @param renew extends the lock by {@code ttl} and says how that went; throws when the service
     *        cannot be asked
     */
    Lease(QualifiedName table, Duration ttl, long acquiredAtNanos, Supplier<Renewal> renew) {
        this.table = table;
        this.ttl = ttl;
        this.renew = renew;
        this.validUntilNanos = acquiredAtNanos + ttl.toNanos();
    }

    /** A single daemon thread for the renewals of one lock manager. */
    static ScheduledExecutorService renewalThread(String name) {
        return Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * The handle of the leased lock: verifying checks the lease; closing stops the renewals and runs
     * {@code release}, logging (not throwing) a release that fails.
     */
    LockHandle handle(Runnable release) {
        return new LockHandle() {
            @Override
            public void verifyHeld() {
                verify();
            }

            @Override
            public void close() {
                stop();
                try {
                    release.run();
                }
                catch (RuntimeException ex) {
                    log.warn("Releasing the lock on {} failed; it lapses within its time to live of {}", table, ttl, ex);
                }
            }
        };
    }

    /** Starts renewing on {@code scheduler}. */
    void start(ScheduledExecutorService scheduler) {
        long period = Math.max(1, ttl.toMillis() / 3);
        renewal = scheduler.scheduleWithFixedDelay(this::renewOnce, period, period, TimeUnit.MILLISECONDS);
    }

    private void renewOnce() {
        long attempt = System.nanoTime();
        try {
            switch (renew.get()) {
                case RENEWED -> validUntilNanos = attempt + ttl.toNanos();
                case LOST -> {
                    lost = "the lock on " + table + " expired or was taken over before it could be renewed";
                    stop();
                }
                case UNSUPPORTED -> stop();
            }
        }
        catch (RuntimeException ex) {
            log.warn("Renewing the lock on {} failed: {}", table, ex.toString());
        }
    }

    /** Throws when the lock may no longer be held. */
    void verify() {
        if (lost != null) {
            throw new LockAcquisitionException(lost);
        }
        if (System.nanoTime() - validUntilNanos > 0) {
            throw new LockAcquisitionException("the lock on " + table + " was not renewed within its time to live of " + ttl
                    + " (is the lock service reachable?); it may be held by another maintainer now");
        }
    }

    /** What one renewal attempt found. */
    enum Renewal {
        /** Extended by a full time to live. */
        RENEWED,
        /** No longer ours. */
        LOST,
        /** The lock cannot be extended: it stands until its first time to live is up. */
        UNSUPPORTED
    }

    void stop() {
        if (renewal != null) {
            renewal.cancel(false);
        }
    }
}
