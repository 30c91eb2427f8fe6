package dev.partsmith.cli;

import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.partsmith.catalog.QualifiedName;
import dev.partsmith.config.EpochUnit;
import dev.partsmith.config.PartitionAdoption;
import dev.partsmith.config.PartitionGranularity;
import dev.partsmith.config.PartitionLevel;
import dev.partsmith.config.TablePartitionConfig;

/**
 * One pg_partman partition set as partsmith configures it, with what the conversion has to say about it.
 *
 * @param table the parent table
 * @param levels the table's own level, then the subpartition levels in order
 * @param dropGrace how long a detached partition stays; {@code null} without retention
 * @param dropGraceNote why the grace is what it is; {@code null} for none
 * @param timezone the zone the time levels are cut in; {@code null} without a time level
 * @param timezoneNote why the zone is what it is; {@code null} for none
 * @param unconverted pg_partman settings of the set that partsmith's configuration does not carry, each with why
 * @param notes what else a user switching should know about the set
 */
record ImportedTable(QualifiedName table, List<Level> levels, Duration dropGrace, String dropGraceNote, ZoneId timezone, String timezoneNote,
        List<String> unconverted, List<String> notes) {

    ImportedTable {
        levels = List.copyOf(levels);
        unconverted = List.copyOf(unconverted);
        notes = List.copyOf(notes);
    }

    ImportedTable withFit(List<Level> levels, ZoneId timezone, String timezoneNote, List<String> unconverted) {
        List<String> all = new ArrayList<>(this.unconverted);
        all.addAll(unconverted);
        return new ImportedTable(table, levels, dropGrace, dropGraceNote, timezone, timezoneNote, all, notes);
    }

    /** Whether a level cuts time, so that the table has a time zone. */
    boolean hasTimeLevel() {
        return levels.stream().anyMatch(level -> level.granularity() != null);
    }

    /**
     * The table as partsmith's core sees it, adopting partitions by their bounds.
     *
     * @throws dev.partsmith.InvalidPartitionConfigException when partsmith refuses it (a name too long for partsmith's
     *         partition names, more than 1000 slots ahead)
     */
    TablePartitionConfig config() {
        Level own = levels.get(0);
        TablePartitionConfig.Builder builder = TablePartitionConfig.builder().schema(table.schema()).tableName(table.name())
                .partitionColumn(own.column()).granularity(own.granularity()).epoch(own.epoch()).interval(own.interval()).start(own.start())
                .createAheadCount(own.createAhead()).retentionCount(own.retention()).adoption(PartitionAdoption.BOUNDS);
        for (Level below : levels.subList(1, levels.size())) {
            PartitionLevel.Builder level = PartitionLevel.builder().partitionColumn(below.column()).granularity(below.granularity())
                    .epoch(below.epoch()).interval(below.interval()).start(below.start()).createAheadCount(below.createAhead())
                    .retentionCount(below.retention());
            builder.subpartition(level);
        }
        if (dropGrace != null) {
            builder.dropGrace(dropGrace);
        }
        if (timezone != null) {
            builder.timezone(timezone);
        }
        return builder.build();
    }

    /**
     * One level of the table: a time range (granularity, maybe on epoch values) or an integer range (interval, start).
     *
     * @param column the partition column
     * @param granularity the period of a time level; {@code null} for an integer level
     * @param epoch what a bigint time column counts; {@code null} for a column of a time type
     * @param interval the keys of one partition of an integer level; {@code null} for a time level
     * @param start where an integer level's intervals are aligned; {@code null} for 0
     * @param createAhead slots kept ready, counting the current one
     * @param createAheadNote where the count comes from
     * @param retention slots kept attached, counting the current one; {@code null} keeps every partition
     * @param retentionNote where the count comes from; {@code null} without retention
     */
    record Level(String column, PartitionGranularity granularity, EpochUnit epoch, Long interval, Long start, int createAhead,
            String createAheadNote, Integer retention, String retentionNote) {

        Level withStart(Long start) {
            return new Level(column, granularity, epoch, interval, start, createAhead, createAheadNote, retention, retentionNote);
        }

        /** A slot of the level, in words: {@code day}, {@code interval}. */
        String slot() {
            return granularity == null ? "interval" : granularity.name().toLowerCase(Locale.ROOT);
        }
    }
}
