package dev.partsmith.postgres;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import dev.partsmith.safety.ReplicationLag;
import dev.partsmith.safety.ServerProbe;

/**
 * Reads the state of the PostgreSQL server the {@link DataSource} connects to, for the safeguards: the
 * replay lag of its physical standbys from {@code pg_stat_replication}, and the database's size from
 * {@code pg_database_size}. Statistics views only, in a read-only transaction: no table is locked.
 *
 * <p>{@code pg_stat_replication} shows a standby's positions and lag only to roles with the privileges
 * of {@code pg_read_all_stats} (members of {@code pg_monitor}, superusers); to any other role its lag
 * reads as unknown. Senders of logical replication (their process holds a logical slot) are not standbys
 * and are left out, and so are senders that replay nothing ({@code pg_basebackup}, {@code pg_receivewal}).
 */
public class PostgresServerProbe implements ServerProbe {

    /**
     * One row per WAL sender: {@code state} (and all but {@code pid}) is null when the role may not see the
     * sender's details; {@code lag_millis} is zero when the standby has replayed everything written so far
     * (replay_lag is left over from its last burst then), else replay_lag (zero when not measured yet).
     */
    private static final String STANDBYS_SQL = """
            SELECT r.pid AS pid, r.application_name AS application_name, pg_catalog.host(r.client_addr) AS address,
                   r.state AS state, r.replay_lsn IS NOT NULL AS replays,
                   CASE WHEN r.replay_lsn >= w.lsn THEN 0
                        ELSE (EXTRACT(epoch FROM COALESCE(r.replay_lag, interval '0')) * 1000)::bigint
                   END AS lag_millis
            FROM pg_catalog.pg_stat_replication r
            CROSS JOIN (SELECT CASE WHEN pg_catalog.pg_is_in_recovery() THEN pg_catalog.pg_last_wal_replay_lsn()
                                    ELSE pg_catalog.pg_current_wal_lsn() END AS lsn) w
            WHERE NOT EXISTS (SELECT FROM pg_catalog.pg_replication_slots s WHERE s.active_pid = r.pid AND s.slot_type = 'logical')
            ORDER BY r.pid
            """;

    private final PostgresSession session;

    public PostgresServerProbe(DataSource dataSource) {
        this.session = new PostgresSession(dataSource);
    }

    @Override
    public ReplicationLag replicationLag() {
        return session.reading(jdbc -> {
            String role = jdbc.queryForObject("SELECT pg_catalog.quote_ident(current_user)", String.class);
            List<ReplicationLag.Standby> standbys = new ArrayList<>();
            jdbc.query(STANDBYS_SQL, rs -> {
                String name = name(rs.getString("application_name"), rs.getString("address"), rs.getInt("pid"));
                if (rs.getString("state") == null) {
                    standbys.add(new ReplicationLag.Standby(name, null));
                }
                else if (rs.getBoolean("replays")) {
                    standbys.add(new ReplicationLag.Standby(name, Duration.ofMillis(rs.getLong("lag_millis"))));
                }
            });
            return new ReplicationLag(role, standbys);
        });
    }

    /** {@code walreceiver (127.0.0.1)}; the process id when the sender's name and address are hidden or empty. */
    private static String name(String applicationName, String address, int pid) {
        String name = applicationName == null || applicationName.isEmpty() ? "with process id " + pid : "'" + applicationName + "'";
        return address == null ? name : name + " (" + address + ")";
    }

    @Override
    public long databaseSize() {
        return session.reading(jdbc -> jdbc.queryForObject("SELECT pg_catalog.pg_database_size(pg_catalog.current_database())", Long.class));
    }
}
