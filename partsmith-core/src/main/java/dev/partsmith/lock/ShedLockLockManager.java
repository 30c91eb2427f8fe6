package dev.partsmith.lock;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;

import net.javacrumbs.shedlock.core.ClockProvider;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;

import dev.partsmith.LockAcquisitionException;
import dev.partsmith.catalog.QualifiedName;

/**
 * One maintainer per table through a ShedLock {@link LockProvider} the application already has
 * (JDBC, Redis, Mongo, ZooKeeper...), used programmatically: one lock per table, named
 * {@code <prefix>:schema.table} (or {@code <prefix>:<hash>} when that would pass ShedLock's usual
 * 64-character name column), held for at most {@code lockAtMostFor} and extended every third of it
 * while the run lasts when the provider supports extension. With a provider that cannot extend, a
 * run must finish within {@code lockAtMostFor}; {@link LockHandle#verifyHeld()} stops it before its
 * next DDL step once that time is up.
 *
 * <p>Errors of the provider (its table missing, its store unreachable) are thrown as
 * {@link LockAcquisitionException}, never taken for "held elsewhere".
 */
public class ShedLockLockManager implements LockManager, AutoCloseable {

    /** Width of the {@code name} column in ShedLock's documented table. */
    static final int MAX_NAME_LENGTH = 64;

    private final LockProvider lockProvider;
    private final String prefix;
    private final Duration lockAtMostFor;
    private final ScheduledExecutorService renewals;

    public ShedLockLockManager(LockProvider lockProvider, String prefix, Duration lockAtMostFor) {
        if (lockAtMostFor.toMillis() < 100) {
            throw new IllegalArgumentException("lockAtMostFor must be at least 100 ms, was " + lockAtMostFor);
        }
        this.lockProvider = lockProvider;
        this.prefix = prefix;
        this.lockAtMostFor = lockAtMostFor;
        this.renewals = Lease.renewalThread("partsmith-shedlock-renewal");
    }

    /** The ShedLock name of a table's lock. */
    public String lockName(QualifiedName table) {
        String name = prefix + ":" + table;
        if (name.length() <= MAX_NAME_LENGTH) {
            return name;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(table.quoted().getBytes(StandardCharsets.UTF_8));
            return prefix + ":" + HexFormat.of().formatHex(digest, 0, 20);
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
        }
    }

    @Override
    public Optional<LockHandle> tryLock(QualifiedName table) {
        String name = lockName(table);
        long started = System.nanoTime();
        Optional<SimpleLock> acquired;
        try {
            acquired = lockProvider.lock(new LockConfiguration(ClockProvider.now(), name, lockAtMostFor, Duration.ZERO));
        }
        catch (RuntimeException ex) {
            throw new LockAcquisitionException("ShedLock could not lock " + name + " for " + table + ": " + Causes.rootMessage(ex), ex);
        }
        if (acquired.isEmpty()) {
            return Optional.empty();
        }
        AtomicReference<SimpleLock> current = new AtomicReference<>(acquired.get());
        Lease lease = new Lease(table, lockAtMostFor, started, () -> extend(current));
        lease.start(renewals);
        return Optional.of(lease.handle(() -> current.get().unlock()));
    }

    private Lease.Renewal extend(AtomicReference<SimpleLock> current) {
        try {
            Optional<SimpleLock> extended = current.get().extend(lockAtMostFor, Duration.ZERO);
            extended.ifPresent(current::set);
            return extended.isPresent() ? Lease.Renewal.RENEWED : Lease.Renewal.LOST;
        }
        catch (UnsupportedOperationException ex) {
            return Lease.Renewal.UNSUPPORTED;
        }
    }

    /** Stops the renewal thread. */
    @Override
    public void close() {
        renewals.shutdownNow();
    }
}
