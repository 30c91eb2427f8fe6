package dev.partsmith.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.partsmith.catalog.ByteLayout;
import dev.partsmith.catalog.KeyPoint;
import dev.partsmith.catalog.PartitionBound;
import dev.partsmith.catalog.PartitionBounds;
import dev.partsmith.catalog.PartitionInfo;
import dev.partsmith.catalog.PartitionKey;
import dev.partsmith.catalog.PartitionKey.Strategy;
import dev.partsmith.catalog.PartitionNode;
import dev.partsmith.catalog.PartitionTree;
import dev.partsmith.catalog.Partitions;
import dev.partsmith.catalog.QualifiedName;
import dev.partsmith.config.EpochUnit;
import dev.partsmith.config.PartitionGranularity;
import dev.partsmith.config.PartitionLevel;
import dev.partsmith.config.TablePartitionConfig;

/**
 * Where {@link PartitionMap#resolve} places keys, shape by shape. The hash cases expect the partitions
 * PostgreSQL 15 put rows with these keys in, read from the server.
 */
class PartitionMapTest {

    private static final ByteLayout UTF8 = new ByteLayout("UTF8", true);

    private static final KeyColumn CREATED_AT = column("created_at", "timestamp with time zone");

    // Time ranges

    @Test
    void aKeyGoesToTheRangeHoldingItLowerBoundIncludedUpperBoundExcluded() {
        PartitionMap map = map("events", Strategy.RANGE, List.of(CREATED_AT), month("events__2024_03", "2024-03-01T00:00:00Z", "2024-04-01T00:00:00Z"),
                month("events__2024_04", "2024-04-01T00:00:00Z", "2024-05-01T00:00:00Z"));

        assertThat(name(map, RoutingKey.of(Instant.parse("2024-03-01T00:00:00Z")))).contains("events__2024_03");
        assertThat(name(map, RoutingKey.of(Instant.parse("2024-03-31T23:59:59.999999Z")))).contains("events__2024_03");
        assertThat(name(map, RoutingKey.of(Instant.parse("2024-04-01T00:00:00Z")))).contains("events__2024_04");
        assertThat(name(map, RoutingKey.of(OffsetDateTime.parse("2024-04-01T01:00:00+02:00")))).as("23:00 UTC on 31 March").contains("events__2024_03");
        assertThat(name(map, RoutingKey.of(ZonedDateTime.of(2024, 4, 30, 23, 0, 0, 0, ZoneId.of("Europe/Berlin"))))).contains("events__2024_04");
        assertThat(map.resolve(RoutingKey.of(Instant.parse("2024-05-01T00:00:00Z")))).as("no range, no DEFAULT").isEmpty();
        assertThat(map.resolve(RoutingKey.of(Instant.parse("2024-02-29T23:59:59Z")))).isEmpty();
    }

    @Test
    void aKeyNoRangeHoldsGoesToTheDefaultPartitionWhichSaysSo() {
        PartitionMap map = map("events", Strategy.RANGE, List.of(CREATED_AT), month("events__2024_03", "2024-03-01T00:00:00Z", "2024-04-01T00:00:00Z"),
                defaultPartition("events_default"));

        assertThat(map.resolve(RoutingKey.of(Instant.parse("2025-01-01T00:00:00Z")))).hasValueSatisfying(partition -> {
            assertThat(partition.name()).isEqualTo("events_default");
            assertThat(partition.defaultPartition()).isTrue();
            assertThat(partition.boundExpression()).isEqualTo("DEFAULT");
        });
        assertThat(map.resolve(RoutingKey.of(Instant.parse("2024-03-02T00:00:00Z")))).hasValueSatisfying(partition -> {
            assertThat(partition.name()).isEqualTo("events__2024_03");
            assertThat(partition.defaultPartition()).isFalse();
        });
    }

    @Test
    void minvalueAndMaxvalueLeaveTheirSideOpen() {
        PartitionMap map = map("events", Strategy.RANGE, List.of(CREATED_AT), month("events_old", null, "2024-03-01T00:00:00Z"),
                month("events_new", "2024-03-01T00:00:00Z", null));

        assertThat(name(map, RoutingKey.of(Instant.parse("0001-01-01T00:00:00Z")))).contains("events_old");
        assertThat(name(map, RoutingKey.of(Instant.parse("2024-02-29T23:59:59Z")))).contains("events_old");
        assertThat(name(map, RoutingKey.of(Instant.parse("2024-03-01T00:00:00Z")))).contains("events_new");
        assertThat(name(map, RoutingKey.of(Instant.parse("9999-12-31T23:59:59Z")))).contains("events_new");
    }

