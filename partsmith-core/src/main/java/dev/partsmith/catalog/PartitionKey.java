package dev.partsmith.catalog;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * How a partitioned table (the managed parent, or one of its partitions that is partitioned in turn)
 * splits its rows: the strategy and the key's columns, as {@code pg_partitioned_table} records them.
 *
 * @param strategy RANGE, LIST or HASH
 * @param columns the key's columns in key order
 */
public record PartitionKey(Strategy strategy, List<Column> columns) {

    public PartitionKey {
        Objects.requireNonNull(strategy, "strategy");
        columns = List.copyOf(columns);
    }

    /** The names of the key's columns ({@code (expression)} for an expression). */
    public List<String> columnNames() {
        return columns.stream().map(column -> column.name() == null ? "(expression)" : column.name()).toList();
    }

    /** The key's last column: the one a range level cuts into slots. */
    public Column last() {
        return columns.get(columns.size() - 1);
    }

    /** As in DDL: {@code RANGE (created_at)}, {@code LIST (region)}, {@code RANGE (project_id, created_at)}. */
    public String sql() {
        return strategy.name() + " (" + columnNames().stream().map(QualifiedName::quote).collect(Collectors.joining(", ")) + ")";
    }

    @Override
    public String toString() {
        return strategy.name() + " (" + String.join(", ", columnNames()) + ")";
    }

    /** A partitioning strategy. */
    public enum Strategy {
        RANGE,
        LIST,
        HASH;

        /** The strategy of {@code pg_partitioned_table.partstrat}: {@code r}, {@code l} or {@code h}. */
        public static Strategy of(String partstrat) {
            return switch (partstrat) {
                case "r" -> RANGE;
                case "l" -> LIST;
                case "h" -> HASH;
                default -> throw new IllegalArgumentException("unknown partition strategy '" + partstrat + "'");
            };
        }

        public String lowerCase() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One key column, with what decides how PostgreSQL compares and hashes its values.
     *
     * @param name the column's name; {@code null} for an expression, which partsmith does not manage
     * @param sqlType its type as {@code format_type} prints it
     * @param collation the key's collation ({@code pg_collation.collname}: {@code default}, {@code C},
     *        {@code en_US}...); {@code null} for a type without one
     * @param deterministic whether the collation calls equal only byte-equal strings (true without a collation)
     * @param defaultOperatorClass whether the key uses its type's default operator class, which orders and
     *        hashes values as the type itself does
     */
    public record Column(String name, String sqlType, String collation, boolean deterministic, boolean defaultOperatorClass) {

        public Column {
            Objects.requireNonNull(sqlType, "sqlType");
        }

        /** A column of the type's default operator class, without a collation: a key as partsmith writes it. */
        public Column(String name, String sqlType) {
            this(name, sqlType, null, true, true);
        }

        /** Its type as a range key type; {@code null} when partsmith cuts no ranges of it (text, uuid...). */
        public PartitionKeyType rangeType() {
            return PartitionKeyType.fromSqlName(sqlType);
        }
    }
}
