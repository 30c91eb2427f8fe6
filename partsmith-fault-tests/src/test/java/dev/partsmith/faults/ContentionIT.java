package dev.partsmith.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.partsmith.config.PartitionGranularity;
import dev.partsmith.lifecycle.MaintenanceResult;
import dev.partsmith.test.TestCatalog;
import dev.partsmith.test.TestDatabase;

/**
 * Eight maintainers, each with its own connection pool, four in each of two JVMs, maintain the same
 * 20 tables for twenty rounds while the clock moves, mostly a day a round. The test is the clock: it hands
 * each round's instant to both JVMs, whose maintainers all start together, each going through the
 * tables in an order of its own. After each round every table's tree is exactly the one an
 * independent model of the config expects, and across the eight maintainers each partition was
 * created, detached and dropped exactly once.
 *
 * <p>The tables mix what changes the DDL: half have a DEFAULT partition (plain DETACH, rows moved out
 * of DEFAULT every round), half do not (DETACH CONCURRENTLY); a quarter cut their days in
 * America/Los_Angeles, across the switch to daylight saving time on 10 March; half drop at once,
 * half after a grace of a day.
 */
class ContentionIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final int TABLES = 20;
    /**
     * How far the clock moves before each round after the first: mostly a day, sometimes not at all,
     * a few hours, or several days (a maintainer that was down); never so far that a day with rows
     * waiting in DEFAULT expires before it is created.
     */
    private static final List<Duration> STEPS = List.of(days(1), days(1), Duration.ZERO, days(1), days(2), Duration.ofHours(7),
            Duration.ofHours(17), days(1), days(3), days(1), days(1), Duration.ofHours(12), Duration.ofHours(12), days(5), days(1),
            days(1), days(1), days(2), days(1));
    private static final int MAINTAINERS_PER_JVM = 4;
    private static final int ROWS_PER_DAY = 50;
    private static final Instant FIRST_ROUND = Instant.parse("2024-03-01T07:00:00Z");
    private static final ZoneId LOS_ANGELES = ZoneId.of("America/Los_Angeles");
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyy_MM_dd");
    private static final DateTimeFormatter BOUND = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'+00'").withZone(ZoneOffset.UTC);

    /** One table of the test and what its config makes of each round. */
    private record Table(TableSpec spec, boolean withDefault) {

        String name() {
            return spec.table();
        }

        ZoneId zone() {
            return spec.timezone();
        }

        boolean dropsAtOnce() {
            return spec.dropGrace().isZero();
        }

        /** The days kept attached at {@code now}: retention 3 back, create-ahead 3 forward, none before the first round's day. */
        NavigableSet<LocalDate> expectedDays(Instant now) {
            LocalDate today = LocalDate.ofInstant(now, zone());
            LocalDate first = LocalDate.ofInstant(FIRST_ROUND, zone());
            NavigableSet<LocalDate> days = new TreeSet<>();
            for (LocalDate day = today.minusDays(2); !day.isAfter(today.plusDays(2)); day = day.plusDays(1)) {
                if (!day.isBefore(first)) {
                    days.add(day);
                }
            }
            return days;
        }

        Map<String, String> expectedBounds(Instant now) {
            Map<String, String> bounds = new TreeMap<>();
            for (LocalDate day : expectedDays(now)) {
                bounds.put(partition(day), "FOR VALUES FROM ('" + BOUND.format(day.atStartOfDay(zone())) + "') TO ('"
                        + BOUND.format(day.plusDays(1).atStartOfDay(zone())) + "')");
            }
            if (withDefault) {
                bounds.put(name() + "_default", "DEFAULT");
            }
            return bounds;
        }

        String partition(LocalDate day) {
            return name() + "__" + NAME.format(day);
        }
    }

    @Test
    void eightMaintainersInTwoJvmsKeepTwentyTablesExactlyAsPlanned() {
        TestCatalog sql = new TestCatalog(db.dataSource());
        List<Table> tables = new ArrayList<>();
        for (int i = 0; i < TABLES; i++) {
            String name = String.format("t%02d", i);
            TableSpec spec = TableSpec.of(name, "created_at", PartitionGranularity.DAY, 3, 3, i % 2 == 0 ? Duration.ZERO : Duration.ofDays(1));
            boolean withDefault = i % 4 < 2;
            tables.add(new Table(i >= 15 ? spec.withTimezone(LOS_ANGELES) : spec, withDefault));
            sql.exec("CREATE TABLE " + name + " (id bigserial, created_at timestamptz NOT NULL, PRIMARY KEY (id, created_at))"
                    + " PARTITION BY RANGE (created_at)");
            if (withDefault) {
                sql.exec("CREATE TABLE " + name + "_default PARTITION OF " + name + " DEFAULT");
            }
        }
        List<TableSpec> specs = tables.stream().map(Table::spec).toList();

        try (ChildJvm first = ChildJvm.start("contention-a", db, "contention-a", MAINTAINERS_PER_JVM, null, specs);
                ChildJvm second = ChildJvm.start("contention-b", db, "contention-b", MAINTAINERS_PER_JVM, null, specs)) {
            Map<String, Map<LocalDate, Integer>> rows = new HashMap<>();
            Map<String, Map<String, Instant>> orphans = new HashMap<>();
            Instant previous = null;
            Instant now = FIRST_ROUND;
            for (int round = 1; round <= STEPS.size() + 1; round++) {
                if (round > 1) {
                    previous = now;
                    now = now.plus(STEPS.get(round - 2));
                }
                int thisRound = round;
                Instant roundInstant = now;
                CompletableFuture<List<ChildResult>> a = CompletableFuture.supplyAsync(() -> first.runRound(thisRound, roundInstant, Duration.ofSeconds(120)));
                CompletableFuture<List<ChildResult>> b = CompletableFuture.supplyAsync(() -> second.runRound(thisRound, roundInstant, Duration.ofSeconds(120)));
                List<ChildResult> results = new ArrayList<>(a.join());
                results.addAll(b.join());

                assertThat(results).as("round %d: one result per maintainer and table", round).hasSize(2 * MAINTAINERS_PER_JVM * TABLES);
                assertThat(results).as("round %d: nothing but successes and skips", round).allSatisfy(result -> {
                    assertThat(result.error()).isNull();
                    assertThat(result.outcome()).isIn(MaintenanceResult.Outcome.SUCCESS, MaintenanceResult.Outcome.SKIPPED);
                    if (result.outcome() == MaintenanceResult.Outcome.SKIPPED) {
                        assertThat(result.skippedReason()).isEqualTo("another maintainer holds the lock on " + result.table());
                    }
                });
                Map<String, List<ChildResult>> byTable = results.stream().collect(Collectors.groupingBy(ChildResult::table));
                for (Table table : tables) {
                    String what = "round " + round + " at " + now + ", " + table.name();
                    List<ChildResult> ofTable = byTable.get("public." + table.name());
                    NavigableSet<LocalDate> wanted = table.expectedDays(now);
                    Set<LocalDate> created = difference(wanted, previous == null ? Set.of() : table.expectedDays(previous));
                    Set<LocalDate> expired = previous == null ? Set.of() : difference(table.expectedDays(previous), wanted);
                    Map<String, Instant> waiting = orphans.computeIfAbsent(table.name(), name -> new TreeMap<>());
                    Instant at = now;
                    long graceOver = waiting.values().stream().filter(detached -> !detached.plus(table.spec().dropGrace()).isAfter(at)).count();
                    waiting.values().removeIf(detached -> !detached.plus(table.spec().dropGrace()).isAfter(at));
                    if (!table.dropsAtOnce()) {
                        expired.forEach(day -> waiting.put(table.partition(day), at));
                    }

                    assertThat(sql.bounds(table.name())).as(what).containsExactlyEntriesOf(table.expectedBounds(now));
                    assertThat(ofTable.stream().mapToInt(ChildResult::created).sum()).as(what + ": each partition created once")
                            .isEqualTo(created.size());
                    assertThat(ofTable.stream().mapToInt(ChildResult::detached).sum()).as(what + ": each expired one detached once")
                            .isEqualTo(expired.size());
                    assertThat(ofTable.stream().mapToInt(ChildResult::dropped).sum()).as(what + ": each orphan dropped once")
                            .isEqualTo(table.dropsAtOnce() ? expired.size() : graceOver);
                    assertThat(new TreeSet<>(sql.jdbc().queryForList("SELECT c.relname FROM pg_class c JOIN pg_namespace n"
                            + " ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND NOT c.relispartition AND c.relkind = 'r'"
                            + " AND starts_with(c.relname, ?)", String.class, table.name() + "__")))
                            .as(what + ": detached tables waiting for their grace").isEqualTo(waiting.keySet());
                    if (table.withDefault()) {
                        Map<LocalDate, Integer> inserted = rows.computeIfAbsent(table.name(), name -> new TreeMap<>());
                        assertThat(ofTable.stream().mapToLong(ChildResult::moved).sum()).as(what + ": rows moved once")
                                .isEqualTo(created.stream().mapToLong(day -> inserted.getOrDefault(day, 0)).sum());
                        // Days before the kept ones were moved into partitions that have expired since.
                        assertThat(sql.count(table.name() + "_default")).as(what + ": rows of days not created yet wait in DEFAULT")
                                .isEqualTo(inserted.entrySet().stream().filter(entry -> entry.getKey().isAfter(wanted.last()))
                                        .mapToLong(Map.Entry::getValue).sum());
                        for (LocalDate day : wanted) {
                            assertThat(sql.count(table.partition(day))).as(what + ": rows of " + day).isEqualTo((long) inserted.getOrDefault(day, 0));
                        }
                    }
                }
                assertThat(sql.advisoryLocks()).as("round %d: every lock released", round).isZero();

                // Rows for a day a later round creates: they wait in DEFAULT until then.
                for (Table table : tables) {
                    if (table.withDefault()) {
                        LocalDate day = LocalDate.ofInstant(now, table.zone()).plusDays(3);
                        sql.exec("INSERT INTO " + table.name() + " (created_at) SELECT timestamptz '" + BOUND.format(day.atStartOfDay(table.zone()))
                                + "' + g * interval '1 minute' FROM generate_series(0, " + (ROWS_PER_DAY - 1) + ") g");
                        rows.get(table.name()).merge(day, ROWS_PER_DAY, Integer::sum);
                    }
                }
            }
            assertThat(first.exit()).isZero();
            assertThat(second.exit()).isZero();
        }
    }

    private static Duration days(long days) {
        return Duration.ofDays(days);
    }

    private static Set<LocalDate> difference(Set<LocalDate> from, Set<LocalDate> remove) {
        Set<LocalDate> result = new TreeSet<>(from);
        result.removeAll(remove);
        return result;
    }
}
