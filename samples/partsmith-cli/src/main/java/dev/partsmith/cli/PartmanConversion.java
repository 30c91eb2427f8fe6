package dev.partsmith.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import dev.partsmith.cli.ImportedTable.Level;
import dev.partsmith.cli.PartmanCatalog.PartmanSet;
import dev.partsmith.config.EpochUnit;
import dev.partsmith.config.PartitionGranularity;

/**
 * How one pg_partman partition set becomes a partsmith table: the rules of {@code partsmith-cli import-pg-partman}, for
 * the columns of pg_partman 4.x and 5.x alike.
 *
 * <ul>
 * <li>{@code control} is the partition column; {@code partition_interval} a granularity (1 hour, 1 day, 7 days, 1
 * month, 3 months, 1 year) on a time key or an epoch key ({@code epoch} seconds or milliseconds), or an interval on
 * an integer key;</li>
 * <li>{@code premake} counts the partitions after the current one, partsmith's {@code create-ahead} counts the current
 * one too: premake + 1;</li>
 * <li>{@code retention} keeps the current slot and those that end within it: the same count, or the smallest that
 * keeps at least as much when it is not a whole number of slots;</li>
 * <li>{@code retention_keep_table} (pg_partman's default) kept retired partitions as tables: partsmith drops a
 * detached partition once its grace has passed, so it gets a grace of ten years; without it, pg_partman dropped them
 * at once, which is a grace of zero;</li>
 * <li>{@code part_config_sub} gives the levels below, in order;</li>
 * <li>partsmith names partitions otherwise than pg_partman, so every table adopts its partitions by their bounds.</li>
 * </ul>
 * A set whose shape partsmith cannot keep (a trigger-based set, 15-minute partitions, pg_partman 5's LIST, an encoded
 * time key) is refused whole; a setting partsmith does not carry ({@code constraint_cols}, a template's indexes,
 * {@code retention_schema}, publications) is named, and the rest of the set converted.
 */
final class PartmanConversion {

    /** The grace standing for pg_partman's keeping of retired partitions as tables. */
    static final Duration KEPT = Duration.ofDays(3650);

    private static final Set<String> TIME_TYPES = Set.of("timestamp with time zone", "timestamp without time zone", "date");

    private static final Set<String> INTEGER_TYPES = Set.of("smallint", "integer", "bigint");

    private PartmanConversion() {
    }

    /**
     * The outcome for one set.
     *
     * @param parentTable the set's {@code parent_table}
     * @param table the table; {@code null} when the set is refused
     * @param refusal why the set is not converted; {@code null} when it is
     */
    record Converted(String parentTable, ImportedTable table, String refusal) {

        static Converted refused(String parentTable, String refusal) {
            return new Converted(parentTable, null, refusal);
        }
    }

    /** Why a set cannot be converted. */
    static final class Refusal extends RuntimeException {

        Refusal(String message) {
            super(message);
        }
    }

    /**
     * Converts one set.
     *
     * @param intervals reads an interval's text as PostgreSQL does; throws {@link IllegalArgumentException} when it cannot
     */
    static Converted convert(PartmanSet set, Function<String, PartmanInterval> intervals) {
        try {
            return new Converted(set.parentTable(), table(set, intervals), null);
        }
        catch (Refusal ex) {
            return Converted.refused(set.parentTable(), ex.getMessage());
        }
    }

