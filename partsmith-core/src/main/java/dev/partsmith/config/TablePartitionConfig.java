package dev.partsmith.config;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.partsmith.InvalidPartitionConfigException;
import dev.partsmith.InvalidPartitionConfigException.Violation;
import dev.partsmith.catalog.QualifiedName;
import dev.partsmith.period.Period;
import dev.partsmith.period.PeriodCalculator;

/**
 * What partsmith keeps for one partitioned table. Immutable; made with {@link #builder()}, which
 * checks every field and refuses the whole config with an {@link InvalidPartitionConfigException}
 * listing each bad field. Names are refused here when a partition name would pass PostgreSQL's
 * 63-byte limit, rather than truncated by PostgreSQL later. Two configs are equal when every value is.
 */
public final class TablePartitionConfig {

    /** PostgreSQL's identifier limit (NAMEDATALEN - 1), in bytes. */
    public static final int MAX_IDENTIFIER_BYTES = 63;

    /** The largest create-ahead count accepted: more would plan a hierarchy PostgreSQL handles badly. */
    public static final int MAX_CREATE_AHEAD = 1000;

    private static final Pattern MARKER_PREFIX = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,31}");

    /**
     * Every value of a config, compared as a whole. The calculator is part of it only when it is a
     * custom one: a granularity's calculator follows from the granularity.
     */
    private record Values(String schema, String tableName, PartitionType partitionType, PartitionStrategy partitionStrategy,
            String partitionColumn, PartitionGranularity granularity, PeriodCalculator customCalculator, int createAheadCount,
            Integer retentionCount, Duration dropGrace, ZoneId timezone, MaintenanceSettings settings, String markerPrefix,
            PartitionAdoption adoption, Duration minRunway) {
    }

    private final Values values;
    private final PeriodCalculator periodCalculator;

    private TablePartitionConfig(Values values, PeriodCalculator periodCalculator) {
        this.values = values;
        this.periodCalculator = periodCalculator;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this config's values, to derive a changed copy. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.schema = values.schema();
        builder.tableName = values.tableName();
        builder.partitionType = values.partitionType();
        builder.partitionStrategy = values.partitionStrategy();
        builder.partitionColumn = values.partitionColumn();
        builder.granularity = values.granularity();
        builder.periodCalculator = values.customCalculator();
        builder.createAheadCount = values.createAheadCount();
        builder.retentionCount = values.retentionCount();
        builder.dropGrace = values.dropGrace();
        builder.timezone = values.timezone();
        builder.settings(values.settings());
        builder.markerPrefix = values.markerPrefix();
        builder.adoption = values.adoption();
        builder.minRunway = values.minRunway();
        return builder;
    }

    /** Schema of the parent table; partitions are created in it. Default {@code public}. */
    public String schema() {
        return values.schema();
    }

    /** The parent table's name, as stored in the catalog (no quoting needed or wanted). */
    public String tableName() {
        return values.tableName();
    }

    /** {@code schema} and {@code tableName} together. */
    public QualifiedName qualifiedName() {
        return new QualifiedName(values.schema(), values.tableName());
    }

    public PartitionType partitionType() {
        return values.partitionType();
    }

    public PartitionStrategy partitionStrategy() {
        return values.partitionStrategy();
    }

    /** The range key column of the parent; checked against the catalog on every run. */
    public String partitionColumn() {
        return values.partitionColumn();
    }

    /** The built-in granularity, or empty when a custom {@link #periodCalculator()} was set. */
    public Optional<PartitionGranularity> granularity() {
        return Optional.ofNullable(values.granularity());
    }

    /** The calculator that cuts and names this table's periods. */
    public PeriodCalculator periodCalculator() {
        return periodCalculator;
    }

    /** Periods kept ready, counting the current one: 3 means this period and the next two. */
    public int createAheadCount() {
        return values.createAheadCount();
    }

    /**
     * Periods kept attached, counting the current one: 12 on a monthly table keeps this month and
     * the eleven before it. Empty: keep every partition.
     */
    public Optional<Integer> retentionCount() {
        return Optional.ofNullable(values.retentionCount());
    }

    /** How long a detached partition stays before it is dropped. Default zero: drop in the same run. */
    public Duration dropGrace() {
        return values.dropGrace();
    }

    /** The zone whose calendar cuts periods (midnights, months). Default UTC. */
    public ZoneId timezone() {
        return values.timezone();
    }

    /** The settings shared with the other tables: lock timeout, retry budget, clock skew. */
    public MaintenanceSettings settings() {
        return values.settings();
    }

    /** {@code lock_timeout} of every DDL transaction. Default one second. */
    public Duration lockTimeout() {
        return values.settings().lockTimeout();
    }

    /** Total time one DDL step may spend retrying after lock timeouts. Default 30 seconds. */
    public Duration retryBudget() {
        return values.settings().retryBudget();
    }

    /**
     * How far the planning clock may be from the database's {@code now()} before partsmith stops
     * trusting it: beyond it, partitions are created up to the database's time only and nothing is
     * retired. Default five minutes.
     */
    public Duration maxClockSkew() {
        return values.settings().maxClockSkew();
    }

    /** Start of the table COMMENT that marks partsmith's own tables. Default {@code partsmith}. */
    public String markerPrefix() {
        return values.markerPrefix();
    }

    /** Which attached partitions partsmith may retire. Default {@link PartitionAdoption#GRID}. */
    public PartitionAdoption adoption() {
        return values.adoption();
    }

    /**
     * The runway (time from now until the first instant no partition covers) below which the table is
     * reported as at risk: the set value, else the length of the period that contains {@code now} in
     * the table's zone.
     */
    public Duration minRunway(Instant now) {
        if (values.minRunway() != null) {
            return values.minRunway();
        }
        ZoneId zone = values.timezone();
        Period current = periodCalculator.periodContaining(LocalDateTime.ofInstant(now, zone));
        return Duration.between(current.start().atZone(zone), current.end().atZone(zone));
    }

    @Override
    public boolean equals(Object other) {
        return this == other || other instanceof TablePartitionConfig that && values.equals(that.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return "TablePartitionConfig[" + qualifiedName() + ", column=" + partitionColumn() + ", granularity="
                + granularity().map(Enum::name).orElse(periodCalculator.getClass().getSimpleName()) + ", createAhead=" + createAheadCount()
                + ", retention=" + retentionCount().map(String::valueOf).orElse("forever") + ", dropGrace=" + dropGrace() + ", timezone="
                + timezone() + "]";
    }

    /** Collects values; {@link #build()} validates them all at once. */
    public static final class Builder {

        private String schema = "public";
        private String tableName;
        private PartitionType partitionType = PartitionType.RANGE;
        private PartitionStrategy partitionStrategy = PartitionStrategy.TIME_BASED;
        private String partitionColumn;
        private PartitionGranularity granularity;
        private PeriodCalculator periodCalculator;
        private int createAheadCount = 3;
        private Integer retentionCount;
        private Duration dropGrace = Duration.ZERO;
        private ZoneId timezone = ZoneOffset.UTC;
        private Duration lockTimeout = MaintenanceSettings.DEFAULTS.lockTimeout();
        private Duration retryBudget = MaintenanceSettings.DEFAULTS.retryBudget();
        private Duration maxClockSkew = MaintenanceSettings.DEFAULTS.maxClockSkew();
        private String markerPrefix = "partsmith";
        private PartitionAdoption adoption = PartitionAdoption.GRID;
        private Duration minRunway;

        private Builder() {
        }

        public Builder schema(String schema) {
            this.schema = schema;
            return this;
        }

        public Builder tableName(String tableName) {
            this.tableName = tableName;
            return this;
        }

        public Builder partitionType(PartitionType partitionType) {
            this.partitionType = partitionType;
            return this;
        }

        public Builder partitionStrategy(PartitionStrategy partitionStrategy) {
            this.partitionStrategy = partitionStrategy;
            return this;
        }

        public Builder partitionColumn(String partitionColumn) {
            this.partitionColumn = partitionColumn;
            return this;
        }

        public Builder granularity(PartitionGranularity granularity) {
            this.granularity = granularity;
            return this;
        }

        /** A calculator of your own; takes the place of {@link #granularity(PartitionGranularity)}. */
        public Builder periodCalculator(PeriodCalculator periodCalculator) {
            this.periodCalculator = periodCalculator;
            return this;
        }

        public Builder createAheadCount(int createAheadCount) {
            this.createAheadCount = createAheadCount;
            return this;
        }

        /** Periods to keep, counting the current one; {@code null} keeps every partition. */
        public Builder retentionCount(Integer retentionCount) {
            this.retentionCount = retentionCount;
            return this;
        }

        public Builder dropGrace(Duration dropGrace) {
            this.dropGrace = dropGrace;
            return this;
        }

        public Builder timezone(ZoneId timezone) {
            this.timezone = timezone;
            return this;
        }

        /** The settings shared with the other tables, checked already. */
        public Builder settings(MaintenanceSettings settings) {
            this.lockTimeout = settings.lockTimeout();
            this.retryBudget = settings.retryBudget();
            this.maxClockSkew = settings.maxClockSkew();
            return this;
        }

        public Builder lockTimeout(Duration lockTimeout) {
            this.lockTimeout = lockTimeout;
            return this;
        }

        public Builder retryBudget(Duration retryBudget) {
            this.retryBudget = retryBudget;
            return this;
        }

        public Builder maxClockSkew(Duration maxClockSkew) {
            this.maxClockSkew = maxClockSkew;
            return this;
        }

        public Builder markerPrefix(String markerPrefix) {
            this.markerPrefix = markerPrefix;
            return this;
        }

        public Builder adoption(PartitionAdoption adoption) {
            this.adoption = adoption;
            return this;
        }

        /** The runway below which the table is at risk; {@code null} for the length of one period. */
        public Builder minRunway(Duration minRunway) {
            this.minRunway = minRunway;
            return this;
        }

        /**
         * Validates every field and builds the config.
         *
         * @throws InvalidPartitionConfigException naming each refused field
         */
        public TablePartitionConfig build() {
            List<Violation> violations = new ArrayList<>();
            identifier(violations, "schema", schema);
            identifier(violations, "tableName", tableName);
            identifier(violations, "partitionColumn", partitionColumn);
            if (partitionType != PartitionType.RANGE) {
                violations.add(new Violation("partitionType", String.valueOf(partitionType), "must be RANGE: partsmith manages range partitioning"));
            }
            if (partitionStrategy != PartitionStrategy.TIME_BASED) {
                violations.add(new Violation("partitionStrategy", String.valueOf(partitionStrategy), "must be TIME_BASED"));
            }
            if (granularity != null && periodCalculator != null) {
                violations.add(new Violation("granularity", granularity.name(), "must not be set together with periodCalculator"));
            }
            PeriodCalculator calculator = periodCalculator != null ? periodCalculator : granularity == null ? null : granularity.calculator();
            if (calculator == null) {
                violations.add(new Violation("granularity", null, "is required (one of HOUR, DAY, WEEK, MONTH, QUARTER, YEAR), unless a periodCalculator is set"));
            }
            if (createAheadCount < 1 || createAheadCount > MAX_CREATE_AHEAD) {
                violations.add(new Violation("createAheadCount", String.valueOf(createAheadCount),
                        "must be between 1 and " + MAX_CREATE_AHEAD + " (it counts the current period)"));
            }
            if (retentionCount != null && retentionCount < 1) {
                violations.add(new Violation("retentionCount", String.valueOf(retentionCount),
                        "must be at least 1 (it counts the current period), or unset to keep every partition"));
            }
            if (dropGrace == null || dropGrace.isNegative()) {
                violations.add(new Violation("dropGrace", String.valueOf(dropGrace), "must be zero or more"));
            }
            if (timezone == null) {
                violations.add(new Violation("timezone", null, "is required"));
            }
            violations.addAll(MaintenanceSettings.violations(lockTimeout, retryBudget, maxClockSkew));
            if (markerPrefix == null || !MARKER_PREFIX.matcher(markerPrefix).matches()) {
                violations.add(new Violation("markerPrefix", markerPrefix,
                        "must be 1 to 32 characters: a letter, then letters, digits, '_', '.' or '-'"));
            }
            if (adoption == null) {
                violations.add(new Violation("adoption", null, "is required (GRID or BOUNDS)"));
            }
            if (minRunway != null && minRunway.isNegative()) {
                violations.add(new Violation("minRunway", minRunway.toString(),
                        "must be zero or more (zero: at risk only once no partition covers the present)"));
            }
            if (calculator != null && tableName != null && !tableName.isEmpty()) {
                partitionNames(violations, calculator);
            }
            if (!violations.isEmpty()) {
                String table = tableName == null ? "" : (schema == null ? "" : schema + ".") + tableName;
                throw new InvalidPartitionConfigException(table, violations);
            }
            Values values = new Values(schema, tableName, partitionType, partitionStrategy, partitionColumn, granularity,
                    granularity == null ? calculator : null, createAheadCount, retentionCount, dropGrace, timezone,
                    new MaintenanceSettings(lockTimeout, retryBudget, maxClockSkew), markerPrefix, adoption, minRunway);
            return new TablePartitionConfig(values, calculator);
        }

        private static void identifier(List<Violation> violations, String field, String value) {
            if (value == null || value.isEmpty()) {
                violations.add(new Violation(field, null, "is required"));
            }
            else if (value.indexOf('\0') >= 0) {
                violations.add(new Violation(field, value.replace("\0", "\\0"), "must not contain a NUL character"));
            }
            else if (bytes(value) > MAX_IDENTIFIER_BYTES) {
                violations.add(new Violation(field, value, "is " + bytes(value) + " bytes long; PostgreSQL names hold at most "
                        + MAX_IDENTIFIER_BYTES + " bytes"));
            }
        }

        private void partitionNames(List<Violation> violations, PeriodCalculator calculator) {
            // The longest labels the calendar produces are in the years 1000-9999; sample both ends.
            int longest = 0;
            String example = null;
            for (LocalDateTime sample : List.of(LocalDateTime.of(2000, 12, 31, 23, 0), LocalDateTime.of(9999, 12, 27, 23, 0))) {
                String name = calculator.formatPartitionName(tableName, calculator.periodContaining(sample));
                if (bytes(name) > longest) {
                    longest = bytes(name);
                    example = name;
                }
            }
            if (longest > MAX_IDENTIFIER_BYTES) {
                violations.add(new Violation("tableName", tableName, "is too long for its partition names: '" + example + "' is "
                        + longest + " bytes, PostgreSQL allows " + MAX_IDENTIFIER_BYTES + " and would silently truncate it"));
            }
        }

        private static int bytes(String value) {
            return value.getBytes(StandardCharsets.UTF_8).length;
        }
    }
}
