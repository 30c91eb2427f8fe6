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

import dev.partsmith.Count;
import dev.partsmith.InvalidPartitionConfigException;
import dev.partsmith.InvalidPartitionConfigException.Violation;
import dev.partsmith.catalog.QualifiedName;
import dev.partsmith.period.Period;
import dev.partsmith.period.PeriodCalculator;

/**
 * What partsmith keeps for one partitioned table: the table, the {@link PartitionLevel levels} its
 * partition tree is split by, and how partitions are retired. Immutable; made with {@link #builder()},
 * which checks every field and refuses the whole config with an {@link InvalidPartitionConfigException}
 * listing each bad field. Names are refused here when a partition name could pass PostgreSQL's 63-byte
 * limit, rather than truncated by PostgreSQL later. Two configs are equal when every value is.
 *
 * <p>The builder describes the table's own level with the seed's fields ({@code partitionColumn} with
 * {@code granularity}, {@code createAheadCount}, {@code retentionCount}), or with an {@code interval},
 * {@code listValues} or a {@code hashModulus} instead of the granularity. {@code tenants} adds a LIST
 * level above it, one partition per tenant; {@code subpartitions} add levels below it.
 */
public final class TablePartitionConfig {

    /** PostgreSQL's identifier limit (NAMEDATALEN - 1), in bytes. */
    public static final int MAX_IDENTIFIER_BYTES = 63;

    /** The largest create-ahead count (and hash modulus) accepted: more would plan a hierarchy PostgreSQL handles badly. */
    public static final int MAX_CREATE_AHEAD = 1000;

