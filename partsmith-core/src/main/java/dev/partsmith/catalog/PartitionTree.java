package dev.partsmith.catalog;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of one managed table as the catalog showed it at one moment: the input of planning.
 *
 * @param root the managed parent, with its partitions (and theirs, at every depth) and its marked tables
 * @param owner the role owning the parent
 * @param mayManage whether the current role is the owner or a member of the owner's role, which
 *        ATTACH, DETACH and DROP require
 * @param inRecovery whether the server is a standby ({@code pg_is_in_recovery()}); nothing is changed then
 * @param databaseTime the database's clock ({@code clock_timestamp()}) when the snapshot was read
 * @param highestKeys for each integer range key column, the highest key in use (its sequence's or
 *        identity's last value, else {@code max()} through an index); a column is missing when its
 *        highest key cannot be read without a scan
 * @param columnTypes the type of each of the parent's columns that a level of its config names, as
 *        {@code format_type} prints it: what keys of new partitioned partitions are made of
 * @param byteLayout how the server stores and hashes values' bytes: what routing by hash needs
 */
public record PartitionTree(PartitionNode root, String owner, boolean mayManage, boolean inRecovery, Instant databaseTime,
        Map<String, HighestKey> highestKeys, Map<String, String> columnTypes, ByteLayout byteLayout) {

    public PartitionTree {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(databaseTime, "databaseTime");
        Objects.requireNonNull(byteLayout, "byteLayout");
        highestKeys = Map.copyOf(highestKeys);
        columnTypes = Map.copyOf(columnTypes);
    }

    /**
     * This snapshot with the database's time carried forward to {@code databaseTime}: for judging a
     * snapshot kept from an earlier read at a later moment, by the same clocks.
     */
    public PartitionTree withDatabaseTime(Instant databaseTime) {
        return new PartitionTree(root, owner, mayManage, inRecovery, databaseTime, highestKeys, columnTypes, byteLayout);
    }

    /** This snapshot with the highest keys read after it. */
    public PartitionTree withHighestKeys(Map<String, HighestKey> highestKeys) {
        return new PartitionTree(root, owner, mayManage, inRecovery, databaseTime, highestKeys, columnTypes, byteLayout);
    }

    /** The managed parent. */
    public QualifiedName parent() {
        return root.table();
    }

    /** The parent's partition key. */
    public PartitionKey key() {
        return root.key();
    }

    /** The last column of the parent's key: the one a range level cuts into slots. */
    public String partitionColumn() {
        return root.key().last().name();
    }

    /** The type of the parent key's last column as a range key; {@code null} when it is of another type. */
    public PartitionKeyType keyType() {
        return root.key().last().rangeType();
    }

    /** The parent's attached partitions. */
    public List<PartitionInfo> partitions() {
        return root.partitions();
    }

    /** The parent's marked, detached tables. */
    public List<PartitionInfo> markedTables() {
        return root.markedTables();
    }

    /** The parent's DEFAULT partition, if it has one. */
    public Optional<PartitionInfo> defaultPartition() {
        return root.defaultPartition();
    }

    /** The parent's attached partitions with a parsed range (no DEFAULT), by lower bound. */
    public List<PartitionInfo> rangedPartitions() {
        return root.rangedPartitions();
    }

    /** The highest key in use of an integer key column; empty when it cannot be read without a scan. */
    public Optional<HighestKey> highestKey(String column) {
        return Optional.ofNullable(highestKeys.get(column));
    }
}