    private static ImportedTable table(PartmanSet set, Function<String, PartmanInterval> intervals) {
        PartmanRow config = set.config();
        if (set.parent() == null) {
            throw new Refusal("parent_table '" + set.parentTable() + "' is not schema-qualified");
        }
        if (set.relkind() == null) {
            throw new Refusal("the table does not exist");
        }
        if (config.flag("undo_in_progress", false)) {
            throw new Refusal("pg_partman is undoing its partitioning (undo_in_progress)");
        }
        if (config.text("async_partitioning_in_progress") != null) {
            throw new Refusal("pg_partman is still moving its rows into partitions (async_partitioning_in_progress)");
        }
        List<PartmanRow> rows = new ArrayList<>();
        rows.add(config);
        rows.addAll(set.levelsBelow());
        List<Level> levels = new ArrayList<>();
        Set<String> columnsAbove = new HashSet<>();
        for (PartmanRow row : rows) {
            Level level = level(row, set.columnTypes(), intervals);
            if (!columnsAbove.add(level.column())) {
                Level above = levels.stream().filter(other -> other.column().equals(level.column())).findFirst().orElseThrow();
                throw new Refusal("it splits each " + above.slot() + " of " + level.column() + " into " + level.slot() + "s of the same column;"
                        + " partsmith cuts a level below another from now or the highest key in use, not within the partition above it");
            }
            levels.add(level);
        }
        if (!"p".equals(set.relkind())) {
            throw new Refusal("it is not a partitioned table (relkind '" + set.relkind() + "')");
        }
        List<String> unconverted = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Duration grace = null;
        String graceNote = null;
        for (PartmanRow row : rows) {
            if (row.text("retention") == null) {
                continue;
            }
            boolean kept = row.flag("retention_keep_table", true) || row.text("retention_schema") != null;
            if (kept && !KEPT.equals(grace)) {
                grace = KEPT;
                graceNote = "pg_partman kept retired partitions as tables (retention_keep_table); partsmith drops a detached partition once its"
                        + " grace has passed: ten years, until you choose";
            }
            else if (grace == null) {
                grace = Duration.ZERO;
                graceNote = "pg_partman dropped retired partitions at once (retention_keep_table false)";
            }
            if (row.text("retention_schema") != null) {
                unconverted.add("retention_schema '" + row.text("retention_schema") + "': partsmith detaches retired partitions where they are;"
                        + " move them to another schema in an after-detach SQL hook");
            }
            else if (kept && !row.flag("retention_keep_index", true)) {
                notes.add("pg_partman dropped the indexes of the retired partitions it kept (retention_keep_index false); partsmith keeps them");
            }
        }
        for (PartmanRow row : rows) {
            List<String> constraintColumns = row.texts("constraint_cols");
            if (!constraintColumns.isEmpty()) {
                unconverted.add("constraint_cols {" + String.join(",", constraintColumns) + "}: partsmith adds no constraints on other columns to older partitions");
            }
        }
        if (!config.texts("publications").isEmpty()) {
            unconverted.add("publications {" + String.join(",", config.texts("publications")) + "}: partsmith adds new partitions to no publication; publish the"
                    + " parent WITH (publish_via_partition_root = true), or add them in an after-create SQL hook");
        }
        if (config.text("subscription_refresh") != null) {
            unconverted.add("subscription_refresh '" + config.text("subscription_refresh") + "': partsmith refreshes no subscription; run"
                    + " ALTER SUBSCRIPTION ... REFRESH PUBLICATION in an after-create SQL hook");
        }
        if (set.template() != null) {
            if (!set.template().indexes().isEmpty()) {
                unconverted.add("template table " + set.template().name() + ": pg_partman gives new partitions its indexes ("
                        + String.join("; ", set.template().indexes()) + "); partsmith's come from the parent's indexes alone: create them"
                        + " on the parent, or in an after-create SQL hook");
            }
            if (set.template().unlogged()) {
                unconverted.add("template table " + set.template().name() + " is UNLOGGED, and so were pg_partman's new partitions;"
                        + " partsmith's are logged");
            }
        }
        if ("off".equals(config.keyword("automatic_maintenance", "on"))) {
            notes.add("pg_partman maintained it only when asked by name (automatic_maintenance off); partsmith maintains it on every run");
        }
        return new ImportedTable(set.parent(), levels, grace, graceNote, null, null, unconverted, notes);
    }