    @Test
    void keysAreRoundedToTheMicrosecondAsPostgresStoresThem() {
        PartitionMap map = map("events", Strategy.RANGE, List.of(CREATED_AT), month("events__2024_03", "2024-03-01T00:00:00Z", "2024-04-01T00:00:00Z"),
                month("events__2024_04", "2024-04-01T00:00:00Z", "2024-05-01T00:00:00Z"));

        assertThat(name(map, RoutingKey.of(Instant.parse("2024-03-31T23:59:59.9999994Z")))).contains("events__2024_03");
        assertThat(name(map, RoutingKey.of(Instant.parse("2024-03-31T23:59:59.9999995Z")))).contains("events__2024_04");
    }

    @Test
    void aTimestampKeyTakesLocalValuesAndADateKeyTakesDates() {
        PartitionMap timestamp = map("t", Strategy.RANGE, List.of(column("at", "timestamp without time zone")),
                month("t__2024_03", "2024-03-01T00:00:00Z", "2024-04-01T00:00:00Z"));
        assertThat(name(timestamp, RoutingKey.of(LocalDateTime.parse("2024-03-31T23:59:59")))).contains("t__2024_03");
        assertThat(name(timestamp, RoutingKey.of(LocalDate.parse("2024-03-01")))).contains("t__2024_03");
        assertThat(timestamp.resolve(RoutingKey.of(LocalDateTime.parse("2024-04-01T00:00:00")))).isEmpty();

        PartitionMap date = map("d", Strategy.RANGE, List.of(column("day", "date")), month("d__2024_03", "2024-03-01T00:00:00Z", "2024-04-01T00:00:00Z"));
        assertThat(name(date, RoutingKey.of(LocalDate.parse("2024-03-31")))).contains("d__2024_03");
        assertThat(name(date, RoutingKey.of(LocalDateTime.parse("2024-03-31T23:59:59")))).as("PostgreSQL keeps the date").contains("d__2024_03");
        assertThat(date.resolve(RoutingKey.of(LocalDate.parse("2024-04-01")))).isEmpty();
    }

