package dev.partsmith.autoconfigure.metrics;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;

import dev.partsmith.autoconfigure.MaintenanceRunner;
import dev.partsmith.autoconfigure.event.MaintenanceFinishedEvent;
import dev.partsmith.lifecycle.MaintenanceResult;
import dev.partsmith.status.Runway;
import dev.partsmith.status.TableStatus;

/**
 * partsmith's meters, all tagged with the table's key ({@code table}):
 * <ul>
 * <li>{@code partsmith.maintenance}: timer of maintenance runs, also tagged {@code outcome}
 * (success, failure, skipped);</li>
 * <li>{@code partsmith.partitions.created}, {@code .detached}, {@code .dropped}: counters of what runs did,
 * base unit {@code partitions};</li>
 * <li>{@code partsmith.maintenance.errors}: counter of the error issues of runs;</li>
 * <li>{@code partsmith.partitions}: gauge of attached partitions (DEFAULT not counted);</li>
 * <li>{@code partsmith.partitions.future}: gauge of partitions that start at or after now;</li>
 * <li>{@code partsmith.partitions.misaligned}: gauge of attached partitions, at any depth, without a valid index
 * attached to one of their parent's partitioned indexes or without one of its CHECK constraints;</li>
 * <li>{@code partsmith.partitions.runway}: time gauge of the time from now until the first instant no
 * partition covers (0 when none covers now, +Inf up to MAXVALUE), in the registry's base time unit
 * (seconds for Prometheus);</li>
 * <li>{@code partsmith.clock.skew}: time gauge of how far the planning clock is ahead of the database's
 * (negative: behind).</li>
 * </ul>
 * Counters and gauges are registered when the application starts (and when a table is added at run time; a
 * table removed at run time takes its meters with it) and read 0 until the first run.
 * Gauges are computed from the tree the last run left (and the clock), never by querying the
 * database when they are read. Each gauge is one value per table: read it with its {@code table} tag, since
 * Actuator's metrics endpoint adds up the values of all tables when no tag is given.
 */
public class PartsmithMetrics implements ApplicationListener<MaintenanceFinishedEvent>, Ordered {

    /**
     * Base unit of the partition counters. Besides saying what they count, it keeps their Prometheus names
     * apart from the {@code partsmith.partitions} gauge: Prometheus drops a {@code _created} suffix, so
     * {@code partsmith.partitions.created} alone would be exported as {@code partsmith_partitions_total} and
     * hide the gauge. With the unit it is {@code partsmith_partitions_created_partitions_total}, as Micrometer
     * does for Tomcat's {@code tomcat.sessions.created}.
     */
    private static final String PARTITIONS = "partitions";

    /** The meters of one table, removed with the table when it was added at run time. */
    private static final List<String> TABLE_METERS = List.of("partsmith.maintenance", "partsmith.partitions.created", "partsmith.partitions.detached",
            "partsmith.partitions.dropped", "partsmith.maintenance.errors", "partsmith.partitions", "partsmith.partitions.future",
            "partsmith.partitions.runway", "partsmith.partitions.runway.keys", "partsmith.clock.skew");

    private final MeterRegistry registry;
    private final MaintenanceRunner runner;
    private final Map<String, Counters> counters = new ConcurrentHashMap<>();

    public PartsmithMetrics(MeterRegistry registry, MaintenanceRunner runner) {
        this.registry = registry;
        this.runner = runner;
        runner.tables().all().forEach(table -> register(table.key()));
        runner.tables().registry().ifPresent(tables -> tables.addListener(runtimeTables -> tablesChanged()));
    }

    /** Registers the meters of a table added at run time, and removes those of a table removed. */
    private synchronized void tablesChanged() {
        List<String> keys = runner.tables().keys();
        keys.stream().filter(key -> !counters.containsKey(key)).forEach(this::register);
        List.copyOf(counters.keySet()).stream().filter(key -> !keys.contains(key)).forEach(this::remove);
    }

    private void remove(String key) {
        counters.remove(key);
        removeMeters(registry, TABLE_METERS, key);
    }

    /** Removes the meters of these names that are tagged with the table's key. */
    static void removeMeters(MeterRegistry registry, List<String> names, String key) {
        registry.getMeters().stream().filter(meter -> names.contains(meter.getId().getName()) && key.equals(meter.getId().getTag("table")))
                .toList().forEach(registry::remove);
    }

