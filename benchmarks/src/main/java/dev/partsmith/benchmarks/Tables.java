package dev.partsmith.benchmarks;

import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.jdbc.core.JdbcTemplate;

import dev.partsmith.config.PartitionAdoption;
import dev.partsmith.config.PartitionGranularity;
import dev.partsmith.config.TablePartitionConfig;

/**
 * The tables every contender gets (the same columns, key, indexes and DEFAULT partition), their
 * wanted monthly partitions, and the check that a contender reached exactly that outcome.
 */
final class Tables {

    private static final DateTimeFormatter SUFFIX = DateTimeFormatter.ofPattern("uuuu_MM");
    /** What partsmith's CREATE TABLE copies from the parent; the raw scripts run the same statement. */
    private static final String LIKE_OPTIONS = "INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE INCLUDING COMMENTS"
            + " INCLUDING GENERATED INCLUDING STATISTICS INCLUDING INDEXES";

    private final YearMonth current;

    private Tables(YearMonth current) {
        this.current = current;
    }

    /** Months counted from the current month in UTC, which is the clock of every contender. */
    static Tables now() {
        return new Tables(YearMonth.now(ZoneOffset.UTC));
    }

    YearMonth month(int offset) {
        return current.plusMonths(offset);
    }

    /** The parent, partitioned by month on {@code created_at}, with a primary key and one more index. */
    static String parent(String table) {
        return "CREATE TABLE public." + table + " (\n"
                + "    id bigint NOT NULL,\n"
                + "    created_at timestamptz NOT NULL,\n"
                + "    device_id integer NOT NULL,\n"
                + "    reading double precision,\n"
                + "    payload text,\n"
                + "    PRIMARY KEY (id, created_at)\n"
                + ") PARTITION BY RANGE (created_at);\n"
                + "CREATE INDEX ON public." + table + " (device_id, created_at);\n";
    }

    /** The DEFAULT partition, as a migration creates it (pg_partman's create_parent makes its own). */
    static String defaultPartition(String table) {
        return "CREATE TABLE public." + table + "_default PARTITION OF public." + table + " DEFAULT;\n";
    }

    /** pg_partman's naming, used for every table the harness or the raw script creates. */
    String child(String table, int offset) {
        return table + "_p" + SUFFIX.format(month(offset));
    }

    String from(int offset) {
        return literal(month(offset));
    }

    String to(int offset) {
        return literal(month(offset + 1));
    }

    private static String literal(YearMonth month) {
        return month.atDay(1) + " 00:00:00+00";
    }

    /** A partition made in one statement: for setting up tables before a measurement, never under load. */
    String partitionOf(String table, int offset) {
        return "CREATE TABLE public." + child(table, offset) + " PARTITION OF public." + table + " FOR VALUES FROM ('" + from(offset)
                + "') TO ('" + to(offset) + "');\n";
    }

    /** The raw equivalent of what partsmith does for one partition: create standalone, then attach. */
    String createAndAttach(String table, int offset) {
        String child = "public." + child(table, offset);
        return "CREATE TABLE " + child + " (LIKE public." + table + " " + LIKE_OPTIONS + ");\n"
                + "ALTER TABLE public." + table + " ATTACH PARTITION " + child + " FOR VALUES FROM ('" + from(offset) + "') TO ('"
                + to(offset) + "');\n";
    }

    /** The configuration partsmith gets for a table. */
    /** partsmith's config of a harness table; its partitions carry pg_partman's names, so partsmith adopts them by their bounds. */
    static TablePartitionConfig config(String table, int createAhead, Integer retention) {
        return TablePartitionConfig.builder().tableName(table).partitionColumn("created_at").granularity(PartitionGranularity.MONTH)
                .createAheadCount(createAhead).retentionCount(retention).adoption(PartitionAdoption.BOUNDS).build();
    }

    private String bound(int offset) {
        return "FOR VALUES FROM ('" + from(offset) + "') TO ('" + to(offset) + "')";
    }

    /**
     * Checks that every table has a DEFAULT partition and exactly the monthly partitions from
     * {@code firstOffset} to {@code lastOffset}, read from the catalog in one query.
     *
     * @throws IllegalStateException naming the tables that differ
     */
    void verify(JdbcTemplate jdbc, Collection<String> tables, int firstOffset, int lastOffset) {
        Set<String> wanted = new TreeSet<>();
        for (int offset = firstOffset; offset <= lastOffset; offset++) {
            wanted.add(bound(offset));
        }
        Map<String, Set<String>> found = new HashMap<>();
        jdbc.query("""
                SELECT p.relname AS parent, pg_catalog.pg_get_expr(c.relpartbound, c.oid) AS bound
                FROM pg_catalog.pg_inherits i
                JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid
                JOIN pg_catalog.pg_class p ON p.oid = i.inhparent
                JOIN pg_catalog.pg_namespace n ON n.oid = p.relnamespace
                WHERE n.nspname = 'public' AND p.relkind = 'p'
                """, rs -> {
            found.computeIfAbsent(rs.getString("parent"), key -> new TreeSet<>()).add(rs.getString("bound"));
        });
        List<String> wrong = new ArrayList<>();
        for (String table : tables) {
            Set<String> bounds = found.getOrDefault(table, Set.of());
            Set<String> ranged = new TreeSet<>(bounds);
            boolean hasDefault = ranged.remove("DEFAULT");
            if (!hasDefault || !ranged.equals(wanted)) {
                wrong.add(table + " has " + bounds);
            }
        }
        if (!wrong.isEmpty()) {
            throw new IllegalStateException(wrong.size() + " of " + tables.size() + " tables did not reach the wanted outcome (DEFAULT and "
                    + wanted + "): " + wrong.subList(0, Math.min(3, wrong.size())));
        }
    }
}
