package dev.partsmith.faults;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import dev.partsmith.config.HashLevel;
import dev.partsmith.config.PartitionGranularity;
import dev.partsmith.config.TablePartitionConfig;

/**
 * A table's config in a form that crosses a process boundary as one command-line argument:
 * {@code schema.table,column,GRANULARITY,createAhead,retention|-,dropGraceSeconds,zone,lockTimeoutMillis,retryBudgetMillis,hashColumn:modulus|-}
 * (the last a hash level below the table's own, when there is one).
 * Only for the plain names the multi-process tests use.
 */
record TableSpec(String schema, String table, String column, PartitionGranularity granularity, int createAhead, Integer retention,
        Duration dropGrace, ZoneId timezone, Duration lockTimeout, Duration retryBudget, String hashColumn, Integer hashModulus) {

    /**
     * The tests plan with clocks fixed on dates of their own, far from the database's now(): like a
     * user who moves a clock on purpose, they raise max-clock-skew.
     */
    static final Duration MOVED_CLOCK = Duration.ofDays(36500);

    static TableSpec of(String table, String column, PartitionGranularity granularity, int createAhead, Integer retention,
            Duration dropGrace) {
        return new TableSpec("public", table, column, granularity, createAhead, retention, dropGrace, ZoneOffset.UTC, Duration.ofSeconds(1),
                Duration.ofSeconds(30), null, null);
    }

    TableSpec withLockTimeout(Duration timeout, Duration budget) {
        return new TableSpec(schema, table, column, granularity, createAhead, retention, dropGrace, timezone, timeout, budget, hashColumn,
                hashModulus);
    }

    TableSpec withTimezone(ZoneId zone) {
        return new TableSpec(schema, table, column, granularity, createAhead, retention, dropGrace, zone, lockTimeout, retryBudget, hashColumn,
                hashModulus);
    }

    /** This table with a level below its own: partitions by hash of {@code column}. */
    TableSpec withSubpartitionHash(String column, int modulus) {
        return new TableSpec(schema, table, this.column, granularity, createAhead, retention, dropGrace, timezone, lockTimeout, retryBudget,
                column, modulus);
    }

    TablePartitionConfig config() {
        return TablePartitionConfig.builder().maxClockSkew(TableSpec.MOVED_CLOCK).schema(schema).tableName(table).partitionColumn(column).granularity(granularity)
                .createAheadCount(createAhead).retentionCount(retention).dropGrace(dropGrace).timezone(timezone).lockTimeout(lockTimeout)
                .retryBudget(retryBudget)
                .subpartitions(hashColumn == null ? List.of() : List.of(HashLevel.of(hashColumn, hashModulus))).build();
    }

    String encode() {
        return String.join(",", schema + "." + table, column, granularity.name(), String.valueOf(createAhead),
                retention == null ? "-" : retention.toString(), String.valueOf(dropGrace.toSeconds()), timezone.getId(),
                String.valueOf(lockTimeout.toMillis()), String.valueOf(retryBudget.toMillis()), hashColumn == null ? "-" : hashColumn + ":" + hashModulus);
    }

    static TableSpec decode(String text) {
        String[] parts = text.split(",");
        int dot = parts[0].indexOf('.');
        return new TableSpec(parts[0].substring(0, dot), parts[0].substring(dot + 1), parts[1], PartitionGranularity.valueOf(parts[2]),
                Integer.parseInt(parts[3]), parts[4].equals("-") ? null : Integer.valueOf(parts[4]),
                Duration.ofSeconds(Long.parseLong(parts[5])), ZoneId.of(parts[6]), Duration.ofMillis(Long.parseLong(parts[7])),
                Duration.ofMillis(Long.parseLong(parts[8])), parts[9].equals("-") ? null : parts[9].substring(0, parts[9].indexOf(':')),
                parts[9].equals("-") ? null : Integer.valueOf(parts[9].substring(parts[9].indexOf(':') + 1)));
    }
}