    private void register(String key) {
        counters.put(key, new Counters(counter("partsmith.partitions.created", PARTITIONS, key, "Partitions created and attached"),
                counter("partsmith.partitions.detached", PARTITIONS, key, "Partitions detached by retention"),
                counter("partsmith.partitions.dropped", PARTITIONS, key, "Detached partitions dropped"),
                counter("partsmith.maintenance.errors", null, key, "Errors of maintenance runs")));
        Gauge.builder("partsmith.partitions", runner, r -> attached(r, key))
                .description("Attached partitions of the table, DEFAULT not counted, as of the last run")
                .tag("table", key).strongReference(true).register(registry);
        Gauge.builder("partsmith.partitions.misaligned", runner, r -> misaligned(r, key))
                .description("Attached partitions without a valid index of their parent's partitioned indexes or without one of its"
                        + " CHECK constraints, as of the last run")
                .tag("table", key).strongReference(true).register(registry);
        Gauge.builder("partsmith.partitions.future", runner, r -> ahead(r, key))
                .description("Partitions that start at or after now, as of the last run")
                .tag("table", key).strongReference(true).register(registry);
        TimeGauge.builder("partsmith.partitions.runway", runner, TimeUnit.MILLISECONDS, r -> runwayMillis(r, key))
                .description("Time from now until the first instant no partition covers, of the table's time ranges, as of the last run: 0"
                        + " when none covers now, +Inf when the partitions reach MAXVALUE; NaN for a table without a time range")
                .tag("table", key).strongReference(true).register(registry);
        Gauge.builder("partsmith.partitions.runway.keys", runner, r -> runwayKeys(r, key))
                .description("Keys from the highest in use until the first key no partition covers, of an integer range, as of the last run:"
                        + " 0 when none covers it, +Inf when the partitions reach MAXVALUE; NaN for a table without an integer range")
                .baseUnit("keys").tag("table", key).strongReference(true).register(registry);
        TimeGauge.builder("partsmith.clock.skew", runner, TimeUnit.MILLISECONDS, r -> clockSkewMillis(r, key))
                .description("How far the planning clock was ahead of the database's (negative: behind), as of the last run")
                .tag("table", key).strongReference(true).register(registry);
    }

    private Counter counter(String name, String baseUnit, String key, String description) {
        return Counter.builder(name).description(description).baseUnit(baseUnit).tag("table", key).register(registry);
    }

    private static double attached(MaintenanceRunner runner, String key) {
        return runner.lastStatus(key).filter(status -> status.tree() != null).map(status -> status.tree().root().tablesOfRows()).orElse(0L);
    }

    private static double misaligned(MaintenanceRunner runner, String key) {
        return runner.lastStatus(key).map(TableStatus::misalignedPartitions).orElse(0L);
    }

    private static double ahead(MaintenanceRunner runner, String key) {
        return runner.lastStatus(key).map(TableStatus::partitionsAhead).orElse(0L);
    }

    /** The shortest runway of the table's time ranges: 0 when the table could not be read, NaN for a table without a time range. */
    private static double runwayMillis(MaintenanceRunner runner, String key) {
        return runner.lastStatus(key).map(status -> status.runways().stream().filter(Runway::time).map(runway -> runway.seconds() * 1000)
                .min(Double::compare).orElse(status.tree() == null ? 0.0 : Double.NaN)).orElse(0.0);
    }

    /** The shortest runway of the table's integer ranges. */
    private static double runwayKeys(MaintenanceRunner runner, String key) {
        return runner.lastStatus(key).flatMap(status -> status.runways().stream().filter(runway -> !runway.time())
                .map(runway -> runway.keys().isPresent() ? (double) runway.keys().getAsLong() : Double.POSITIVE_INFINITY).min(Double::compare))
                .orElse(Double.NaN);
    }

    private static double clockSkewMillis(MaintenanceRunner runner, String key) {
        return runner.lastStatus(key).filter(status -> status.clock() != null).map(status -> (double) status.clock().skew().toMillis())
                .orElse(0.0);
    }

    /** First among the listeners of a finished run, so that a listener that throws cannot keep a run out of the meters. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public void onApplicationEvent(MaintenanceFinishedEvent event) {
        MaintenanceResult result = event.result();
        String key = event.table().key();
        Timer.builder("partsmith.maintenance").description("Maintenance runs of the table")
                .tag("table", key).tag("outcome", result.outcome().tag()).register(registry).record(result.duration());
        Counters table = counters.get(key);
        if (table != null) {
            table.created.increment(result.createdCount());
            table.detached.increment(result.detachedCount());
            table.dropped.increment(result.droppedCount());
            table.errors.increment(result.errors().size());
        }
    }

    private record Counters(Counter created, Counter detached, Counter dropped, Counter errors) {
    }
}
