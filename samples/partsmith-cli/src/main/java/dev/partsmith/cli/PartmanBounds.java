package dev.partsmith.cli;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import dev.partsmith.catalog.PartitionInfo;
import dev.partsmith.catalog.PartitionKeyType;
import dev.partsmith.catalog.PartitionNode;
import dev.partsmith.catalog.PartitionTree;
import dev.partsmith.cli.ImportedTable.Level;
import dev.partsmith.cli.PartmanConversion.Refusal;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.period.Period;
import dev.partsmith.period.PeriodCalculator;
import dev.partsmith.plan.NodeShape;

/**
 * What a converted set's existing partitions say about it: partsmith adopts them by their bounds and creates its own
 * partitions next to them, so each level's grid must be the one pg_partman cut. A time level's partitions must be
 * whole periods of its granularity in one time zone, which becomes the table's (UTC and the database's zones first;
 * pg_partman cuts in the zone of the session that runs it); an integer level's must be intervals aligned alike, whose
 * offset becomes the level's {@code start}.
 */
final class PartmanBounds {

    private PartmanBounds() {
    }

    /**
     * The table with its zone and its integer levels' starts as its partitions show them.
     *
     * @param tree the table's partitions, read with {@code config}
     * @param preferred the zones tried first, in order
     * @throws Refusal when a level's partitions are not on any grid partsmith can cut (pg_partman started them elsewhere, or
     *         cut a week from another day than Monday), or the tree is not partitioned as the levels say
     */
    static ImportedTable fit(ImportedTable table, TablePartitionConfig config, PartitionTree tree, List<ZoneId> preferred) {
        List<List<Sample>> byDepth = new ArrayList<>();
        table.levels().forEach(level -> byDepth.add(new ArrayList<>()));
        walk(config, table.levels(), tree.root(), 0, byDepth);
        List<Level> levels = new ArrayList<>(table.levels());
        List<Sample> times = new ArrayList<>();
        for (int depth = 0; depth < levels.size(); depth++) {
            Level level = levels.get(depth);
            if (level.granularity() == null) {
                levels.set(depth, level.withStart(start(level, byDepth.get(depth))));
            }
            else {
                times.addAll(byDepth.get(depth));
            }
        }
        if (!table.hasTimeLevel()) {
            return table.withFit(levels, null, null, List.of());
        }
        if (times.isEmpty()) {
            return table.withFit(levels, preferred.get(0), "no partition to tell pg_partman's time zone by", List.of());
        }
        for (ZoneId zone : preferred) {
            if (times.stream().allMatch(sample -> sample.fits(zone))) {
                return table.withFit(levels, zone, zone.equals(preferred.get(0)) ? null : "the zone pg_partman's partitions are cut in", List.of());
            }
        }
        Optional<ZoneId> other = ZoneId.getAvailableZoneIds().stream().sorted().map(ZoneId::of).filter(zone -> !preferred.contains(zone))
                .filter(zone -> times.stream().allMatch(sample -> sample.fits(zone))).findFirst();
        if (other.isPresent()) {
            return table.withFit(levels, other.get(), "one of the zones pg_partman's partitions fit: set the one its maintenance ran in",
                    List.of("timezone: pg_partman's partitions are whole periods in " + other.get() + " and other zones of the same offsets, not"
                            + " in " + String.join(" or ", preferred.stream().map(ZoneId::getId).toList()) + "; set the time zone"
                            + " pg_partman's maintenance ran in"));
        }
        Sample misfit = times.stream().filter(sample -> !sample.fits(preferred.get(0))).findFirst().orElseThrow();
        throw new Refusal("its partition " + misfit.partition().name() + " " + range(misfit.partition()) + " is not one "
                + misfit.level().slot() + " in any time zone (pg_partman started its partitions elsewhere, or cut its weeks from another day than"
                + " Monday); partsmith's partitions would overlap them");
    }

    /** Collects the ranged partitions of every level, checking each partitioned table against the level of its depth. */
    private static void walk(TablePartitionConfig config, List<Level> levels, PartitionNode node, int depth, List<List<Sample>> byDepth) {
        NodeShape shape;
        try {
            shape = NodeShape.of(config, depth, node.table(), node.key());
        }
        catch (IllegalArgumentException ex) {
            throw new Refusal(ex.getMessage());
        }
        Level level = levels.get(depth);
        PeriodCalculator calculator = level.granularity() == null ? null : level.granularity().calculator();
        for (PartitionInfo partition : node.partitions()) {
            if (partition.ranged() && partition.lower().finite() && partition.upper().finite()) {
                byDepth.get(depth).add(new Sample(level, calculator, shape.rangeType(), partition));
            }
            if (partition.partitioned()) {
                walk(config, levels, partition.subpartitions(), depth + 1, byDepth);
            }
        }
    }

    /** The offset all of an integer level's partitions are aligned on; {@code null} for 0 or no partition. */
    private static Long start(Level level, List<Sample> samples) {
        long interval = level.interval();
        Long start = null;
        for (Sample sample : samples.stream().sorted(Comparator.comparing(sample -> sample.partition().lower())).toList()) {
            long lower = sample.partition().lower().point().value();
            long upper = sample.partition().upper().point().value();
            long offset = Math.floorMod(lower, interval);
            if (upper - lower != interval || start != null && offset != start) {
                throw new Refusal("its partition " + sample.partition().name() + " " + range(sample.partition()) + " is not one interval of "
                        + interval + (start == null ? "" : " aligned like the others (on " + start + " plus a multiple of " + interval + ")")
                        + "; partsmith's partitions would overlap them");
            }
            start = offset;
        }
        return start == null || start == 0 ? null : start;
    }

    private static String range(PartitionInfo partition) {
        return "[" + partition.lower().text() + ", " + partition.upper().text() + ")";
    }

    /** One partition of a level, with the type its key is read as and, for a time level, the calculator of its periods. */
    private record Sample(Level level, PeriodCalculator calculator, PartitionKeyType type, PartitionInfo partition) {

        /** Whether the partition is exactly one period of its level in {@code zone}. */
        boolean fits(ZoneId zone) {
            LocalDateTime from = type.localTime(partition.lower().point(), zone);
            Period period = calculator.periodContaining(from);
            return period.start().equals(from) && period.end().equals(type.localTime(partition.upper().point(), zone));
        }
    }
}
