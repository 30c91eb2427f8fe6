package dev.partsmith.safety;

import java.util.Locale;
import java.util.Objects;

/**
 * Why a safeguard held a run back, in part or whole: a pause, the replication-lag breaker, or a storage
 * limit. The result of the run carries it; statuses, health and meters render it.
 *
 * @param kind which safeguard
 * @param message what held the run back, with the limit, its value and what was measured, in the user's terms
 */
public record SafetyHold(Kind kind, String message) {

    public SafetyHold {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
    }

    /** The safeguards. */
    public enum Kind {
        /** Maintenance of the table is paused: nothing of the table was touched from then on. */
        PAUSED,
        /** A standby's replay lag is over the limit, or cannot be read: no DDL ran in the pass. */
        REPLICATION_LAG,
        /** The database is at or over its size limit: no partition was added to the table. */
        DATABASE_SIZE,
        /** The table would have more partitions attached than its limit: no partition was added to it. */
        MAX_PARTITIONS;

        /** The kind in lower case with dashes ({@code replication-lag}), for metric tags. */
        public String tag() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }
}
