package dev.partsmith.config;

import java.util.List;

import dev.partsmith.InvalidPartitionConfigException.Violation;

/**
 * {@code modulus} partitions by hash of a column ({@code PARTITION BY HASH}), remainders 0 to
 * {@code modulus - 1}, named {@code events__h0} to {@code events__h7}. A table whose partitions have
 * another modulus is refused, never re-partitioned.
 *
 * @param column the column hashed
 * @param modulus how many partitions; 1 to {@link TablePartitionConfig#MAX_CREATE_AHEAD}
 */
public record HashLevel(String column, int modulus) implements PartitionLevel {

    public static HashLevel of(String column, int modulus) {
        return new HashLevel(column, modulus);
    }

    @Override
    public PartitionType type() {
        return PartitionType.HASH;
    }

    @Override
    public PartitionStrategy strategy() {
        return PartitionStrategy.HASH_BASED;
    }

    @Override
    public String describe() {
        return "hash modulus " + modulus + " of " + column;
    }

    /** The name of the partition of {@code remainder} under a table named {@code parentName}. */
    public static String childName(String parentName, int remainder) {
        return parentName + "__h" + remainder;
    }

    @Override
    public String longestChildName(String parentName) {
        return childName(parentName, Math.max(0, modulus - 1));
    }

    @Override
    public void check(String field, List<Violation> violations) {
        TablePartitionConfig.identifier(violations, field + "partitionColumn", column);
        if (modulus < 1 || modulus > TablePartitionConfig.MAX_CREATE_AHEAD) {
            violations.add(new Violation(field + "hashModulus", String.valueOf(modulus),
                    "must be between 1 and " + TablePartitionConfig.MAX_CREATE_AHEAD));
        }
    }
}
