package dev.partsmith.config;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import dev.partsmith.InvalidPartitionConfigException;
import dev.partsmith.InvalidPartitionConfigException.Violation;
import dev.partsmith.period.PeriodCalculator;

/**
 * One level of a managed table's partition tree: the column the level splits on and how. The table
 * itself is split by its first level; each partition of a level is split by the next, down to the
 * last level, whose partitions hold the rows. A partition's name is its parent's name, two
 * underscores, and what it holds at its level ({@code events__2024_03}, {@code events__eu},
 * {@code events__h3}, {@code orders__p3000000}; {@code events__eu__2026_12_01} one level down).
 */
public sealed interface PartitionLevel permits RangeLevel, ListLevel, HashLevel {

    /** The column the level splits on. */
    String column();

    /** PostgreSQL's partitioning method of the level. */
    PartitionType type();

    /** How the level cuts: by time, by integer key, by value, by hash. */
    PartitionStrategy strategy();

    /** The level in a few words, for messages: {@code month ranges of created_at}. */
    String describe();

    /**
     * The longest name a partition of this level can get under a table named {@code parentName}:
     * what the 63-byte check of names is made with.
     */
    String longestChildName(String parentName);

    /** The longest of {@code names} in UTF-8 bytes, as PostgreSQL counts a name's length. */
    static String longestInBytes(Stream<String> names) {
        return names.max(Comparator.comparingInt(name -> name.getBytes(StandardCharsets.UTF_8).length)).orElseThrow();
    }

    /** Adds what is wrong with this level's values to {@code violations}, each field prefixed with {@code field}. */
    void check(String field, List<Violation> violations);

    /** A builder of any level: a column and one of a granularity, an interval, list values or a hash modulus. */
    static Builder builder() {
        return new Builder();
    }

    /**
     * Collects a level's values; {@link #build()} makes the level they describe: a {@link TimeLevel}
     * for a granularity or period calculator, an {@link IntegerLevel} for an interval, a
     * {@link ListLevel} for list values, a {@link HashLevel} for a hash modulus. Exactly one of these.
     */
    final class Builder {

        private String partitionColumn;
        private PartitionGranularity granularity;
        private PeriodCalculator periodCalculator;
        private EpochUnit epoch;
        private Long interval;
        private Long start;
        private List<ListValue> listValues;
        private boolean retireWithRows;
        private Integer hashModulus;
        private int createAheadCount = 3;
        private Integer retentionCount;

        private Builder() {
        }

        /** The column the level splits on. */
        public Builder partitionColumn(String partitionColumn) {
            this.partitionColumn = partitionColumn;
            return this;
        }

        /** Calendar periods of this length. */
        public Builder granularity(PartitionGranularity granularity) {
            this.granularity = granularity;
            return this;
        }

        /** A calculator of your own; takes the place of {@link #granularity(PartitionGranularity)}. */
        public Builder periodCalculator(PeriodCalculator periodCalculator) {
            this.periodCalculator = periodCalculator;
            return this;
        }

        /** What a {@code bigint} time column counts; with a granularity only. */
        public Builder epoch(EpochUnit epoch) {
            this.epoch = epoch;
            return this;
        }

        /** Integer intervals of this many keys, instead of a granularity. */
        public Builder interval(Long interval) {
            this.interval = interval;
            return this;
        }

        /** Where integer intervals are aligned and an empty table starts; default 0. With an interval only. */
        public Builder start(Long start) {
            this.start = start;
            return this;
        }

        /** One partition per value (LIST), instead of a granularity. */
        public Builder listValues(List<ListValue> listValues) {
            this.listValues = listValues == null ? null : List.copyOf(listValues);
            return this;
        }

        /** One partition per value (LIST), instead of a granularity. */
        public Builder listValues(String... listValues) {
            return listValues(Arrays.stream(listValues).map(ListValue::of).toList());
        }

        /** Whether a removed list value's partition is retired even while it holds rows; default false. */
        public Builder retireWithRows(boolean retireWithRows) {
            this.retireWithRows = retireWithRows;
            return this;
        }

        /** This many partitions by hash, instead of a granularity. */
        public Builder hashModulus(Integer hashModulus) {
            this.hashModulus = hashModulus;
            return this;
        }

