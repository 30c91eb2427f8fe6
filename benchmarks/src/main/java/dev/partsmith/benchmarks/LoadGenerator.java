package dev.partsmith.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import javax.sql.DataSource;

/**
 * An open-loop insert load: inserts are scheduled at a fixed rate whatever happens to earlier ones,
 * and each latency is measured from its scheduled send time, so a stall is counted for every insert
 * that should have been sent during it (no coordinated omission). Rows go to the current month.
 */
final class LoadGenerator implements AutoCloseable {

    private static final String INSERT = "INSERT INTO public.events (id, created_at, device_id, reading, payload)"
            + " VALUES (?, now(), ?, ?, 'load')";

    private final DataSource dataSource;
    private final int rate;
    private final ExecutorService workers;
    private final Latencies latencies = new Latencies();
    private final AtomicLong ids = new AtomicLong(1_000_000_000L);
    private final AtomicLong failures = new AtomicLong();
    private final Thread dispatcher;
    private volatile boolean running = true;

    /**
     * @param dataSource a pool with at least {@code workers} connections
     * @param rate inserts per second
     */
    LoadGenerator(DataSource dataSource, int rate, int workers) {
        this.dataSource = dataSource;
        this.rate = rate;
        this.workers = Executors.newFixedThreadPool(workers, runnable -> {
            Thread thread = new Thread(runnable, "bench-insert");
            thread.setDaemon(true);
            return thread;
        });
        this.dispatcher = new Thread(this::dispatch, "bench-load");
        this.dispatcher.setDaemon(true);
    }

    void start() {
        dispatcher.start();
    }

    private void dispatch() {
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        long start = System.nanoTime();
        for (long i = 0; running; i++) {
            long due = start + i * interval;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            if (!running) {
                return;
            }
            workers.execute(() -> insert(due));
        }
    }

    private void insert(long due) {
        long id = ids.incrementAndGet();
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(INSERT)) {
            statement.setLong(1, id);
            statement.setInt(2, (int) (id % 1000));
            statement.setDouble(3, id % 97);
            statement.executeUpdate();
            latencies.record(System.nanoTime() - due);
        }
        catch (SQLException ex) {
            failures.incrementAndGet();
        }
    }

    /** Stops scheduling, waits for inserts still queued or running, and returns what was measured. */
    Latencies stop() {
        running = false;
        try {
            dispatcher.join(TimeUnit.SECONDS.toMillis(5));
            workers.shutdown();
            if (!workers.awaitTermination(2, TimeUnit.MINUTES)) {
                throw new IllegalStateException("inserts still running two minutes after the load stopped");
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping the load", ex);
        }
        latencies.failures(failures.get());
        return latencies;
    }

    @Override
    public void close() {
        running = false;
        workers.shutdownNow();
    }
}
