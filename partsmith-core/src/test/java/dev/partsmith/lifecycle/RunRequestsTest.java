package dev.partsmith.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.partsmith.catalog.QualifiedName;

/** Requested runs, with runs that block on latches the test opens: no sleeps, no timing assumptions. */
class RunRequestsTest {

    private static final QualifiedName EVENTS = new QualifiedName("public", "events");
    private static final QualifiedName AUDIT = new QualifiedName("public", "audit_log");
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final RunRequests requests = new RunRequests();

    @AfterEach
    void close() {
        requests.close(WAIT);
    }

    @Test
    void tenRequestsWhileARunIsUnderWayGiveOneMoreRunNotTen() throws Exception {
        BlockingRun first = new BlockingRun();
        CompletableFuture<MaintenanceResult> running = requests.request(EVENTS, first);
        first.awaitStarted();

        AtomicInteger queuedRuns = new AtomicInteger();
        List<CompletableFuture<MaintenanceResult>> coalesced = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            coalesced.add(requests.request(EVENTS, () -> result(queuedRuns.incrementAndGet())));
        }

        assertThat(coalesced).allSatisfy(future -> assertThat(future).isSameAs(coalesced.get(0)).isNotSameAs(running).isNotDone());
        first.release();
        assertThat(running.get(30, TimeUnit.SECONDS).createdCount()).isEqualTo(-1);
        assertThat(coalesced.get(0).get(30, TimeUnit.SECONDS).createdCount()).as("the run the first queued request brought").isEqualTo(1);
        assertThat(queuedRuns).hasValue(1);
    }

    @Test
    void aRequestAfterTheQueuedRunStartedQueuesAnotherOne() throws Exception {
        BlockingRun first = new BlockingRun();
        BlockingRun second = new BlockingRun();
        CompletableFuture<MaintenanceResult> running = requests.request(EVENTS, first);
        first.awaitStarted();
        CompletableFuture<MaintenanceResult> queued = requests.request(EVENTS, second);

        first.release();
        second.awaitStarted();
        CompletableFuture<MaintenanceResult> third = requests.request(EVENTS, () -> result(3));

        assertThat(third).isNotSameAs(queued).isNotDone();
        second.release();
        assertThat(running.get(30, TimeUnit.SECONDS).createdCount()).isEqualTo(-1);
        assertThat(queued.get(30, TimeUnit.SECONDS).createdCount()).isEqualTo(-1);
        assertThat(third.get(30, TimeUnit.SECONDS).createdCount()).isEqualTo(3);
    }

    @Test
    void tablesRunIndependently() throws Exception {
        BlockingRun events = new BlockingRun();
        requests.request(EVENTS, events);
        events.awaitStarted();

        CompletableFuture<MaintenanceResult> audit = requests.request(AUDIT, () -> result(7));

        assertThat(audit.get(30, TimeUnit.SECONDS).createdCount()).as("while the run of events is still under way").isEqualTo(7);
        events.release();
    }

    @Test
    void aRunThatThrowsFailsItsFutureAndTheQueuedRunStillRuns() throws Exception {
        BlockingRun failing = new BlockingRun(new IllegalStateException("broken"));
        CompletableFuture<MaintenanceResult> running = requests.request(EVENTS, failing);
        failing.awaitStarted();
        CompletableFuture<MaintenanceResult> queued = requests.request(EVENTS, () -> result(2));

        failing.release();

        assertThat(running).failsWithin(WAIT).withThrowableThat().withRootCauseInstanceOf(IllegalStateException.class).withMessageContaining("broken");
        assertThat(queued.get(30, TimeUnit.SECONDS).createdCount()).isEqualTo(2);
    }

    @Test
    void closeInterruptsTheRunUnderWayCancelsTheQueuedOneAndRefusesNewRequests() throws Exception {
        BlockingRun running = new BlockingRun();
        CompletableFuture<MaintenanceResult> first = requests.request(EVENTS, running);
        running.awaitStarted();
        CompletableFuture<MaintenanceResult> queued = requests.request(EVENTS, () -> result(2));

        requests.close(WAIT);

        assertThat(first.get(30, TimeUnit.SECONDS).createdCount()).as("the run saw the interrupt").isEqualTo(-2);
        assertThat(queued).isCancelled();
        assertThat(requests.request(EVENTS, () -> result(3))).failsWithin(WAIT).withThrowableThat()
                .withMessageContaining("partsmith is shutting down; no run of public.events is started");
    }

    private static MaintenanceResult result(int created) {
        return new MaintenanceResult(EVENTS, Instant.EPOCH, Duration.ZERO, created, 0, 0, 0, null, List.of(), null, null, null);
    }

    /** A run that says when it started and waits for the test to release it; -1 created when released, -2 when interrupted. */
    private static final class BlockingRun implements Supplier<MaintenanceResult> {

        private final CountDownLatch started = new CountDownLatch(1);
        private final CountDownLatch release = new CountDownLatch(1);
        private final RuntimeException failure;

        BlockingRun() {
            this(null);
        }

        BlockingRun(RuntimeException failure) {
            this.failure = failure;
        }

        @Override
        public MaintenanceResult get() {
            started.countDown();
            try {
                release.await();
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return result(-2);
            }
            if (failure != null) {
                throw failure;
            }
            return result(-1);
        }

        void awaitStarted() throws InterruptedException {
            assertThat(started.await(30, TimeUnit.SECONDS)).as("the run started").isTrue();
        }

        void release() {
            release.countDown();
        }
    }
}