        /** Slots kept ready, counting the current one; default 3. For a range level. */
        public Builder createAheadCount(int createAheadCount) {
            this.createAheadCount = createAheadCount;
            return this;
        }

        /** Slots kept attached, counting the current one; {@code null} (the default) keeps every partition. For a range level. */
        public Builder retentionCount(Integer retentionCount) {
            this.retentionCount = retentionCount;
            return this;
        }

        /**
         * Validates the values and builds the level.
         *
         * @throws InvalidPartitionConfigException naming each refused field
         */
        public PartitionLevel build() {
            List<Violation> violations = new ArrayList<>();
            PartitionLevel level = build("", violations);
            if (!violations.isEmpty()) {
                throw new InvalidPartitionConfigException("", violations);
            }
            return level;
        }

        /** The method the values describe, when they describe exactly one. */
        PartitionType type() {
            List<String> shapes = shapes();
            if (shapes.size() != 1) {
                return null;
            }
            return switch (shapes.get(0)) {
                case "listValues" -> PartitionType.LIST;
                case "hashModulus" -> PartitionType.HASH;
                default -> PartitionType.RANGE;
            };
        }

        private List<String> shapes() {
            List<String> shapes = new ArrayList<>();
            if (granularity != null || periodCalculator != null) {
                shapes.add(granularity != null ? "granularity" : "periodCalculator");
            }
            if (interval != null) {
                shapes.add("interval");
            }
            if (listValues != null) {
                shapes.add("listValues");
            }
            if (hashModulus != null) {
                shapes.add("hashModulus");
            }
            return shapes;
        }

        /** The level, or {@code null} when its values are refused; every refusal is added to {@code violations}, fields prefixed with {@code field}. */
        PartitionLevel build(String field, List<Violation> violations) {
            TablePartitionConfig.identifier(violations, field + "partitionColumn", partitionColumn);
            boolean time = granularity != null || periodCalculator != null;
            List<String> shapes = shapes();
            PartitionLevel level = null;
            if (shapes.isEmpty()) {
                violations.add(new Violation(field + "granularity", null, "is required (one of HOUR, DAY, WEEK, MONTH, QUARTER, YEAR), unless a"
                        + " periodCalculator is set, or the table is split by an interval (integer keys), listValues or a hashModulus"));
            }
            else if (shapes.size() > 1) {
                violations.add(new Violation(field + shapes.get(1), null, "must not be set together with " + shapes.get(0)
                        + ": a level is split by one of a granularity (time), an interval (integers), listValues or a hashModulus"));
            }
            else if (time) {
                level = new TimeLevel(partitionColumn, granularity, periodCalculator, epoch, createAheadCount, retentionCount);
            }
            else if (interval != null) {
                level = new IntegerLevel(partitionColumn, interval, start == null ? 0 : start, createAheadCount, retentionCount);
            }
            else if (listValues != null) {
                level = new ListLevel(partitionColumn, listValues, retireWithRows);
            }
            else {
                level = new HashLevel(partitionColumn, hashModulus);
            }
            if (epoch != null && !time) {
                violations.add(new Violation(field + "epoch", epoch.name(), "goes with a granularity: it says what a bigint time key counts"));
            }
            if (start != null && interval == null) {
                violations.add(new Violation(field + "start", String.valueOf(start), "goes with an interval: it aligns integer intervals"));
            }
            if (retentionCount != null && (listValues != null || hashModulus != null)) {
                violations.add(new Violation(field + "retentionCount", String.valueOf(retentionCount), "applies to ranges of time or integers;"
                        + " a " + (listValues != null ? "LIST" : "HASH") + " level keeps what it lists"));
            }
            if (level != null) {
                List<Violation> own = new ArrayList<>();
                level.check(field, own);
                own.stream().filter(violation -> !violation.field().equals(field + "partitionColumn")).forEach(violations::add);
            }
            else if (violations.stream().noneMatch(violation -> violation.field().equals(field + "createAheadCount"))) {
                // Checked even when the level could not be made, so that every bad field is named at once.
                RangeLevel.checkCounts(field, "period", createAheadCount, retentionCount, violations);
            }
            return level;
        }
    }
}
