package dev.partsmith.lifecycle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.partsmith.catalog.QualifiedName;

/**
 * Runs requested from code, coalesced per table: the first request starts a run on a thread of its own;
 * requests made while it is under way share one queued run, which starts when it ends. So a table has at
 * most one run under way and one waiting, however many requests come. Thread-safe.
 */
final class RunRequests {

    private static final Logger log = LoggerFactory.getLogger(RunRequests.class);

    private final Map<QualifiedName, Slot> slots = new HashMap<>();
    private boolean closed;

    /**
     * A run of {@code table} by {@code run}: started now when none is under way, else the one queued
     * after it (queued by this request when none is yet, with this {@code run}).
     */
    synchronized CompletableFuture<MaintenanceResult> request(QualifiedName table, Supplier<MaintenanceResult> run) {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("partsmith is shutting down; no run of " + table + " is started"));
        }
        Slot slot = slots.get(table);
        if (slot == null) {
            Slot started = new Slot(table, new CompletableFuture<>(), run);
            slots.put(table, started);
            started.thread = new Thread(() -> work(started), "partsmith-run-" + table);
            started.thread.setDaemon(true);
            started.thread.start();
            return started.running;
        }
        if (slot.queued == null) {
            slot.queued = new CompletableFuture<>();
            slot.queuedRun = run;
        }
        return slot.queued;
    }

    /** Runs the slot's run, then the one queued meanwhile, until none is queued. */
    private void work(Slot slot) {
        CompletableFuture<MaintenanceResult> future;
        Supplier<MaintenanceResult> run;
        synchronized (this) {
            future = slot.running;
            run = slot.run;
        }
        while (true) {
            try {
                future.complete(run.get());
            }
            catch (RuntimeException | Error ex) {
                log.warn("A requested run of {} failed", slot.table, ex);
                future.completeExceptionally(ex);
                if (ex instanceof VirtualMachineError fatal) {
                    throw fatal;
                }
            }
            synchronized (this) {
                if (slot.queued == null) {
                    slots.remove(slot.table);
                    return;
                }
                future = slot.running = slot.queued;
                run = slot.run = slot.queuedRun;
                slot.queued = null;
                slot.queuedRun = null;
            }
        }
    }

    /**
     * Takes no more requests, cancels the queued runs, interrupts the runs under way (each stops before its
     * next step and releases its lock) and waits for them up to {@code wait}.
     */
    void close(Duration wait) {
        List<Thread> running = new ArrayList<>();
        synchronized (this) {
            closed = true;
            for (Slot slot : slots.values()) {
                if (slot.queued != null) {
                    slot.queued.cancel(false);
                    slot.queued = null;
                    slot.queuedRun = null;
                }
                running.add(slot.thread);
            }
        }
        running.forEach(Thread::interrupt);
        long deadline = System.nanoTime() + wait.toNanos();
        for (Thread thread : running) {
            try {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** One table's run under way, and the one queued after it. */
    private static final class Slot {

        private final QualifiedName table;
        private CompletableFuture<MaintenanceResult> running;
        private Supplier<MaintenanceResult> run;
        private CompletableFuture<MaintenanceResult> queued;
        private Supplier<MaintenanceResult> queuedRun;
        private Thread thread;

        Slot(QualifiedName table, CompletableFuture<MaintenanceResult> running, Supplier<MaintenanceResult> run) {
            this.table = table;
            this.running = running;
            this.run = run;
        }
    }
}
