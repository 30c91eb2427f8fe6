package dev.partsmith.postgres;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.partsmith.DdlLockTimeoutException;
import dev.partsmith.PartitionException;

/**
 * Retries a DDL step that failed on {@code lock_timeout} (SQLSTATE 55P03) and nothing else, with
 * capped exponential backoff and jitter, until a total budget is spent. Every attempt keeps its
 * timeout: there is no last attempt that waits without one.
 */
final class LockTimeoutRetry {

    private static final Logger log = LoggerFactory.getLogger(LockTimeoutRetry.class);

    static final Duration FIRST_BACKOFF = Duration.ofMillis(50);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private LockTimeoutRetry() {
    }

    /**
     * Runs {@code attempt} until it succeeds, fails with another error, or the budget is spent.
     *
     * @param what the step, for messages ("ATTACH PARTITION public.events__2024_01")
     * @throws DdlLockTimeoutException when every attempt within the budget timed out
     */
    static <T> T run(String what, Duration budget, Supplier<T> attempt) {
        long deadline = System.nanoTime() + budget.toNanos();
        long backoff = FIRST_BACKOFF.toMillis();
        int attempts = 0;
        while (true) {
            attempts++;
            try {
                return attempt.get();
            }
            catch (RuntimeException ex) {
                if (!SqlStates.is(ex, SqlStates.LOCK_NOT_AVAILABLE)) {
                    throw ex;
                }
                long sleep = ThreadLocalRandom.current().nextLong(backoff / 2, backoff + 1);
                long remaining = (deadline - System.nanoTime()) / 1_000_000;
                if (remaining <= sleep) {
                    throw new DdlLockTimeoutException(what + " could not get its locks within lock_timeout in " + attempts
                            + (attempts == 1 ? " attempt" : " attempts") + " (retry budget " + budget
                            + "); something holds a conflicting lock on the table; the next run tries again", ex);
                }
                log.debug("{} hit lock_timeout (attempt {}), retrying in {} ms", what, attempts, sleep);
                pause(sleep);
                backoff = Math.min(backoff * 2, MAX_BACKOFF.toMillis());
            }
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new PartitionException("interrupted while waiting to retry a DDL step", ex);
        }
    }
}
