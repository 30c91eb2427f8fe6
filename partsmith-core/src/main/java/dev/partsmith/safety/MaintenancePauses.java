package dev.partsmith.safety;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.partsmith.catalog.QualifiedName;

/**
 * The kill switches: pauses of maintenance of one table or of every table, switched on and off at run
 * time. The maintainer asks right before each table and again before each operation of a table, so a
 * pause takes effect for a run already in progress too: a paused table is not touched once the pause
 * is on, though an operation already started finishes.
 *
 * <p>Pauses live in this object, in the memory of this process: they do not survive a restart and do
 * not reach other processes maintaining the same tables. Thread-safe.
 */
public final class MaintenancePauses {

    private static final Logger log = LoggerFactory.getLogger(MaintenancePauses.class);

    private final Clock clock;
    private final Map<QualifiedName, Pause> tables = new ConcurrentHashMap<>();
    private final AtomicReference<Pause> all = new AtomicReference<>();

    /** @param clock the clock that dates the pauses */
    public MaintenancePauses(Clock clock) {
        this.clock = clock;
    }

    /**
     * Pauses maintenance of {@code table} until {@link #resume} or {@link #resumeAll}; pausing a paused
     * table replaces its pause.
     *
     * @param reason shown with the pause; {@code null} or blank for none
     */
    public Pause pause(QualifiedName table, String reason) {
        Pause pause = new Pause(table, clock.instant(), text(reason));
        tables.put(table, pause);
        log.info("Paused: {}", pause.message());
        return pause;
    }

    /** Pauses maintenance of every table until {@link #resumeAll}; replaces an earlier pause of every table. */
    public Pause pauseAll(String reason) {
        Pause pause = new Pause(null, clock.instant(), text(reason));
        all.set(pause);
        log.info("Paused: {}", pause.message());
        return pause;
    }

    /**
     * Ends the pause of {@code table}. The pause of every table, when on, still holds the table.
     *
     * @return the pause that still holds the table, if any
     */
    public Optional<Pause> resume(QualifiedName table) {
        if (tables.remove(table) != null) {
            log.info("Resumed maintenance of {}", table);
        }
        return pauseOf(table);
    }

    /** Ends every pause: the pause of every table and those of single tables. */
    public void resumeAll() {
        boolean any = all.getAndSet(null) != null || !tables.isEmpty();
        tables.clear();
        if (any) {
            log.info("Resumed maintenance of every table");
        }
    }

    /** The pause holding {@code table}: its own, else the pause of every table; empty when it may be maintained. */
    public Optional<Pause> pauseOf(QualifiedName table) {
        Pause own = tables.get(table);
        return own != null ? Optional.of(own) : Optional.ofNullable(all.get());
    }

    private static String text(String reason) {
        return reason == null || reason.isBlank() ? null : reason.strip();
    }
}
