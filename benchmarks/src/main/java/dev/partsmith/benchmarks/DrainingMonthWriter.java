package dev.partsmith.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

/**
 * An application that keeps writing the month being drained out of DEFAULT: at a fixed rate it
 * updates one of that month's rows by id, or inserts a new row into that month. It counts the
 * updates that found no row (the row existed, so the update was lost) and the writes that failed
 * (an insert routed to DEFAULT refused once the partition was attached). A contender that moves rows
 * safely loses none and fails none.
 */
final class DrainingMonthWriter implements AutoCloseable {

    private static final String UPDATE = "UPDATE public.events SET reading = reading + 1 WHERE id = ? AND created_at >= ?::timestamptz"
            + " AND created_at < ?::timestamptz";
    private static final String INSERT = "INSERT INTO public.events (id, created_at, device_id, reading, payload) VALUES (?, ?, 0, 0, 'late')";

    private final DataSource dataSource;
    private final int rate;
    private final long rows;
    private final OffsetDateTime from;
    private final OffsetDateTime to;
    private final ScheduledExecutorService workers;
    private final AtomicLong ids = new AtomicLong(2_000_000_000L);
    private final AtomicLong updates = new AtomicLong();
    private final AtomicLong lostUpdates = new AtomicLong();
    private final AtomicLong inserts = new AtomicLong();
    private final AtomicLong failedWrites = new AtomicLong();

    /**
     * @param rows the month's rows have ids 1 to {@code rows}
     * @param from the month's first instant
     * @param to the next month's first instant
     */
    DrainingMonthWriter(DataSource dataSource, int rate, long rows, OffsetDateTime from, OffsetDateTime to) {
        this.dataSource = dataSource;
        this.rate = rate;
        this.rows = rows;
        this.from = from;
        this.to = to;
        this.workers = Executors.newScheduledThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "bench-drain-writer");
            thread.setDaemon(true);
            return thread;
        });
    }

    void start() {
        workers.scheduleAtFixedRate(this::write, 0, TimeUnit.SECONDS.toNanos(1) / rate, TimeUnit.NANOSECONDS);
    }

    private void write() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        try (Connection connection = dataSource.getConnection()) {
            if (random.nextBoolean()) {
                try (PreparedStatement update = connection.prepareStatement(UPDATE)) {
                    update.setLong(1, random.nextLong(1, rows + 1));
                    update.setObject(2, from);
                    update.setObject(3, to);
                    updates.incrementAndGet();
                    if (update.executeUpdate() == 0) {
                        lostUpdates.incrementAndGet();
                    }
                }
            }
            else {
                try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                    insert.setLong(1, ids.incrementAndGet());
                    insert.setObject(2, from.plusSeconds(random.nextLong(0, java.time.Duration.between(from, to).getSeconds())));
                    insert.executeUpdate();
                    inserts.incrementAndGet();
                }
            }
        }
        catch (SQLException ex) {
            failedWrites.incrementAndGet();
        }
    }

    /** Stops writing and waits for the writes under way. */
    void stop() {
        workers.shutdown();
        try {
            if (!workers.awaitTermination(2, TimeUnit.MINUTES)) {
                throw new IllegalStateException("writes into the draining month still running two minutes after they stopped");
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping the writes into the draining month", ex);
        }
    }

    long updates() {
        return updates.get();
    }

    long lostUpdates() {
        return lostUpdates.get();
    }

    /** Rows inserted into the month that the database accepted. */
    long inserts() {
        return inserts.get();
    }

    long failedWrites() {
        return failedWrites.get();
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
