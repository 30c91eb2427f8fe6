package dev.partsmith.plan;

import java.util.List;
import java.util.Optional;

import dev.partsmith.catalog.PartitionKey;
import dev.partsmith.catalog.PartitionKeyType;
import dev.partsmith.catalog.QualifiedName;
import dev.partsmith.config.HashLevel;
import dev.partsmith.config.ListLevel;
import dev.partsmith.config.PartitionLevel;
import dev.partsmith.config.RangeLevel;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.config.TimeLevel;

/**
 * How one partitioned table of a managed tree maps onto the config's levels: the level at its depth,
 * or, for a table partitioned by {@code RANGE (list column, range column)}, a LIST level and the range
 * level below it laid out as one composite range (go_partman's tenants: {@code FROM ('tenant1',
 * '2026-12-01') TO ('tenant1', '2026-12-02')}). The catalog says which layout a table has; the config
 * reads the same either way.
 *
 * @param depth the index of the first level the table uses
 * @param level the level whose slots are the table's partitions: the range level of a composite
 * @param prefixLevel for a composite range, the LIST level whose value leads each bound; {@code null} otherwise
 * @param rangeType for a range level, the type its key is read and written as ({@code null} otherwise)
 * @param key the table's partition key
 */
public record NodeShape(int depth, PartitionLevel level, ListLevel prefixLevel, PartitionKeyType rangeType, PartitionKey key) {

    /** The depth of the levels below this table's partitions. */
    public int nextDepth() {
        return depth + (prefixLevel == null ? 1 : 2);
    }

    /** Whether the table's partitions are partitioned in turn. */
    public boolean hasLevelsBelow(TablePartitionConfig config) {
        return nextDepth() < config.levels().size();
    }

    /**
     * The key a new table is partitioned by to hold the level at {@code depth}: the key of a table
     * already at that depth when there is one (so a composite layout is kept), else the level's own
     * method on its column, whose type {@code columnTypes} gives.
     */
    public static PartitionKey keyFor(TablePartitionConfig config, int depth, PartitionKey sameDepth, java.util.Map<String, String> columnTypes) {
        if (sameDepth != null) {
            return sameDepth;
        }
        PartitionLevel level = config.levels().get(depth);
        return new PartitionKey(switch (level.type()) {
            case RANGE -> PartitionKey.Strategy.RANGE;
            case LIST -> PartitionKey.Strategy.LIST;
            case HASH -> PartitionKey.Strategy.HASH;
        }, List.of(new PartitionKey.Column(level.column(), columnTypes.getOrDefault(level.column(), ""))));
    }

    /**
     * The shape of {@code table}, partitioned by {@code key}, at {@code depth} of {@code config}'s levels.
     *
     * @throws IllegalArgumentException saying how the table's partitioning differs from the config's
     */
    public static NodeShape of(TablePartitionConfig config, int depth, QualifiedName table, PartitionKey key) {
        List<PartitionLevel> levels = config.levels();
        if (depth >= levels.size()) {
            throw new IllegalArgumentException(table + " is partitioned by " + key + ", but the config of " + config.qualifiedName()
                    + " has no level below " + levels.get(levels.size() - 1).describe() + "; partsmith leaves it alone");
        }
        PartitionLevel level = levels.get(depth);
        List<PartitionKey.Column> columns = key.columns();
        if (columns.stream().anyMatch(column -> column.name() == null)) {
            throw new IllegalArgumentException(table + " is partitioned on an expression; partsmith manages keys of columns");
        }
        if (level instanceof ListLevel list && key.strategy() == PartitionKey.Strategy.RANGE && columns.size() == 2
                && depth + 1 < levels.size() && levels.get(depth + 1) instanceof RangeLevel range) {
            if (!columns.get(0).name().equals(list.column()) || !columns.get(1).name().equals(range.column())) {
                throw new IllegalArgumentException(table + " is partitioned by " + key + ", not on (" + list.column() + ", " + range.column()
                        + ") as configured");
            }
            return new NodeShape(depth, range, list, rangeType(table, range, columns.get(1)), key);
        }
        PartitionKey.Strategy wanted = switch (level.type()) {
            case RANGE -> PartitionKey.Strategy.RANGE;
            case LIST -> PartitionKey.Strategy.LIST;
            case HASH -> PartitionKey.Strategy.HASH;
        };
        if (key.strategy() != wanted) {
            throw new IllegalArgumentException(table + " is partitioned by " + key.strategy() + "; its config describes " + level.describe()
                    + ", partitioned by " + wanted);
        }
        if (columns.size() != 1) {
            throw new IllegalArgumentException(table + " is partitioned on " + columns.size() + " columns (" + String.join(", ", key.columnNames())
                    + "); partsmith manages keys of one column, and (tenant, time) keys of tenants");
        }
        if (!columns.get(0).name().equals(level.column())) {
            throw new IllegalArgumentException(table + " is partitioned on column \"" + columns.get(0).name() + "\", not on \"" + level.column()
                    + "\" as configured (partitionColumn)");
        }
        return new NodeShape(depth, level, null, level instanceof RangeLevel range ? rangeType(table, range, columns.get(0)) : null, key);
    }

    private static PartitionKeyType rangeType(QualifiedName table, RangeLevel level, PartitionKey.Column column) {
        PartitionKeyType type = column.rangeType();
        Optional<String> refusal = Optional.empty();
        if (level instanceof TimeLevel time && time.epoch() != null) {
            if (type != PartitionKeyType.BIGINT) {
                refusal = Optional.of("epoch " + time.epoch().name().toLowerCase(java.util.Locale.ROOT) + " needs a bigint key");
            }
        }
        else if (level instanceof TimeLevel) {
            if (type == null || !type.time()) {
                refusal = Optional.of("partsmith manages timestamp with time zone, timestamp without time zone and date keys"
                        + " (and bigint keys with epoch: seconds or milliseconds)");
            }
        }
        else if (type == null || type.time()) {
            refusal = Optional.of("an interval needs a smallint, integer or bigint key");
        }
        if (refusal.isPresent()) {
            throw new IllegalArgumentException(table + " is partitioned on \"" + column.name() + "\" of type " + column.sqlType() + "; "
                    + refusal.get());
        }
        return level instanceof TimeLevel time && time.epoch() != null ? time.epoch().keyType() : type;
    }

    /** The table's level as a hash level, when it is one. */
    public Optional<HashLevel> hash() {
        return level instanceof HashLevel hash ? Optional.of(hash) : Optional.empty();
    }
}