    @Test
    void aKeyWhoseMeaningWouldDependOnTheSessionsTimeZoneIsRefusedNamingTheTableAndTheTypes() {
        PartitionMap timestamptz = map("events", Strategy.RANGE, List.of(CREATED_AT));
        assertThatThrownBy(() -> timestamptz.resolve(RoutingKey.of(LocalDateTime.parse("2024-03-01T00:00:00"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("public.events is partitioned on created_at, a timestamp with time zone, which a LocalDateTime 2024-03-01T00:00 cannot"
                        + " be placed on: give an Instant, OffsetDateTime or ZonedDateTime (a LocalDateTime has no time zone)");

        PartitionMap timestamp = map("t", Strategy.RANGE, List.of(column("at", "timestamp without time zone")));
        assertThatThrownBy(() -> timestamp.resolve(RoutingKey.of(Instant.parse("2024-03-01T00:00:00Z"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith("give a LocalDateTime or LocalDate (an instant would be read in the session's time zone)");
    }

    @Test
    void aTimeBeyondTheTimesTheRouterPlacesIsRefused() {
        PartitionMap map = map("events", Strategy.RANGE, List.of(CREATED_AT), month("events_all", null, null));

        assertThat(name(map, RoutingKey.of(Instant.parse("+294246-12-31T23:59:59.999999Z")))).contains("events_all");
        assertThat(name(map, RoutingKey.of(Instant.parse("-4713-11-24T00:00:00Z")))).as("PostgreSQL's first timestamp").contains("events_all");
        assertThatThrownBy(() -> map.resolve(RoutingKey.of(Instant.parse("-4713-11-23T23:59:59Z")))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("public.events is partitioned on created_at, a timestamp with time zone; Instant -4713-11-23T23:59:59Z is outside"
                        + " the times the router places, 4713 BC to 294246 AD");
        assertThatThrownBy(() -> map.resolve(RoutingKey.of(Instant.parse("+294247-02-01T00:00:00Z")))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith("is outside the times the router places, 4713 BC to 294246 AD");
        PartitionMap dates = map("d", Strategy.RANGE, List.of(column("day", "date")), month("d_all", null, null));
        assertThatThrownBy(() -> dates.resolve(RoutingKey.of(LocalDate.of(300000, 1, 1)))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("public.d is partitioned on day, a date; LocalDate +300000-01-01 is outside the times the router places, 4713 BC to 294246 AD");
    }

    @Test
    void aRoutingKeyOfAnotherTypeIsRefusedWhenMade() {
        assertThatThrownBy(() -> RoutingKey.with("price", 1.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a routing key's value is an Instant, OffsetDateTime, ZonedDateTime, LocalDateTime, LocalDate, Long, Integer, Short,"
                        + " BigInteger, String or UUID, not a java.lang.Double (1.5)");
    }

    // Integer ranges and epoch keys

    @Test
    void integerKeysTakeTheIntegerTypesAndDecimalTextWithinTheColumnsRange() {
        PartitionMap map = map("ledger", Strategy.RANGE, List.of(column("n", "smallint")), range("ledger__m100", point(-100), point(0)),
                range("ledger__p0", point(0), point(100)), range("ledger__top", point(100), PartitionBound.maxValue()));

        assertThat(name(map, RoutingKey.of(-100))).contains("ledger__m100");
        assertThat(name(map, RoutingKey.of(-1L))).contains("ledger__m100");
        assertThat(name(map, RoutingKey.with("n", (short) 0))).contains("ledger__p0");
        assertThat(name(map, RoutingKey.of(BigInteger.valueOf(99)))).contains("ledger__p0");
        assertThat(name(map, RoutingKey.of("+100"))).contains("ledger__top");
        assertThat(name(map, RoutingKey.of(Short.MAX_VALUE))).contains("ledger__top");
        assertThat(map.resolve(RoutingKey.of("-101"))).isEmpty();

        assertThatThrownBy(() -> map.resolve(RoutingKey.of(32768))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("public.ledger is partitioned on n, a smallint, which holds -32768 to 32767, not Long 32768");
        assertThatThrownBy(() -> map.resolve(RoutingKey.of("12 "))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("public.ledger is partitioned on n, a smallint, which a String 12  cannot be placed on: give a Long, Integer, Short or"
                        + " BigInteger, or a String of decimal digits");
        PartitionMap bigint = map("orders", Strategy.RANGE, List.of(column("id", "bigint")), range("orders_all", PartitionBound.minValue(),
                PartitionBound.maxValue()));
        assertThatThrownBy(() -> bigint.resolve(RoutingKey.of(BigInteger.TWO.pow(63)))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("public.orders is partitioned on id, a bigint, which holds -9223372036854775808 to 9223372036854775807,"
                        + " not BigInteger 9223372036854775808");
    }

    @Test
    void anEpochKeyTakesAnInstantAsItsEpochNumberOrTheNumberItself() {
        long march = Instant.parse("2024-03-01T00:00:00Z").getEpochSecond();
        long april = Instant.parse("2024-04-01T00:00:00Z").getEpochSecond();
        PartitionMap seconds = map("readings", Strategy.RANGE, List.of(new KeyColumn(new PartitionKey.Column("at", "bigint"), EpochUnit.SECONDS)),
                range("readings__2024_03", point(march), point(april)));

        assertThat(name(seconds, RoutingKey.of(Instant.parse("2024-03-31T23:59:59.999Z")))).as("rounded down to its second")
                .contains("readings__2024_03");
        assertThat(seconds.resolve(RoutingKey.of(Instant.parse("2024-04-01T00:00:00Z")))).isEmpty();
        assertThat(name(seconds, RoutingKey.of(march))).contains("readings__2024_03");

        PartitionMap millis = map("readings", Strategy.RANGE, List.of(new KeyColumn(new PartitionKey.Column("at", "bigint"),
                EpochUnit.MILLISECONDS)), range("readings__2024_03", point(march * 1000), point(april * 1000)));
        assertThat(name(millis, RoutingKey.of(OffsetDateTime.parse("2024-04-01T01:59:59.999+02:00")))).contains("readings__2024_03");
        assertThat(millis.resolve(RoutingKey.of(Instant.parse("2024-04-01T00:00:00Z")))).isEmpty();
        assertThatThrownBy(() -> millis.resolve(RoutingKey.of(LocalDateTime.parse("2024-03-01T00:00:00")))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("public.readings is partitioned on at, a bigint of epoch milliseconds, which a LocalDateTime 2024-03-01T00:00 cannot be"
                        + " placed on: give an Instant, OffsetDateTime or ZonedDateTime, or the number itself (a Long, Integer, Short or BigInteger,"
                        + " or a String of decimal digits)");
    }

    // LIST

    @Test
    void aListedValueGoesToItsPartitionNullToThePartitionListingNullOthersToDefault() {
        PartitionMap map = map("events", Strategy.LIST, List.of(text("region", "default")), list("events__eu", text("eu"), text("EU")),
                list("events__us", text("us")), list("events__none", PartitionBound.nullValue()), defaultPartition("events_default"));

        assertThat(name(map, RoutingKey.of("eu"))).contains("events__eu");
        assertThat(name(map, RoutingKey.of("EU"))).contains("events__eu");
        assertThat(name(map, RoutingKey.of("us"))).contains("events__us");
        assertThat(name(map, RoutingKey.with("region", null))).contains("events__none");
        assertThat(name(map, RoutingKey.of("eu "))).as("text is compared whole").contains("events_default");
        assertThat(name(map, RoutingKey.of("Eu"))).contains("events_default");

        PartitionMap withoutDefault = map("events", Strategy.LIST, List.of(text("region", "default")), list("events__eu", text("eu")));
        assertThat(withoutDefault.resolve(RoutingKey.with("region", null))).as("no partition lists NULL").isEmpty();
        assertThat(withoutDefault.resolve(RoutingKey.of("us"))).isEmpty();
    }

    @Test
    void aListOfIntegersOrUuidsTakesTheirValuesOrTheirText() {
        PartitionMap integers = map("accounts", Strategy.LIST, List.of(column("tier", "integer")), list("accounts__1", point(1), point(-2)),
                list("accounts__3", point(3)));
        assertThat(name(integers, RoutingKey.of(1))).contains("accounts__1");
        assertThat(name(integers, RoutingKey.of("-2"))).contains("accounts__1");
        assertThat(name(integers, RoutingKey.of(3L))).contains("accounts__3");
        assertThat(integers.resolve(RoutingKey.of(4))).isEmpty();

        UUID tenant = UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
        PartitionMap uuids = map("docs", Strategy.LIST, List.of(column("tenant", "uuid")), list("docs__a", text(tenant.toString())));
        assertThat(name(uuids, RoutingKey.of(tenant))).contains("docs__a");
        assertThat(name(uuids, RoutingKey.of("A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11"))).contains("docs__a");
        assertThatThrownBy(() -> uuids.resolve(RoutingKey.of("a0eebc999c0b4ef8bb6d6bb9bd380a11"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("public.docs is partitioned on tenant, a uuid, which a String a0eebc999c0b4ef8bb6d6bb9bd380a11 cannot be placed on:"
                        + " give a UUID, or a String in its 8-4-4-4-12 hex form");
    }

    @Test
    void textPostgresCannotHoldIsRefused() {
        PartitionMap map = map("events", Strategy.LIST, List.of(text("region", "default")), list("events__eu", text("eu")));

        assertThatThrownBy(() -> map.resolve(RoutingKey.of("e\0u"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("public.events is partitioned on region, a text, which cannot hold String e\\0u: PostgreSQL's text has no NUL character");
        assertThatThrownBy(() -> map.resolve(RoutingKey.of("\ud800"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith("it is not valid Unicode (a lone surrogate)");
        assertThatThrownBy(() -> map.resolve(RoutingKey.of(42))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("public.events is partitioned on region, a text, which a Long 42 cannot be placed on: give a String");
    }

    // HASH

    @Test
    void aHashKeyGoesToTheRemainderPostgresComputes() {
        PartitionMap bigint = map("hb", Strategy.HASH, List.of(column("k", "bigint")), hash("hb0", 4, 0), hash("hb1", 4, 1), hash("hb2", 4, 2),
                hash("hb3", 4, 3));
        assertThat(name(bigint, RoutingKey.of(42))).contains("hb2");
        assertThat(name(bigint, RoutingKey.of(0))).contains("hb0");
        assertThat(name(bigint, RoutingKey.of(-1))).contains("hb1");
        assertThat(name(bigint, RoutingKey.of(7))).contains("hb3");
        assertThat(name(bigint, RoutingKey.with("k", null))).as("no value hashed: remainder 0").contains("hb0");

        PartitionMap text = map("ht", Strategy.HASH, List.of(text("k", "default")), hash("ht0", 3, 0), hash("ht1", 3, 1), hash("ht2", 3, 2));
        assertThat(name(text, RoutingKey.of("eu"))).contains("ht0");
        assertThat(name(text, RoutingKey.of("apac"))).contains("ht1");
        assertThat(name(text, RoutingKey.of(""))).contains("ht2");
        assertThat(name(text, RoutingKey.of("日本語"))).contains("ht0");
    }

    @Test
    void aHashOfSeveralColumnsCombinesThemAndMixedModuliAreServed() {
        PartitionMap map = map("h2", Strategy.HASH, List.of(column("a", "integer"), text("b", "default")), hash("h2_0", 2, 0), hash("h2_1", 4, 1),
                hash("h2_3", 4, 3));

        assertThat(name(map, RoutingKey.with("a", 1).and("b", "x"))).contains("h2_0");
        assertThat(name(map, RoutingKey.with("a", 2).and("b", "y"))).contains("h2_3");
        assertThat(name(map, RoutingKey.with("a", 3).and("b", null))).contains("h2_1");
        assertThat(name(map, RoutingKey.with("a", null).and("b", "z"))).contains("h2_0");
        assertThat(name(map, RoutingKey.with("a", 5).and("b", "w"))).contains("h2_1");
        assertThat(name(map, RoutingKey.with("a", 6).and("b", "v"))).contains("h2_0");

        PartitionMap missing = map("h2", Strategy.HASH, List.of(column("a", "integer"), text("b", "default")), hash("h2_0", 2, 0));
        assertThat(missing.resolve(RoutingKey.with("a", 2).and("b", "y"))).as("no partition has remainder 3").isEmpty();
    }

    @Test
    void keysTheRouterCannotHashAreRefusedNamingTheColumn() {
        PartitionMap time = map("hts", Strategy.HASH, List.of(CREATED_AT), hash("hts0", 1, 0));
        assertThatThrownBy(() -> time.resolve(RoutingKey.of(Instant.EPOCH))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("public.hts is partitioned on created_at, a timestamp with time zone, whose values the router does not hash: it hashes"
                        + " smallint, integer, bigint, text, character varying and uuid keys");

        PartitionMap bigEndian = new PartitionMap(table("ht"), Strategy.HASH, List.of(text("k", "default")), new ByteLayout("UTF8", false),
                List.of(hash("ht0", 1, 0)));
        assertThatThrownBy(() -> bigEndian.resolve(RoutingKey.of("eu"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("public.ht is partitioned on k, a text, which the server hashes big-endian; the router hashes text and uuid keys as"
                        + " little-endian servers (x86-64, ARM) do");
    }

    // Levels and columns

    @Test
    void aKeyWalksDownToTheTableThatHoldsTheRow() {
        PartitionMap map = monthsByUser();

        assertThat(name(map, RoutingKey.with("created_at", Instant.parse("2024-03-15T00:00:00Z")).and("user_id", 42L))).contains("events__2024_03__h2");
        assertThat(name(map, RoutingKey.of(Map.of("user_id", 7, "created_at", Instant.parse("2024-03-15T00:00:00Z"))))).contains("events__2024_03__h3");
        assertThat(name(map, RoutingKey.with("created_at", Instant.parse("2024-07-01T00:00:00Z")).and("user_id", 42L)))
                .as("a DEFAULT partition that is not partitioned holds the row").contains("events_default");
    }

    @Test
    void aKeyLackingAValueOrNamingAnotherColumnIsRefused() {
        PartitionMap map = monthsByUser();

        assertThatThrownBy(() -> map.resolve(RoutingKey.of(Instant.parse("2024-03-15T00:00:00Z")))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("public.events is split on 2 columns (created_at, user_id), which one value cannot place: give a value for each by name,"
                        + " RoutingKey.with(\"created_at\", …).and(\"user_id\", …)");
        assertThatThrownBy(() -> map.resolve(RoutingKey.with("created_at", Instant.parse("2024-03-15T00:00:00Z"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("public.events__2024_03 is partitioned by HASH (user_id): the key created_at = Instant 2024-03-15T00:00:00Z has no value for"
                        + " user_id");
        assertThatThrownBy(() -> map.resolve(RoutingKey.with("created_at", Instant.parse("2024-03-15T00:00:00Z")).and("userid", 42)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("public.events is not split on userid: its key columns are created_at, user_id");
        assertThat(map.resolve(RoutingKey.with("created_at", Instant.parse("2024-07-15T00:00:00Z"))))
                .as("the DEFAULT partition needs no user_id").map(RoutedPartition::name).contains("events_default");
    }

    @Test
    void tenantsInACompositeRangeAreFoundByEqualityWhateverTheCollation() {
        PartitionMap map = map("events", Strategy.RANGE, List.of(text("project_id", "default"), CREATED_AT),
                tenantDay("events__tenant1__2026_12_01", "tenant1", "2026-12-01T00:00:00Z", "2026-12-02T00:00:00Z"),
                tenantDay("events__tenant1__2026_12_02", "tenant1", "2026-12-02T00:00:00Z", "2026-12-03T00:00:00Z"),
                tenantDay("events__tenant2__2026_12_01", "tenant2", "2026-12-01T00:00:00Z", "2026-12-02T00:00:00Z"));

        assertThat(name(map, RoutingKey.with("project_id", "tenant1").and("created_at", Instant.parse("2026-12-02T10:00:00Z"))))
                .contains("events__tenant1__2026_12_02");
        assertThat(name(map, RoutingKey.with("created_at", Instant.parse("2026-12-01T10:00:00Z")).and("project_id", "tenant2")))
                .contains("events__tenant2__2026_12_01");
        assertThat(map.resolve(RoutingKey.with("project_id", "tenant3").and("created_at", Instant.parse("2026-12-01T10:00:00Z")))).isEmpty();
        assertThat(map.resolve(RoutingKey.with("project_id", null).and("created_at", Instant.parse("2026-12-01T10:00:00Z"))))
                .as("a NULL in a range key goes to DEFAULT, and there is none").isEmpty();
        assertThat(map.resolve(RoutingKey.with("project_id", "tenant2").and("created_at", Instant.parse("2026-12-02T00:00:00Z")))).isEmpty();
    }

    @Test
    void textRangesSpanningSeveralValuesAreOrderedInTheCCollationAndRefusedInOthers() {
        PartitionBounds.Range aToM = new PartitionBounds.Range(List.of(text("a"), PartitionBound.minValue()), List.of(text("m"),
                PartitionBound.minValue()));
        PartitionMap bytes = map("events", Strategy.RANGE, List.of(text("project_id", "C"), CREATED_AT), routed("events__a_m", aToM),
                defaultPartition("events_default"));
        assertThat(name(bytes, tenantKey("b"))).contains("events__a_m");
        assertThat(name(bytes, tenantKey("a"))).contains("events__a_m");
        assertThat(name(bytes, tenantKey("m"))).contains("events_default");
        assertThat(name(bytes, tenantKey("Z"))).as("upper case sorts first in bytes").contains("events_default");
        assertThat(name(bytes, tenantKey("é"))).contains("events_default");

        PartitionMap collated = map("events", Strategy.RANGE, List.of(text("project_id", "en_US"), CREATED_AT), routed("events__a_m", aToM),
                defaultPartition("events_default"));
        assertThat(name(collated, tenantKey("m"))).as("decided at the bound itself").contains("events_default");
        assertThatThrownBy(() -> collated.resolve(tenantKey("b"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("public.events cannot tell whether public.events__a_m (FOR VALUES FROM ('a', MINVALUE) TO ('m', MINVALUE)) holds"
                        + " project_id = 'b': that depends on how collation \"en_US\" orders 'a' and 'b', which the router does not reproduce"
                        + " (it orders text in the C and POSIX collations only)");
    }

    @Test
    void columnsTheRouterCannotCompareAreRefusedNamingWhy() {
        PartitionMap nondeterministic = map("events", Strategy.LIST, List.of(new KeyColumn(new PartitionKey.Column("region", "text", "und-ci", false,
                true), null)), list("events__eu", text("eu")));
        assertThatThrownBy(() -> nondeterministic.resolve(RoutingKey.of("eu"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("public.events is partitioned on region, a text, with the nondeterministic collation \"und-ci\"; the router compares"
                        + " text by its bytes, as deterministic collations do");

        PartitionMap latin1 = new PartitionMap(table("events"), Strategy.LIST, List.of(text("region", "default")), new ByteLayout("LATIN1", true),
                List.of(list("events__eu", text("eu"))));
        assertThatThrownBy(() -> latin1.resolve(RoutingKey.of("eu"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("public.events is partitioned on region, a text, in a database encoded in LATIN1; the router places text keys of UTF8"
                        + " databases");

        PartitionMap patternOps = map("events", Strategy.RANGE, List.of(new KeyColumn(new PartitionKey.Column("region", "text", "default", true,
                false), null)));
        assertThatThrownBy(() -> patternOps.resolve(RoutingKey.of("eu"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("public.events is partitioned on region, a text, with an operator class other than its type's default; the router"
                        + " compares and hashes values as the default does");

        PartitionMap numeric = map("prices", Strategy.RANGE, List.of(column("amount", "numeric")));
        assertThatThrownBy(() -> numeric.resolve(RoutingKey.of(1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("public.prices is partitioned on amount, a numeric, which the router does not place keys on: it places keys of"
                        + " timestamp with time zone, timestamp without time zone, date, smallint, integer, bigint, text, character varying and"
                        + " uuid columns");

        PartitionMap expression = map("events", Strategy.RANGE, List.of(new KeyColumn(new PartitionKey.Column(null, "expression"), null)));
        assertThatThrownBy(() -> expression.resolve(RoutingKey.of(1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("public.events is partitioned on an expression, which the router does not evaluate");
    }

    // From a catalog snapshot

    @Test
    void aMapFromACatalogSnapshotLeavesOutPartitionsPendingDetachAndDetachedTables() {
        PartitionInfo current = info("events__2024_03", "2024-03-01T00:00:00Z", "2024-04-01T00:00:00Z", true, false);
        PartitionInfo pending = info("events__2024_02", "2024-02-01T00:00:00Z", "2024-03-01T00:00:00Z", true, true);
        PartitionInfo detached = info("events__2024_01", "2024-01-01T00:00:00Z", "2024-02-01T00:00:00Z", false, false);
        PartitionTree tree = tree(Partitions.node(List.of(current, pending), List.of(detached)));

        PartitionMap map = PartitionMap.of(tree, TablePartitionConfig.builder().tableName("events").partitionColumn("created_at")
                .granularity(PartitionGranularity.MONTH).build());

        assertThat(map.partitions()).extracting(RoutedPartition::name).containsExactly("events__2024_03");
        assertThat(map.resolve(RoutingKey.of(Instant.parse("2024-02-15T00:00:00Z")))).isEmpty();
    }

    @Test
    void aMapFromACatalogSnapshotCarriesEveryLevelAndTheConfigsEpochColumns() {
        PartitionKey byDevice = new PartitionKey(Strategy.LIST, List.of(new PartitionKey.Column("device", "text", "default", true, true)));
        PartitionKey byEpoch = new PartitionKey(Strategy.RANGE, List.of(new PartitionKey.Column("at", "bigint")));
        long march = Instant.parse("2024-03-01T00:00:00Z").getEpochSecond();
        PartitionBounds.Range days = new PartitionBounds.Range(List.of(point(march)), List.of(point(march + 86400)));
        PartitionNode probe = new PartitionNode(new QualifiedName("public", "readings__probe"), byEpoch,
                List.of(new PartitionInfo(new QualifiedName("public", "readings__probe__2024_03_01"), days.forValues(), days, true, false, 0, 0, null,
                        null)), List.of());
        PartitionBounds.In probeValues = new PartitionBounds.In(List.of(text("probe")));
        PartitionNode root = new PartitionNode(new QualifiedName("public", "readings"), byDevice, List.of(new PartitionInfo(
                new QualifiedName("public", "readings__probe"), probeValues.forValues(), probeValues, true, false, 0, 0, null, probe)), List.of());

        PartitionMap map = PartitionMap.of(tree(root), TablePartitionConfig.builder().tableName("readings").partitionColumn("device")
                .listValues("probe").subpartition(PartitionLevel.builder().partitionColumn("at")
                        .granularity(PartitionGranularity.DAY).epoch(EpochUnit.SECONDS)).build());

        assertThat(map.columns()).containsExactly("device", "at");
        assertThat(map.partitions().get(0).subpartitions().key()).extracting(KeyColumn::epoch).containsExactly(EpochUnit.SECONDS);
        assertThat(name(map, RoutingKey.with("device", "probe").and("at", Instant.parse("2024-03-01T12:00:00Z")))).contains("readings__probe__2024_03_01");
    }

    private static PartitionMap monthsByUser() {
        KeyColumn userId = column("user_id", "bigint");
        PartitionMap march = map("events__2024_03", Strategy.HASH, List.of(userId), hash("events__2024_03__h0", 4, 0), hash("events__2024_03__h1", 4, 1),
                hash("events__2024_03__h2", 4, 2), hash("events__2024_03__h3", 4, 3));
        PartitionBounds.Range range = new PartitionBounds.Range(List.of(time("2024-03-01T00:00:00Z")), List.of(time("2024-04-01T00:00:00Z")));
        return map("events", Strategy.RANGE, List.of(CREATED_AT), new RoutedPartition(table("events__2024_03"), range.forValues(), range, march),
                defaultPartition("events_default"));
    }

    private static RoutingKey tenantKey(String tenant) {
        return RoutingKey.with("project_id", tenant).and("created_at", Instant.parse("2026-12-01T10:00:00Z"));
    }

    private static Optional<String> name(PartitionMap map, RoutingKey key) {
        return map.resolve(key).map(RoutedPartition::name);
    }

    private static PartitionMap map(String table, Strategy strategy, List<KeyColumn> key, RoutedPartition... partitions) {
        return new PartitionMap(table(table), strategy, key, UTF8, List.of(partitions));
    }

    private static QualifiedName table(String name) {
        return new QualifiedName("public", name);
    }

    private static KeyColumn column(String name, String sqlType) {
        return new KeyColumn(new PartitionKey.Column(name, sqlType), null);
    }

    private static KeyColumn text(String name, String collation) {
        return new KeyColumn(new PartitionKey.Column(name, "text", collation, true, true), null);
    }

    private static PartitionBound text(String value) {
        return PartitionBound.value(null, value);
    }

    private static PartitionBound point(long value) {
        return PartitionBound.value(new KeyPoint(value), Long.toString(value));
    }

    private static PartitionBound time(String instant) {
        return PartitionBound.value(KeyPoint.ofInstant(Instant.parse(instant)), instant);
    }

    private static RoutedPartition routed(String name, PartitionBounds bounds) {
        return new RoutedPartition(table(name), bounds.forValues(), bounds, null);
    }

    private static RoutedPartition month(String name, String from, String to) {
        return routed(name, Partitions.range(from, to));
    }

    private static RoutedPartition range(String name, PartitionBound from, PartitionBound to) {
        return routed(name, new PartitionBounds.Range(List.of(from), List.of(to)));
    }

    private static RoutedPartition tenantDay(String name, String tenant, String from, String to) {
        return routed(name, new PartitionBounds.Range(List.of(text(tenant), time(from)), List.of(text(tenant), time(to))));
    }

    private static RoutedPartition list(String name, PartitionBound... values) {
        return routed(name, new PartitionBounds.In(Arrays.asList(values)));
    }

    private static RoutedPartition hash(String name, int modulus, int remainder) {
        return routed(name, new PartitionBounds.Hash(modulus, remainder));
    }

    private static RoutedPartition defaultPartition(String name) {
        return routed(name, new PartitionBounds.Default());
    }

    private static PartitionInfo info(String name, String from, String to, boolean attached, boolean detachPending) {
        PartitionBounds.Range range = Partitions.range(from, to);
        return new PartitionInfo(new QualifiedName("public", name), range.forValues(), range, attached, detachPending, 0, 0, null, null);
    }

    private static PartitionTree tree(PartitionNode root) {
        return new PartitionTree(root, "app", true, false, Instant.parse("2024-03-15T10:00:00Z"), new HashMap<>(), new HashMap<>(), UTF8);
    }
}
