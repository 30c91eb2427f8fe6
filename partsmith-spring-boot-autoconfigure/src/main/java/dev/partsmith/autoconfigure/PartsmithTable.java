package dev.partsmith.autoconfigure;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.partsmith.catalog.PartitionTree;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.period.Period;

/**
 * One table partsmith maintains in this application, as configured under
 * {@code partsmith.tables.<key>}: its validated {@link TablePartitionConfig}, the runway health
 * expects, and its SQL hooks.
 */
public final class PartsmithTable {

    private final String key;
    private final TablePartitionConfig config;
    private final Duration minRunway;
    private final Map<HookPoint, List<SqlHookStatement>> sqlHooks;

    /**
     * @param key the key under {@code partsmith.tables}
     * @param config what partsmith keeps for the table
     * @param minRunway runway below which the table is unhealthy; {@code null} for one period
     * @param sqlHooks the SQL statements of each step
     */
    public PartsmithTable(String key, TablePartitionConfig config, Duration minRunway, Map<HookPoint, List<SqlHookStatement>> sqlHooks) {
        this.key = Objects.requireNonNull(key, "key");
        this.config = Objects.requireNonNull(config, "config");
        this.minRunway = minRunway;
        Map<HookPoint, List<SqlHookStatement>> hooks = new EnumMap<>(HookPoint.class);
        sqlHooks.forEach((point, statements) -> hooks.put(point, List.copyOf(statements)));
        this.sqlHooks = hooks;
    }

    /** The key under {@code partsmith.tables}; names the table in metrics, the endpoint and health. */
    public String key() {
        return key;
    }

    public TablePartitionConfig config() {
        return config;
    }

    /**
     * The table's granularity as it is written in the properties ({@code month}), or the simple name of
     * its {@code PeriodCalculator} when it has one of its own instead.
     */
    public String granularity() {
        return config.granularity().map(PropertyValues::of).orElse(config.periodCalculator().getClass().getSimpleName());
    }

    /**
     * The runway below which the table is unhealthy at {@code now}: {@code min-runway} when set,
     * else the length of the period that contains {@code now} in the table's zone.
     */
    public Duration minRunway(Instant now) {
        if (minRunway != null) {
            return minRunway;
        }
        Period current = config.periodCalculator().periodContaining(LocalDateTime.ofInstant(now, config.timezone()));
        return Duration.between(current.start().atZone(config.timezone()), current.end().atZone(config.timezone()));
    }

    /**
     * The table's runway at {@code now} as partsmith reports it (endpoint, health, CLI), to the whole second:
     * the time until the upper bound of {@code tree}'s last partition, negative once it passed; empty when
     * nothing covers the time ahead.
     */
    public Optional<Duration> runway(PartitionTree tree, Instant now) {
        return tree.runway(now, config.timezone()).map(exact -> exact.truncatedTo(ChronoUnit.SECONDS));
    }

    /** The SQL statements configured for a step, in order; empty when none. */
    public List<SqlHookStatement> sqlHooks(HookPoint point) {
        return sqlHooks.getOrDefault(point, List.of());
    }

    @Override
    public String toString() {
        return key + " (" + config.qualifiedName() + ")";
    }
}