    /** One level from its row of {@code part_config} or {@code part_config_sub}. */
    private static Level level(PartmanRow row, Map<String, String> columnTypes, Function<String, PartmanInterval> intervals) {
        String type = row.keyword("partition_type", "range");
        switch (type) {
            case "native", "range" -> {
            }
            case "partman" -> throw new Refusal("it is trigger-based (partition_type 'partman'); partsmith keeps declaratively partitioned"
                    + " tables: move it to native partitioning first (see pg_partman's migrate_to_native)");
            case "list" -> throw new Refusal("pg_partman's LIST partitioning (a partition for each integer value, made as values arrive) has"
                    + " no partsmith equivalent: partsmith's LIST levels keep a fixed list of values");
            default -> throw new Refusal("partition_type '" + row.text("partition_type") + "' is none partsmith converts (native, range)");
        }
        String column = row.text("control");
        String columnType = columnTypes.get(column);
        if (columnType == null) {
            throw new Refusal("its control column " + column + " does not exist");
        }
        if (row.text("time_encoder") != null || row.text("time_decoder") != null) {
            throw new Refusal("its control column " + column + " holds times encoded for time_encoder and time_decoder functions; partsmith"
                    + " keys are time, epoch or integer columns");
        }
        EpochUnit epoch = switch (row.keyword("epoch", "none")) {
            case "none" -> null;
            case "seconds" -> EpochUnit.SECONDS;
            case "milliseconds" -> EpochUnit.MILLISECONDS;
            default -> throw new Refusal("epoch '" + row.text("epoch") + "': partsmith reads epoch seconds or milliseconds");
        };
        String intervalText = row.text("partition_interval");
        int premake = Optional.ofNullable(row.integer("premake")).orElse(4);
        if (epoch != null || TIME_TYPES.contains(columnType)) {
            PartitionGranularity granularity = interval(intervalText, intervals).granularity().orElseThrow(() -> new Refusal("partition_interval '"
                    + intervalText + "' is no partsmith granularity: partsmith cuts hours, days, ISO weeks, months, quarters and years"));
            String slot = granularity.name().toLowerCase(Locale.ROOT);
            Integer retention = null;
            String retentionNote = null;
            String retentionText = row.text("retention");
            if (retentionText != null) {
                PartmanInterval.Count count = interval(retentionText, intervals).retention(granularity);
                retention = count.value();
                retentionNote = retentionNote(retentionText, count, slot);
            }
            return new Level(column, granularity, epoch, null, null, premake + 1, aheadNote(premake, slot), retention, retentionNote);
        }
        if (!INTEGER_TYPES.contains(columnType)) {
            throw new Refusal("its control column " + column + " is of type " + columnType + "; partsmith ranges are of time (timestamp with"
                    + " time zone, timestamp, date), epoch (bigint) or integer (smallint, integer, bigint) columns");
        }
        long interval = number("partition_interval", intervalText);
        Integer retention = null;
        String retentionNote = null;
        if (row.text("retention") != null) {
            PartmanInterval.Count count = PartmanInterval.Count.of(number("retention", row.text("retention")), interval);
            retention = count.value();
            retentionNote = retentionNote(row.text("retention"), count, "interval");
        }
        return new Level(column, null, null, interval, null, premake + 1, aheadNote(premake, "interval"), retention, retentionNote);
    }

    private static PartmanInterval interval(String text, Function<String, PartmanInterval> intervals) {
        PartmanInterval interval;
        try {
            interval = intervals.apply(text);
        }
        catch (IllegalArgumentException ex) {
            throw new Refusal(ex.getMessage());
        }
        if (interval.negative()) {
            throw new Refusal("'" + text + "' is not a positive interval");
        }
        return interval;
    }

    private static long number(String column, String text) {
        try {
            long value = Long.parseLong(text.trim());
            if (value >= 1) {
                return value;
            }
        }
        catch (NumberFormatException ex) {
            // refused below, like a number below 1
        }
        throw new Refusal(column + " '" + text + "' is not a positive whole number of keys");
    }

    private static String aheadNote(int premake, String slot) {
        return "pg_partman premake " + premake + ", plus the current " + slot;
    }

    private static String retentionNote(String text, PartmanInterval.Count count, String slot) {
        return count.exact() ? "pg_partman retention '" + text + "': the current " + slot + " and the " + (count.value() - 1) + " before it"
                : "pg_partman retention '" + text + "' is not a whole number of " + slot + "s: this keeps at least as much";
    }
}
