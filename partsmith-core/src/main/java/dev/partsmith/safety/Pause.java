package dev.partsmith.safety;

import java.time.Instant;
import java.util.Objects;

import dev.partsmith.catalog.QualifiedName;

/**
 * A pause of maintenance, switched on at run time ({@link MaintenancePauses}).
 *
 * @param table the paused table; {@code null} when every table is paused
 * @param since when the pause was switched on
 * @param reason what the operator said about it; {@code null} when nothing
 */
public record Pause(QualifiedName table, Instant since, String reason) {

    public Pause {
        Objects.requireNonNull(since, "since");
    }

    /** Whether this is the pause of every table rather than of one. */
    public boolean allTables() {
        return table == null;
    }

    /** What the pause means, for results, statuses and logs. */
    public String message() {
        return "maintenance of " + (allTables() ? "every table" : table.toString()) + " is paused since " + since
                + (reason == null ? "" : " (" + reason + ")");
    }
}
