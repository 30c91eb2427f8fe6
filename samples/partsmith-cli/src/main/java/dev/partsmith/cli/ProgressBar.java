package dev.partsmith.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

import dev.partsmith.migration.CopyBatch;
import dev.partsmith.migration.MigrationListener;
import dev.partsmith.migration.MigrationRequest;
import dev.partsmith.migration.MigrationStep;

/**
 * A migration's progress on the standard error stream: a line per step, and during the copy a bar with the
 * rows copied, the rate of this call and the time left at that rate. On a terminal the bar is redrawn in
 * place; elsewhere (a log, a pipe) it is a line every ten seconds and one at the end of the copy.
 */
final class ProgressBar implements MigrationListener {

    private static final int WIDTH = 30;
    private static final long TERMINAL_REDRAW_NANOS = 200_000_000L;
    private static final long LOG_LINE_NANOS = 10_000_000_000L;

    private final PrintStream err;
    private final boolean terminal;
    private long copyStarted;
    private long copiedAtStart;
    private long lastDrawn;

    ProgressBar(PrintStream err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    @Override
    public void stepStarted(MigrationRequest request, MigrationStep step) {
        if (step == MigrationStep.COPY) {
            copyStarted = System.nanoTime();
            copiedAtStart = -1;
            lastDrawn = copyStarted;
        }
        err.println("partsmith-cli: " + request.table() + ": " + describe(step) + " ...");
    }

    @Override
    public void batchCopied(MigrationRequest request, CopyBatch batch) {
        long now = System.nanoTime();
        if (copiedAtStart < 0) {
            copiedAtStart = batch.copiedRows() - batch.rows();
        }
        boolean due = now - lastDrawn >= (terminal ? TERMINAL_REDRAW_NANOS : LOG_LINE_NANOS);
        if (!due && !batch.last()) {
            return;
        }
        lastDrawn = now;
        String line = line(batch, now - copyStarted);
        if (terminal) {
            err.print("\r" + line + (batch.last() ? System.lineSeparator() : ""));
            err.flush();
        }
        else {
            err.println(line);
        }
    }

    /** {@code [#######.......]  45%  450,000 / ~1,000,000 rows  52,300 rows/s  10s left}. */
    private String line(CopyBatch batch, long elapsedNanos) {
        long total = Math.max(batch.estimatedRows(), batch.copiedRows());
        double done = batch.last() || total == 0 ? 1 : (double) batch.copiedRows() / total;
        int filled = (int) Math.round(done * WIDTH);
        double seconds = elapsedNanos / 1e9;
        double rate = seconds <= 0 ? 0 : (batch.copiedRows() - copiedAtStart) / seconds;
        String left = batch.last() ? "done" : rate <= 0 ? "? left" : format(Duration.ofSeconds((long) ((total - batch.copiedRows()) / rate))) + " left";
        return String.format(Locale.ROOT, "[%s%s] %3d%%  %,d / ~%,d rows  %,.0f rows/s  %s", "#".repeat(filled), ".".repeat(WIDTH - filled),
                Math.round(done * 100), batch.copiedRows(), total, rate, left);
    }

    private static String format(Duration duration) {
        long seconds = duration.toSeconds();
        return seconds >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60)
                : seconds >= 60 ? String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60) : seconds + "s";
    }

    private static String describe(MigrationStep step) {
        return switch (step) {
            case CREATE_TWIN -> "creating the new table";
            case CREATE_PARTITIONS -> "creating its partitions";
            case INSTALL_SYNC -> "installing the sync trigger";
            case COPY -> "copying rows";
            case ANALYZE -> "analyzing the new table";
            case VERIFY -> "comparing the tables";
            case SWAP -> "swapping the names";
            case DONE -> "done";
        };
    }
}
