package dev.partsmith.sample;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Writes synthetic rows into {@code events} and {@code audit_log}, stamped with the time partsmith plans
 * with (the {@code partsmithClock} bean when there is one), so they land in the partitions partsmith
 * keeps ready. {@link SyntheticTraffic} calls it every second.
 */
@Component
public class SyntheticWriter {

    private static final String[] KINDS = { "page_view", "click", "signup", "purchase" };
    private static final String[] ACTIONS = { "login", "logout", "update_profile", "export" };

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public SyntheticWriter(JdbcTemplate jdbc, @Qualifier("partsmithClock") ObjectProvider<Clock> clock) {
        this.jdbc = jdbc;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    /** Inserts {@code rows} rows into each table, all stamped now. */
    public void write(int rows) {
        Timestamp now = Timestamp.from(Instant.now(clock).truncatedTo(ChronoUnit.MICROS));
        ThreadLocalRandom random = ThreadLocalRandom.current();
        List<Object[]> events = new ArrayList<>(rows);
        List<Object[]> audit = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            int user = random.nextInt(1, 1000);
            events.add(new Object[] { now, KINDS[random.nextInt(KINDS.length)],
                    "{\"user\": " + user + ", \"amount\": " + random.nextInt(0, 10_000) + "}" });
            audit.add(new Object[] { now, "user-" + user, ACTIONS[random.nextInt(ACTIONS.length)] });
        }
        jdbc.batchUpdate("INSERT INTO events (created_at, kind, payload) VALUES (?, ?, ?::jsonb)", events);
        jdbc.batchUpdate("INSERT INTO audit_log (logged_at, actor, action) VALUES (?, ?, ?)", audit);
    }
}
