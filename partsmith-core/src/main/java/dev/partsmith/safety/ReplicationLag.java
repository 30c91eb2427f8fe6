package dev.partsmith.safety;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.partsmith.Count;

/**
 * The replay lag of the physical standbys streaming from a server, read from {@code pg_stat_replication}
 * on that server (logical replication's senders are not standbys and are left out).
 *
 * <p>A standby's lag is zero while it has replayed everything the server has written
 * ({@code replay_lsn} at or past {@code pg_current_wal_lsn()}), whatever {@code replay_lag} still shows
 * from its last burst; otherwise it is {@code replay_lag}: how long ago the oldest write the standby has
 * not replayed was flushed, as the server measured it when the standby last reported (a standby reports
 * at least every {@code wal_receiver_status_interval}, 10 seconds by default). While replay stands still
 * (paused, or stuck behind a conflicting query) it grows with every report. A write too recent to have
 * been reported yet counts as zero.
 *
 * @param role the role the server was read as
 * @param standbys every standby connected to the server now; a standby that is not connected is not
 *        listed (watch its replication slot instead)
 */
public record ReplicationLag(String role, List<Standby> standbys) {

    public ReplicationLag {
        standbys = List.copyOf(standbys);
    }

    /** The standby the furthest behind, among those whose lag could be read. */
    public Optional<Standby> furthestBehind() {
        return standbys.stream().filter(Standby::readable).max(Comparator.comparing(Standby::lag));
    }

    /** Standbys whose lag the role may not read. */
    public List<Standby> unreadable() {
        return standbys.stream().filter(standby -> !standby.readable()).toList();
    }

    /**
     * Why no DDL may run now: a standby further behind than {@code max}, or a standby whose lag cannot be
     * read (a breaker that cannot see stays open); empty when every standby is within {@code max}.
     */
    Optional<SafetyHold> hold(Duration max) {
        List<Standby> unreadable = unreadable();
        if (!unreadable.isEmpty()) {
            return Optional.of(new SafetyHold(SafetyHold.Kind.REPLICATION_LAG, "replication lag: the role " + role + " may not read the replay"
                    + " lag of " + Count.of(unreadable.size(), "standby server") + " in pg_stat_replication ("
                    + unreadable.get(0).name() + "); it needs the privileges of pg_read_all_stats (GRANT pg_monitor TO " + role + "). No DDL runs"
                    + " on this server in this pass; grant it, or switch the breaker off with partsmith.safety.check-replication-lag=false"));
        }
        return furthestBehind().filter(standby -> standby.lag().compareTo(max) > 0).map(standby -> new SafetyHold(SafetyHold.Kind.REPLICATION_LAG,
                "replication lag: standby " + standby.name() + " is " + standby.lag() + " behind, more than partsmith.safety.max-replication-lag ("
                        + max + "); no DDL runs on this server in this pass, and the next pass tries again"));
    }

    /**
     * One standby.
     *
     * @param name its {@code application_name} and address, as the server knows it
     * @param lag how far its replay is behind (see {@link ReplicationLag}); {@code null} when the role may not read it
     */
    public record Standby(String name, Duration lag) {

        public Standby {
            Objects.requireNonNull(name, "name");
        }

        /** Whether its lag could be read. */
        public boolean readable() {
            return lag != null;
        }
    }
}
