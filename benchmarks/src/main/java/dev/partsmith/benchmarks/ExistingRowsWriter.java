package dev.partsmith.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * An application that keeps changing the rows a table had before it was partitioned: at a fixed rate it
 * updates one of them or deletes one, each row at most once, and remembers what it did. Afterwards
 * {@link #check} reads the table and counts the updates that are not there and the deleted rows that
 * came back.
 */
final class ExistingRowsWriter implements AutoCloseable {

    private static final String UPDATE = "UPDATE public.events SET payload = ? WHERE id = ? RETURNING id";
    private static final String DELETE = "DELETE FROM public.events WHERE id = ? RETURNING id";

    private final DataSource dataSource;
    private final int rate;
    private final List<Long> ids;
    private final ScheduledExecutorService worker;
    private final Map<Long, String> updated = new ConcurrentHashMap<>();
    private final Set<Long> deleted = ConcurrentHashMap.newKeySet();
    private final AtomicLong next = new AtomicLong();
    private final AtomicLong missed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    /** @param firstId the existing rows have ids {@code firstId} to {@code firstId + rows - 1} */
    ExistingRowsWriter(DataSource dataSource, int rate, long firstId, int rows) {
        this.dataSource = dataSource;
        this.rate = rate;
        this.ids = new ArrayList<>(rows);
        for (long id = firstId; id < firstId + rows; id++) {
            ids.add(id);
        }
        Collections.shuffle(ids, new Random(5));
        this.worker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "bench-existing-rows");
            thread.setDaemon(true);
            return thread;
        });
    }

    void start() {
        worker.scheduleAtFixedRate(this::write, 0, TimeUnit.SECONDS.toNanos(1) / rate, TimeUnit.NANOSECONDS);
    }

    private void write() {
        int index = (int) next.getAndIncrement();
        if (index >= ids.size()) {
            return;
        }
        long id = ids.get(index);
        boolean delete = index % 3 == 0;
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(delete ? DELETE : UPDATE)) {
            String payload = "changed " + index;
            if (delete) {
                statement.setLong(1, id);
            }
            else {
                statement.setString(1, payload);
                statement.setLong(2, id);
            }
            try (ResultSet result = statement.executeQuery()) {
                if (!result.next()) {
                    missed.incrementAndGet();
                }
                else if (delete) {
                    deleted.add(id);
                }
                else {
                    updated.put(id, payload);
                }
            }
        }
        catch (SQLException ex) {
            failed.incrementAndGet();
        }
    }

    /** Stops writing and waits for the write under way. */
    void stop() {
        worker.shutdown();
        try {
            if (!worker.awaitTermination(2, TimeUnit.MINUTES)) {
                throw new IllegalStateException("changes of existing rows still running two minutes after they stopped");
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping the changes of existing rows", ex);
        }
    }

    /** Updates and deletes that were acknowledged. */
    long writes() {
        return updated.size() + deleted.size();
    }

    /** Updates or deletes that found no row although it existed, and writes that failed. */
    long missedOrFailed() {
        return missed.get() + failed.get();
    }

    /** Acknowledged updates the table does not show. */
    long lostUpdates(JdbcTemplate jdbc) {
        Map<Long, String> found = new ConcurrentHashMap<>();
        jdbc.query("SELECT id, payload FROM public.events WHERE id = ANY (?)", rs -> {
            found.put(rs.getLong(1), rs.getString(2));
        }, (Object) updated.keySet().toArray(Long[]::new));
        return updated.entrySet().stream().filter(entry -> !entry.getValue().equals(found.get(entry.getKey()))).count();
    }

    /** Acknowledged deletes whose row is back. */
    long undoneDeletes(JdbcTemplate jdbc) {
        Long back = jdbc.queryForObject("SELECT count(*) FROM public.events WHERE id = ANY (?)", Long.class, (Object) deleted.toArray(Long[]::new));
        return back == null ? 0 : back;
    }

    /** Rows deleted by acknowledged deletes. */
    long deleted() {
        return deleted.size();
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