    private static final Pattern MARKER_PREFIX = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,31}");

    /** Every value of a config, compared as a whole. */
    private record Values(String schema, String tableName, List<PartitionLevel> levels, int tableLevel, Duration dropGrace, ZoneId timezone,
            MaintenanceSettings settings, String markerPrefix, PartitionAdoption adoption, Duration minRunway) {
    }

    private final Values values;

    private TablePartitionConfig(Values values) {
        this.values = values;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this config's values, to derive a changed copy. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.schema = values.schema();
        builder.tableName = values.tableName();
        PartitionLevel own = tableLevel();
        builder.partitionColumn(own.column());
        if (own instanceof TimeLevel time) {
            builder.granularity(time.granularity()).periodCalculator(time.customCalculator()).epoch(time.epoch())
                    .createAheadCount(time.createAhead()).retentionCount(time.retention());
        }
        else if (own instanceof IntegerLevel integer) {
            builder.interval(integer.interval()).start(integer.start()).createAheadCount(integer.createAhead()).retentionCount(integer.retention());
        }
        else if (own instanceof ListLevel list) {
            builder.listValues(list.values()).retireWithRows(list.retireWithRows());
        }
        else if (own instanceof HashLevel hash) {
            builder.hashModulus(hash.modulus());
        }
        if (values.tableLevel() == 1) {
            ListLevel tenants = (ListLevel) values.levels().get(0);
            builder.tenantColumn = tenants.column();
            builder.tenants = tenants.values();
        }
        builder.subpartitions(values.levels().subList(values.tableLevel() + 1, values.levels().size()));
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

    /** The levels of the table's partition tree, the table's first: the tenants' level, if any, then the table's own, then its subpartitions. */
    public List<PartitionLevel> levels() {
        return values.levels();
    }

    /** The level the table's own fields describe (below the tenants' level, when there is one). */
    public PartitionLevel tableLevel() {
        return values.levels().get(values.tableLevel());
    }

    /** The tenants' level: one partition per tenant above the table's own level; empty without tenants. */
    public Optional<ListLevel> tenants() {
        return values.tableLevel() == 1 ? Optional.of((ListLevel) values.levels().get(0)) : Optional.empty();
    }

    /**
     * How the table is partitioned, level by level, as it is written in configuration: {@code month},
     * {@code interval 1000000}, {@code list (2 values)}, {@code hash 8}, {@code tenants (3 values) > day},
     * {@code month > hash 4}; a period calculator of the user's own by its simple name.
     */
    public String shape() {
        List<String> shape = new ArrayList<>();
        for (PartitionLevel level : values.levels()) {
            if (level instanceof TimeLevel time) {
                shape.add(time.granularityName());
            }
            else if (level instanceof IntegerLevel integer) {
                shape.add("interval " + integer.interval());
            }
            else if (level instanceof ListLevel list) {
                shape.add((tenants().filter(list::equals).isPresent() ? "tenants" : "list") + " (" + Count.of(list.values().size(), "value") + ")");
            }
            else if (level instanceof HashLevel hash) {
                shape.add("hash " + hash.modulus());
            }
        }
        return String.join(" > ", shape);
    }

    /** PostgreSQL's partitioning method of the table's own level. */
    public PartitionType partitionType() {
        return tableLevel().type();
    }

    /** How the table's own level cuts its partitions. */
    public PartitionStrategy partitionStrategy() {
        return tableLevel().strategy();
    }

    /** The column of the table's own level; checked against the catalog on every run. */
    public String partitionColumn() {
        return tableLevel().column();
    }

    /** The built-in granularity of the table's own level; empty when it is cut otherwise. */
    public Optional<PartitionGranularity> granularity() {
        return tableLevel() instanceof TimeLevel time ? Optional.ofNullable(time.granularity()) : Optional.empty();
    }

    /** The calculator that cuts and names the periods of the table's own level; {@code null} when it is not a time level. */
    public PeriodCalculator periodCalculator() {
        return tableLevel() instanceof TimeLevel time ? time.calculator() : null;
    }

    /** Slots the table's own level keeps ready, counting the current one: 3 means this period and the next two. 0 for a LIST or HASH level. */
    public int createAheadCount() {
        return tableLevel() instanceof RangeLevel range ? range.createAhead() : 0;
    }

    /**
     * Slots the table's own level keeps attached, counting the current one: 12 on a monthly table keeps
     * this month and the eleven before it. Empty: keep every partition.
     */
    public Optional<Integer> retentionCount() {
        return tableLevel() instanceof RangeLevel range ? range.retentionCount() : Optional.empty();
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

    /** The min-runway set for the table; empty when it was left to {@link #minRunway(Instant)}'s default. */
    public Optional<Duration> minRunwaySet() {
        return Optional.ofNullable(values.minRunway());
    }

    /**
     * The runway of a time level (time from now until the first instant no partition covers) below
     * which the table is reported as at risk: the set value, else the length of the period of the
     * table's first time level that contains {@code now} in the table's zone; zero without a time level.
     */
    public Duration minRunway(Instant now) {
        if (values.minRunway() != null) {
            return values.minRunway();
        }
        ZoneId zone = values.timezone();
        return values.levels().stream().filter(TimeLevel.class::isInstance).map(TimeLevel.class::cast).findFirst().map(time -> {
            Period current = time.calculator().periodContaining(LocalDateTime.ofInstant(now, zone));
            return Duration.between(current.start().atZone(zone), current.end().atZone(zone));
        }).orElse(Duration.ZERO);
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
        StringBuilder levels = new StringBuilder();
        for (PartitionLevel level : values.levels()) {
            levels.append(levels.isEmpty() ? "" : " > ").append(level.describe());
            if (level instanceof RangeLevel range) {
                levels.append(" (ahead ").append(range.createAhead()).append(", retention ")
                        .append(range.retentionCount().map(String::valueOf).orElse("forever")).append(')');
            }
        }
        return "TablePartitionConfig[" + qualifiedName() + ", " + levels + ", dropGrace=" + dropGrace() + ", timezone=" + timezone() + "]";
    }

    /** A level below the table's own: made already, or to be built with the config. */
    private record Sub(PartitionLevel level, PartitionLevel.Builder builder) {

        PartitionLevel build(String field, List<Violation> violations) {
            if (level == null && builder == null) {
                violations.add(new Violation(field.substring(0, field.length() - 1), null, "is required"));
                return null;
            }
            if (builder != null) {
                return builder.build(field, violations);
            }
            level.check(field, violations);
            return level;
        }
    }

    /**
     * Adds a violation of {@code field} to {@code violations} when the identifier is missing, holds a NUL, or passes
     * 63 bytes: the rule every name partsmith is given follows.
     */
    public static void identifier(List<Violation> violations, String field, String value) {
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

    private static int bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Collects values; {@link #build()} validates them all at once. */
    public static final class Builder {

        private String schema = "public";
        private String tableName;
        private PartitionType partitionType;
        private PartitionStrategy partitionStrategy;
        private final PartitionLevel.Builder own = PartitionLevel.builder();
        private String tenantColumn;
        private List<ListValue> tenants;
        private final List<Sub> subpartitions = new ArrayList<>();
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

        /** Declares the method of the table's own level; the build refuses a declaration the level's fields contradict. */
        public Builder partitionType(PartitionType partitionType) {
            this.partitionType = partitionType;
            return this;
        }

        /** Declares how the table's own level cuts; the build refuses a declaration the level's fields contradict. */
        public Builder partitionStrategy(PartitionStrategy partitionStrategy) {
            this.partitionStrategy = partitionStrategy;
            return this;
        }

        /** The column of the table's own level. */
        public Builder partitionColumn(String partitionColumn) {
            own.partitionColumn(partitionColumn);
            return this;
        }

        /** Calendar periods of this length for the table's own level. */
        public Builder granularity(PartitionGranularity granularity) {
            own.granularity(granularity);
            return this;
        }

        /** A calculator of your own; takes the place of {@link #granularity(PartitionGranularity)}. */
        public Builder periodCalculator(PeriodCalculator periodCalculator) {
            own.periodCalculator(periodCalculator);
            return this;
        }

        /** What the table's {@code bigint} time column counts; with a granularity only. */
        public Builder epoch(EpochUnit epoch) {
            own.epoch(epoch);
            return this;
        }

        /** Integer intervals of this many keys for the table's own level, instead of a granularity. */
        public Builder interval(Long interval) {
            own.interval(interval);
            return this;
        }

        /** Where integer intervals are aligned and an empty table starts; default 0. With an interval only. */
        public Builder start(Long start) {
            own.start(start);
            return this;
        }

        /** One partition per value for the table's own level (LIST), instead of a granularity. */
        public Builder listValues(List<ListValue> listValues) {
            own.listValues(listValues);
            return this;
        }

        /** One partition per value for the table's own level (LIST), instead of a granularity. */
        public Builder listValues(String... listValues) {
            own.listValues(listValues);
            return this;
        }

        /** Whether a removed list value's partition is retired even while it holds rows; default false. */
        public Builder retireWithRows(boolean retireWithRows) {
            own.retireWithRows(retireWithRows);
            return this;
        }

        /** This many partitions by hash for the table's own level, instead of a granularity. */
        public Builder hashModulus(Integer hashModulus) {
            own.hashModulus(hashModulus);
            return this;
        }

        public Builder createAheadCount(int createAheadCount) {
            own.createAheadCount(createAheadCount);
            return this;
        }

        /** Slots to keep, counting the current one; {@code null} keeps every partition. */
        public Builder retentionCount(Integer retentionCount) {
            own.retentionCount(retentionCount);
            return this;
        }

        /** The tenant column of a table with one partition per tenant above its own level. */
        public Builder tenantColumn(String tenantColumn) {
            this.tenantColumn = tenantColumn;
            return this;
        }

        /** The tenants, each getting its partitions of the table's own level; with {@link #tenantColumn}. */
        public Builder tenants(List<ListValue> tenants) {
            this.tenants = tenants == null ? null : List.copyOf(tenants);
            return this;
        }

        /** The levels below the table's own, in order, replacing any given before. */
        public Builder subpartitions(List<? extends PartitionLevel> subpartitions) {
            this.subpartitions.clear();
            subpartitions.forEach(this::subpartition);
            return this;
        }

        /** Adds a level below the table's own (and below those added before). */
        public Builder subpartition(PartitionLevel level) {
            this.subpartitions.add(new Sub(level, null));
            return this;
        }

        /** Adds a level below the table's own (and below those added before), checked when the config is built. */
        public Builder subpartition(PartitionLevel.Builder level) {
            this.subpartitions.add(new Sub(null, level));
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

        /** The runway of a time level below which the table is at risk; {@code null} for the length of one period. */
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
            PartitionLevel own = tableLevel(violations);
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
            List<PartitionLevel> levels = new ArrayList<>();
            List<String> fields = new ArrayList<>();
            ListLevel tenantLevel = tenantLevel(violations);
            if (tenantLevel != null) {
                levels.add(tenantLevel);
                fields.add("tenants");
            }
            if (own != null) {
                levels.add(own);
                fields.add("listValues");
            }
            for (int i = 0; i < subpartitions.size(); i++) {
                String field = "subpartitions[" + i + "].";
                PartitionLevel level = subpartitions.get(i).build(field, violations);
                if (level != null) {
                    levels.add(level);
                    fields.add(field + "listValues");
                }
            }
            if (own != null && levels.size() == fields.size()) {
                overrides(levels, fields, violations);
                if (tableName != null && !tableName.isEmpty()) {
                    partitionNames(levels, violations);
                }
            }
            if (!violations.isEmpty()) {
                String table = tableName == null ? "" : (schema == null ? "" : schema + ".") + tableName;
                throw new InvalidPartitionConfigException(table, violations);
            }
            return new TablePartitionConfig(new Values(schema, tableName, List.copyOf(levels), tenantLevel == null ? 0 : 1, dropGrace, timezone,
                    new MaintenanceSettings(lockTimeout, retryBudget, maxClockSkew), markerPrefix, adoption, minRunway));
        }

        /**
         * The table's own level from its fields, and its declared type and strategy checked against it:
         * the column's refusals first, then the declarations', then the rest of the level's.
         */
        private PartitionLevel tableLevel(List<Violation> violations) {
            List<Violation> levelViolations = new ArrayList<>();
            PartitionLevel level = own.build("", levelViolations);
            levelViolations.stream().filter(violation -> violation.field().equals("partitionColumn")).forEach(violations::add);
            PartitionType implied = own.type();
            if (partitionType != null && implied == null && partitionType != PartitionType.RANGE) {
                violations.add(new Violation("partitionType", partitionType.name(), "needs its level's values: listValues for LIST, a hashModulus"
                        + " for HASH"));
            }
            else if (partitionType != null && implied != null && partitionType != implied) {
                violations.add(new Violation("partitionType", partitionType.name(), "does not match the table's own level"
                        + (level == null ? "" : ", " + level.describe()) + ", which is " + implied));
            }
            if (partitionStrategy != null && level != null && partitionStrategy != level.strategy()) {
                violations.add(new Violation("partitionStrategy", partitionStrategy.name(), "does not match the table's own level, "
                        + level.describe() + ", which is " + level.strategy()));
            }
            levelViolations.stream().filter(violation -> !violation.field().equals("partitionColumn")).forEach(violations::add);
            return level;
        }

        private ListLevel tenantLevel(List<Violation> violations) {
            if (tenants == null && tenantColumn == null) {
                return null;
            }
            if (tenants == null || tenantColumn == null) {
                violations.add(new Violation(tenants == null ? "tenants" : "tenantColumn", null, "is required with "
                        + (tenants == null ? "tenantColumn" : "tenants") + ": tenants need their column, and a tenant column its tenants"));
                return null;
            }
            ListLevel level = new ListLevel(tenantColumn, tenants, false);
            List<Violation> own = new ArrayList<>();
            level.check("", own);
            own.forEach(violation -> violations.add(new Violation(violation.field().replace("listValues", "tenants").replace("partitionColumn",
                    "tenantColumn"), violation.value(), violation.reason().replace("value", "tenant"))));
            return level;
        }

        /** A value's counts only make sense over a range level. */
        private static void overrides(List<PartitionLevel> levels, List<String> fields, List<Violation> violations) {
            for (int i = 0; i < levels.size(); i++) {
                if (levels.get(i) instanceof ListLevel list && !(i + 1 < levels.size() && levels.get(i + 1) instanceof RangeLevel)) {
                    for (int v = 0; v < list.values().size(); v++) {
                        ListValue value = list.values().get(v);
                        if (value.createAhead() != null || value.retention() != null) {
                            violations.add(new Violation(fields.get(i) + "[" + v + "]", value.value(), "sets create-ahead or retention, which"
                                    + " only a range level right below its level has"));
                        }
                    }
                }
            }
        }

        private void partitionNames(List<PartitionLevel> levels, List<Violation> violations) {
            String name = tableName;
            for (PartitionLevel level : levels) {
                name = level.longestChildName(name);
            }
            int longest = bytes(name);
            if (longest > MAX_IDENTIFIER_BYTES) {
                violations.add(new Violation("tableName", tableName, "is too long for its partition names: '" + name + "' is "
                        + longest + " bytes, PostgreSQL allows " + MAX_IDENTIFIER_BYTES + " and would silently truncate it"));
            }
        }
    }
}
