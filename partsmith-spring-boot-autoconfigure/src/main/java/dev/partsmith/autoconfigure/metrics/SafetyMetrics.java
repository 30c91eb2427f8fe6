package dev.partsmith.autoconfigure.metrics;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;

import dev.partsmith.autoconfigure.MaintenanceRunner;
import dev.partsmith.autoconfigure.event.MaintenanceFinishedEvent;
import dev.partsmith.safety.ReplicationLag;
import dev.partsmith.safety.SafetyHold;
import dev.partsmith.safety.Safeguards;

/**
 * The meters of partsmith's safeguards:
 * <ul>
 * <li>{@code partsmith.paused}: gauge per table ({@code table}), 1 while its maintenance is paused, else 0;</li>
 * <li>{@code partsmith.maintenance.held}: counter of the runs a safeguard held back, in part or whole, tagged
 * {@code table} and {@code reason} ({@code paused}, {@code replication-lag}, {@code database-size},
 * {@code max-partitions});</li>
 * <li>{@code partsmith.replication.lag}: time gauge of the replay lag of the standby furthest behind, as last
 * read before DDL (0 before the first reading or without standbys, NaN when the role may not read it), when
 * the breaker is on;</li>
 * <li>{@code partsmith.database.size}: gauge of the database's size in bytes as last read (NaN before the
 * first reading), when {@code max-database-size} is set.</li>
 * </ul>
 * Gauges never query the database when they are read. A table added at run time gets its meters when it is
 * added; a table removed at run time takes them with it.
 */
public class SafetyMetrics implements ApplicationListener<MaintenanceFinishedEvent>, Ordered {

    /** The meters of one table, removed with the table when it was added at run time. */
    private static final List<String> TABLE_METERS = List.of("partsmith.paused", "partsmith.maintenance.held");

    private final MeterRegistry registry;
    private final MaintenanceRunner runner;
    private final Map<String, Map<SafetyHold.Kind, Counter>> held = new ConcurrentHashMap<>();

    public SafetyMetrics(MeterRegistry registry, MaintenanceRunner runner) {
        this.registry = registry;
        this.runner = runner;
        Safeguards safeguards = runner.safeguards();
        runner.tables().keys().forEach(this::register);
        runner.tables().registry().ifPresent(tables -> tables.addListener(runtimeTables -> tablesChanged()));
        if (safeguards.limits().maxReplicationLag() != null) {
            TimeGauge.builder("partsmith.replication.lag", safeguards, TimeUnit.MILLISECONDS, SafetyMetrics::replicationLagMillis)
                    .description("Replay lag of the standby furthest behind, as last read before DDL").strongReference(true).register(registry);
        }
        if (safeguards.limits().maxDatabaseSize() != null) {
            Gauge.builder("partsmith.database.size", safeguards, s -> s.lastDatabaseSize().isPresent() ? s.lastDatabaseSize().getAsLong() : Double.NaN)
                    .description("Size of the database as last read before partitions were added").baseUnit("bytes").strongReference(true)
                    .register(registry);
        }
    }

    private void register(String key) {
        Gauge.builder("partsmith.paused", runner, r -> paused(r, key) ? 1 : 0)
                .description("1 while maintenance of the table is paused, else 0").tag("table", key).strongReference(true)
                .register(registry);
        Map<SafetyHold.Kind, Counter> counters = new EnumMap<>(SafetyHold.Kind.class);
        for (SafetyHold.Kind kind : SafetyHold.Kind.values()) {
            counters.put(kind, Counter.builder("partsmith.maintenance.held").description("Runs of the table a safeguard held back")
                    .tag("table", key).tag("reason", kind.tag()).register(registry));
        }
        held.put(key, counters);
    }

    /** Registers the meters of a table added at run time, and removes those of a table removed. */
    private synchronized void tablesChanged() {
        List<String> keys = runner.tables().keys();
        keys.stream().filter(key -> !held.containsKey(key)).forEach(this::register);
        List.copyOf(held.keySet()).stream().filter(key -> !keys.contains(key)).forEach(key -> {
            held.remove(key);
            PartsmithMetrics.removeMeters(registry, TABLE_METERS, key);
        });
    }

    private static boolean paused(MaintenanceRunner runner, String key) {
        return runner.tables().get(key).flatMap(table -> runner.safeguards().pauses().pauseOf(table.config().qualifiedName())).isPresent();
    }

    private static double replicationLagMillis(Safeguards safeguards) {
        return safeguards.lastReplicationLag().map(lag -> !lag.unreadable().isEmpty() ? Double.NaN
                : lag.furthestBehind().map(ReplicationLag.Standby::lag).map(duration -> (double) duration.toMillis()).orElse(0.0)).orElse(0.0);
    }

    /** First among the listeners of a finished run, with partsmith's other meters. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public void onApplicationEvent(MaintenanceFinishedEvent event) {
        Map<SafetyHold.Kind, Counter> counters = held.get(event.table().key());
        if (counters != null) {
            event.result().holds().forEach(hold -> counters.get(hold.kind()).increment());
        }
    }
}
