package dev.partsmith.benchmarks;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

/**
 * A report that reads a relation and keeps its transaction open for a while: it holds ACCESS SHARE
 * on what it read (the parent and every partition, or only the DEFAULT partition) until it ends.
 */
final class LongReader {

    private final DataSource dataSource;
    private final String relation;
    private final Duration hold;
    private final CountDownLatch started = new CountDownLatch(1);
    private final CountDownLatch ended = new CountDownLatch(1);
    private final Thread thread;
    private volatile RuntimeException failure;

    LongReader(DataSource dataSource, String relation, Duration hold) {
        this.dataSource = dataSource;
        this.relation = relation;
        this.hold = hold;
        this.thread = new Thread(this::read, "bench-reader");
        this.thread.setDaemon(true);
    }

    /** Starts the reader and returns once its read holds its locks. */
    void start() {
        thread.start();
        await(started, "start");
    }

    private void read() {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + relation)) {
                rows.next();
            }
            started.countDown();
            Thread.sleep(hold.toMillis());
            connection.commit();
        }
        catch (SQLException ex) {
            failure = new IllegalStateException("the long reader of " + relation + " failed: " + ex.getMessage(), ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        finally {
            started.countDown();
            ended.countDown();
        }
    }

    /** Waits for the reader's transaction to end. */
    void awaitEnd() {
        await(ended, "end");
    }

    private void await(CountDownLatch latch, String what) {
        try {
            if (!latch.await(hold.toMillis() + 60_000, TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the long reader of " + relation + " did not " + what);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", ex);
        }
        if (failure != null) {
            throw failure;
        }
    }
}
