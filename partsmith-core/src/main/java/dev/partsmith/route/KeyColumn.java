package dev.partsmith.route;

import java.util.Locale;
import java.util.Objects;

import dev.partsmith.catalog.PartitionKey;
import dev.partsmith.catalog.PartitionKeyType;
import dev.partsmith.config.EpochUnit;

/**
 * One column of a partitioned table's key, as a router reads key values for it.
 *
 * @param column the column as the catalog describes it: name, type, collation, operator class
 * @param epoch what a {@code bigint} column's values count, when the table's config cuts it into calendar
 *        periods ({@code epoch: seconds}); {@code null} otherwise
 */
public record KeyColumn(PartitionKey.Column column, EpochUnit epoch) {

    public KeyColumn {
        Objects.requireNonNull(column, "column");
    }

    /** The column's name; {@code null} for an expression. */
    public String name() {
        return column.name();
    }

    /** The column's type as {@code format_type} prints it. */
    public String sqlType() {
        return column.sqlType();
    }

    /** Its values' axis as a range key ({@link PartitionKeyType#EPOCH_SECONDS} for epoch seconds...); {@code null} for other types. */
    public PartitionKeyType rangeType() {
        return epoch != null ? epoch.keyType() : column.rangeType();
    }

    /** For messages: {@code created_at, a timestamp with time zone}; {@code at, a bigint of epoch seconds}, {@code n, an integer}. */
    public String describe() {
        return (name() == null ? "an expression" : name()) + ", " + (!sqlType().isEmpty() && "aeio".indexOf(sqlType().charAt(0)) >= 0 ? "an " : "a ") + sqlType()
                + (epoch == null ? "" : " of epoch " + epoch.name().toLowerCase(Locale.ROOT));
    }
}
