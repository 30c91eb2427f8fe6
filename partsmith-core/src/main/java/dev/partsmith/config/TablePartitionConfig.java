package dev.partsmith.config;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
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
 * 63-byte limit, rather than truncated by PostgreSQL later.
 */
public final class TablePartitionConfig {

    /** PostgreSQL's identifier limit (NAMEDATALEN - 1), in bytes. */
    public static final int MAX_IDENTIFIER_BYTES = 63;

    /** The largest create-ahead count accepted: more would plan a hierarchy PostgreSQL handles badly. */
    public static final int MAX_CREATE_AHEAD = 1000;

    private static final Pattern MARKER_PREFIX = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,31}");

    private final String schema;
    private final String tableName;
    private final PartitionType partitionType;
    private final PartitionStrategy partitionStrategy;
    private final String partitionColumn;
    private final PartitionGranularity granularity;
    private final PeriodCalculator periodCalculator;
    private final int createAheadCount;
    private final Integer retentionCount;
    private final Duration dropGrace;
    private final ZoneId timezone;
    private final Duration lockTimeout;
    private final Duration retryBudget;
    private final String markerPrefix;
    private final PartitionAdoption adoption;
    private final Duration minRunway;
    private final Duration maxClockSkew;

    private TablePartitionConfig(Builder builder, PeriodCalculator calculator) {
        this.schema = builder.schema;
        this.tableName = builder.tableName;
        this.partitionType = builder.partitionType;
        this.partitionStrategy = builder.partitionStrategy;
        this.partitionColumn = builder.partitionColumn;
        this.granularity = builder.granularity;
        this.periodCalculator = calculator;
        this.createAheadCount = builder.createAheadCount;
        this.retentionCount = builder.retentionCount;
        this.dropGrace = builder.dropGrace;
        this.timezone = builder.timezone;
        this.lockTimeout = builder.lockTimeout;
        this.retryBudget = builder.retryBudget;
        this.markerPrefix = builder.markerPrefix;
        this.adoption = builder.adoption;
        this.minRunway = builder.minRunway;
        this.maxClockSkew = builder.maxClockSkew;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this config's values, to derive a changed copy. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.schema = schema;
        builder.tableName = tableName;
        builder.partitionType = partitionType;
        builder.partitionStrategy = partitionStrategy;
        builder.partitionColumn = partitionColumn;
        builder.granularity = granularity;
        builder.periodCalculator = granularity == null ? periodCalculator : null;
        builder.createAheadCount = createAheadCount;
        builder.retentionCount = retentionCount;
        builder.dropGrace = dropGrace;
        builder.timezone = timezone;
        builder.lockTimeout = lockTimeout;
        builder.retryBudget = retryBudget;
        builder.markerPrefix = markerPrefix;
        builder.adoption = adoption;
        builder.minRunway = minRunway;
        builder.maxClockSkew = maxClockSkew;
        return builder;
    }

    /** Schema of the parent table; partitions are created in it. Default {@code public}. */
    public String schema() {
        return schema;
    }

    /** The parent table's name, as stored in the catalog (no quoting needed or wanted). */
    public String tableName() {
        return tableName;
    }

    /** {@code schema} and {@code tableName} together. */
    public QualifiedName qualifiedName() {
        return new QualifiedName(schema, tableName);
    }

    public PartitionType partitionType() {
        return partitionType;
    }

    public PartitionStrategy partitionStrategy() {
        return partitionStrategy;
    }

    /** The range key column of the parent; checked against the catalog on every run. */
    public String partitionColumn() {
        return partitionColumn;
    }

    /** The built-in granularity, or empty when a custom {@link #periodCalculator()} was set. */
    public Optional<PartitionGranularity> granularity() {
        return Optional.ofNullable(granularity);
    }

    /** The calculator that cuts and names this table's periods. */
    public PeriodCalculator periodCalculator() {
        return periodCalculator;
    }

    /** Periods kept ready, counting the current one: 3 means this period and the next two. */
    public int createAheadCount() {
        return createAheadCount;
    }

    /**
     * Periods kept attached, counting the current one: 12 on a monthly table keeps this month and
     * the eleven before it. Empty: keep every partition.
     */
    public Optional<Integer> retentionCount() {
        return Optional.ofNullable(retentionCount);
    }

    /** How long a detached partition stays before it is dropped. Default zero: drop in the same run. */
    public Duration dropGrace() {
        return dropGrace;
    }

    /** The zone whose calendar cuts periods (midnights, months). Default UTC. */
    public ZoneId timezone() {
        return timezone;
    }

    /** {@code lock_timeout} of every DDL transaction. Default one second. */
    public Duration lockTimeout() {
        return lockTimeout;
    }

    /** Total time one DDL step may spend retrying after lock timeouts. Default 30 seconds. */
    public Duration retryBudget() {
        return retryBudget;
    }

    /** Start of the table COMMENT that marks partsmith's own tables. Default {@code partsmith}. */
    public String markerPrefix() {
        return markerPrefix;
    }

    /** Which attached partitions partsmith may retire. Default {@link PartitionAdoption#GRID}. */
    public PartitionAdoption adoption() {
        return adoption;
    }

    /**
     * The runway (time from now until the first instant no partition covers) below which the table is
     * reported as at risk: the set value, else the length of the period that contains {@code now} in
     * the table's zone.
     */
    public Duration minRunway(Instant now) {
        if (minRunway != null) {
            return minRunway;
        }
        Period current = periodCalculator.periodContaining(LocalDateTime.ofInstant(now, timezone));
        return Duration.between(current.start().atZone(timezone), current.end().atZone(timezone));
    }

    /**
     * How far the planning clock may be from the database's {@code now()} before partsmith stops
     * trusting it: beyond it, partitions are created up to the database's time only and nothing is
     * retired. Default five minutes.
     */
    public Duration maxClockSkew() {
        return maxClockSkew;
    }

    @Override
    public String toString() {
        return "TablePartitionConfig[" + qualifiedName() + ", column=" + partitionColumn + ", granularity="
                + (granularity == null ? periodCalculator.getClass().getSimpleName() : granularity)
                + ", createAhead=" + createAheadCount + ", retention=" + (retentionCount == null ? "forever" : retentionCount)
                + ", dropGrace=" + dropGrace + ", timezone=" + timezone + "]";
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
        private Duration lockTimeout = Duration.ofSeconds(1);
        private Duration retryBudget = Duration.ofSeconds(30);
        private String markerPrefix = "partsmith";
        private PartitionAdoption adoption = PartitionAdoption.GRID;
        private Duration minRunway;
        private Duration maxClockSkew = Duration.ofMinutes(5);

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

        public Builder lockTimeout(Duration lockTimeout) {
            this.lockTimeout = lockTimeout;
            return this;
        }

        public Builder retryBudget(Duration retryBudget) {
            this.retryBudget = retryBudget;
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

        public Builder maxClockSkew(Duration maxClockSkew) {
            this.maxClockSkew = maxClockSkew;
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
            if (lockTimeout == null || lockTimeout.isNegative() || lockTimeout.isZero() || lockTimeout.toMillis() < 1) {
                violations.add(new Violation("lockTimeout", String.valueOf(lockTimeout),
                        "must be at least 1 millisecond: DDL never waits for locks without a timeout"));
            }
            if (retryBudget == null || retryBudget.isNegative()) {
                violations.add(new Violation("retryBudget", String.valueOf(retryBudget), "must be zero or more"));
            }
            if (adoption == null) {
                violations.add(new Violation("adoption", null, "is required (GRID or BOUNDS)"));
            }
            if (minRunway != null && minRunway.isNegative()) {
                violations.add(new Violation("minRunway", minRunway.toString(),
                        "must be zero or more (zero: at risk only once no partition covers the present)"));
            }
            if (maxClockSkew == null || maxClockSkew.isNegative()) {
                violations.add(new Violation("maxClockSkew", String.valueOf(maxClockSkew), "must be zero or more"));
            }
            if (markerPrefix == null || !MARKER_PREFIX.matcher(markerPrefix).matches()) {
                violations.add(new Violation("markerPrefix", markerPrefix,
                        "must be 1 to 32 characters: a letter, then letters, digits, '_', '.' or '-'"));
            }
            if (calculator != null && tableName != null && !tableName.isEmpty()) {
                partitionNames(violations, calculator);
            }
            if (!violations.isEmpty()) {
                String table = tableName == null ? "" : (schema == null ? "" : schema + ".") + tableName;
                throw new InvalidPartitionConfigException(table, violations);
            }
            return new TablePartitionConfig(this, calculator);
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

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof TablePartitionConfig that)) {
            return false;
        }
        return createAheadCount == that.createAheadCount && schema.equals(that.schema) && tableName.equals(that.tableName)
                && partitionType == that.partitionType && partitionStrategy == that.partitionStrategy
                && partitionColumn.equals(that.partitionColumn) && granularity == that.granularity
                && (granularity != null || periodCalculator.equals(that.periodCalculator))
                && Objects.equals(retentionCount, that.retentionCount) && dropGrace.equals(that.dropGrace)
                && timezone.equals(that.timezone) && lockTimeout.equals(that.lockTimeout)
                && retryBudget.equals(that.retryBudget) && markerPrefix.equals(that.markerPrefix) && adoption == that.adoption
                && Objects.equals(minRunway, that.minRunway) && maxClockSkew.equals(that.maxClockSkew);
    }

    @Override
    public int hashCode() {
        return Objects.hash(schema, tableName, partitionColumn, granularity, createAheadCount, retentionCount, dropGrace, timezone);
    }
}
