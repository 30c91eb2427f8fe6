package dev.partsmith.migration;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.partsmith.TableMigrationException;
import dev.partsmith.catalog.PartitionKeyType;
import dev.partsmith.catalog.QualifiedName;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.period.Period;
import dev.partsmith.period.PeriodCalculator;
import dev.partsmith.plan.PartitionWindow;

/**
 * The partitions a partitioned twin starts with: one per period of the config's scheme from the period
 * of the oldest key in the table up to the current period and the {@code createAheadCount - 1} after it,
 * named as maintenance names them, so that maintenance takes them over once the twin is swapped in. Keys
 * outside that range (newer than the last period, or written with an older key meanwhile) land in the
 * twin's DEFAULT partition. A pure function of the config, the oldest key and the time.
 */
public final class TwinPartitions {

    private TwinPartitions() {
    }

    /**
     * The twin's partitions, oldest first.
     *
     * @param oldestKey the smallest key in the table as a point on the key's axis; empty for an empty table
     * @param now the database's time
     * @throws dev.partsmith.TableMigrationException when the range needs more than
     *         {@link TablePartitionConfig#MAX_CREATE_AHEAD} partitions, or the key's type cannot express the periods
     */
    public static List<TwinPartition> wanted(TablePartitionConfig config, PartitionKeyType keyType, Optional<Instant> oldestKey, Instant now) {
        PeriodCalculator calculator = config.periodCalculator();
        ZoneId zone = config.timezone();
        Period current = calculator.periodContaining(LocalDateTime.ofInstant(now, zone));
        Period last = calculator.shift(current, config.createAheadCount() - 1);
        Period first = oldestKey.map(point -> calculator.periodContaining(keyType.localTime(point, zone)))
                .filter(oldest -> oldest.compareTo(current) < 0)
                .orElse(current);
        List<TwinPartition> partitions = new ArrayList<>();
        for (Period period = first; period.compareTo(last) <= 0; period = calculator.next(period)) {
            if (partitions.size() == TablePartitionConfig.MAX_CREATE_AHEAD) {
                throw new TableMigrationException("the oldest " + config.partitionColumn() + " in " + config.qualifiedName()
                        + " falls in period " + first.label() + ", and partitions from there to " + last.label() + " are more than "
                        + TablePartitionConfig.MAX_CREATE_AHEAD + "; delete or archive the oldest rows, or choose a coarser granularity");
            }
            if (!keyType.represents(period.start()) || !keyType.represents(period.end())) {
                throw new TableMigrationException("period " + period.label() + " starts or ends at " + period.start().toLocalTime()
                        + ", which a " + keyType.sqlName() + " key cannot express: use a granularity of a day or more for column "
                        + config.partitionColumn());
            }
            PartitionWindow window = PartitionWindow.of(keyType, zone, period.start(), period.end());
            if (window.fromPoint().isBefore(window.toPoint())) {
                partitions.add(new TwinPartition(new QualifiedName(config.schema(), calculator.formatPartitionName(config.tableName(), period)),
                        window));
            }
        }
        return partitions;
    }

    /**
     * One partition of the twin.
     *
     * @param table its name, as maintenance names the period
     * @param window its range
     */
    public record TwinPartition(QualifiedName table, PartitionWindow window) {
    }
}
