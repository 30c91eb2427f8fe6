package dev.partsmith.faults;

import java.time.ZonedDateTime;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.lifecycle.PartitionLifecycleHooks;

/**
 * Holds a run in the before-create hook of one partition, while the test does something behind its
 * back (terminates its lock's backend, stops Redis), until the test lets it go on.
 */
final class PauseBeforeCreate implements PartitionLifecycleHooks {

    private final String partitionName;
    private final CountDownLatch paused = new CountDownLatch(1);
    private final CountDownLatch resume = new CountDownLatch(1);

    PauseBeforeCreate(String partitionName) {
        this.partitionName = partitionName;
    }

    @Override
    public void beforeCreate(TablePartitionConfig config, String partitionName, ZonedDateTime from, ZonedDateTime to) {
        if (partitionName.equals(this.partitionName)) {
            paused.countDown();
            try {
                resume.await(60, TimeUnit.SECONDS);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Whether the run has reached the pause. */
    boolean reached() {
        return paused.getCount() == 0;
    }

    /** Waits up to a minute for the run to reach the pause. */
    boolean awaitReached() throws InterruptedException {
        return paused.await(60, TimeUnit.SECONDS);
    }

    /** Lets the run go on. */
    void resume() {
        resume.countDown();
    }
}
