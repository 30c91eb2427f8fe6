package dev.partsmith.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.partsmith.config.EpochUnit;
import dev.partsmith.config.HashLevel;
import dev.partsmith.config.IntegerLevel;
import dev.partsmith.config.ListLevel;
import dev.partsmith.config.ListValue;
import dev.partsmith.config.PartitionGranularity;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.config.TimeLevel;

/** Every key shape from properties: the levels they describe, and each refusal named by its property, nested ones included. */
class ShapePropertiesTest {

    private static TablePartitionConfig config(org.springframework.context.ApplicationContext context, String key) {
        return context.getBean(PartsmithTables.class).get(key).orElseThrow().config();
    }

    @Test
    void everyShapeBindsIntoItsLevels() {
        Runners.partsmith().withPropertyValues(
                "partsmith.tables.orders.partition-column=id", "partsmith.tables.orders.interval=1000000", "partsmith.tables.orders.start=5",
                "partsmith.tables.orders.retention=4",
                "partsmith.tables.readings.partition-column=at", "partsmith.tables.readings.granularity=day", "partsmith.tables.readings.epoch=milliseconds",
                "partsmith.tables.metrics.partition-column=region", "partsmith.tables.metrics.list.values[0]=eu", "partsmith.tables.metrics.list.values[1]=us",
                "partsmith.tables.metrics.list.retire-with-rows=true",
                "partsmith.tables.metrics.subpartitions[0].partition-column=at", "partsmith.tables.metrics.subpartitions[0].granularity=day",
                "partsmith.tables.metrics.subpartitions[0].create-ahead=2", "partsmith.tables.metrics.subpartitions[0].retention=30",
                "partsmith.tables.sessions.partition-column=user_id", "partsmith.tables.sessions.hash.modulus=8",
                "partsmith.tables.events.partition-column=created_at", "partsmith.tables.events.granularity=day",
                "partsmith.tables.events.tenant-column=project_id", "partsmith.tables.events.tenants[0]=tenant1",
                "partsmith.tables.events.tenants[1].id=tenant2", "partsmith.tables.events.tenants[1].create-ahead=10",
                "partsmith.tables.events.tenants[1].retention=30").run(context -> {
                    assertThat(config(context, "orders").levels()).containsExactly(IntegerLevel.of("id", 1_000_000, 5, 3, 4));
                    assertThat(config(context, "readings").levels()).containsExactly(new TimeLevel("at", PartitionGranularity.DAY, null,
                            EpochUnit.MILLISECONDS, 3, null));
                    assertThat(config(context, "metrics").levels()).containsExactly(new ListLevel("region", java.util.List.of(ListValue.of("eu"),
                            ListValue.of("us")), true), TimeLevel.of("at", PartitionGranularity.DAY, 2, 30));
                    assertThat(config(context, "sessions").levels()).containsExactly(HashLevel.of("user_id", 8));
                    assertThat(config(context, "events").levels()).containsExactly(new ListLevel("project_id", java.util.List.of(ListValue.of("tenant1"),
                            new ListValue("tenant2", 10, 30)), false), TimeLevel.of("created_at", PartitionGranularity.DAY, 3, null));
                    assertThat(context.getBean(PartsmithTables.class).get("events").orElseThrow().granularity())
                            .isEqualTo("tenants (2 values) > day");
                });
    }

    @Test
    void aTableHasEitherAnIntervalOrAGranularityNamedByItsProperty() {
        Runners.partsmith().withPropertyValues("partsmith.tables.orders.partition-column=id", "partsmith.tables.orders.interval=1000",
                "partsmith.tables.orders.granularity=month").run(context -> assertThat(FailureReports.report(context))
                        .contains("Property: partsmith.tables.orders.interval")
                        .contains("Reason:   must not be set together with granularity: a level is split by one of a granularity (time), an"
                                + " interval (integers), listValues or a hashModulus"));
        Runners.partsmith().withPropertyValues("partsmith.tables.orders.partition-column=id").run(context -> assertThat(FailureReports.report(context))
                .contains("Property: partsmith.tables.orders.granularity")
                .contains("Reason:   is required (one of HOUR, DAY, WEEK, MONTH, QUARTER, YEAR), unless a periodCalculator is set, or the table is"
                        + " split by an interval (integer keys), listValues or a hashModulus"));
    }

    @Test
    void refusalsBelowATableAreNamedByTheirNestedProperty() {
        Runners.partsmith().withPropertyValues("partsmith.tables.sessions.partition-column=started_at", "partsmith.tables.sessions.granularity=month",
                "partsmith.tables.sessions.subpartitions[0].partition-column=user_id", "partsmith.tables.sessions.subpartitions[0].hash.modulus=0",
                "partsmith.tables.events.partition-column=created_at", "partsmith.tables.events.granularity=day",
                "partsmith.tables.events.tenant-column=project_id", "partsmith.tables.events.tenants[0].id=tenant1",
                "partsmith.tables.events.tenants[0].create-ahead=0", "partsmith.tables.metrics.partition-column=region",
                "partsmith.tables.metrics.list.values[0]=eu", "partsmith.tables.metrics.list.values[1]=eu")
                .run(context -> assertThat(FailureReports.report(context))
                        .contains("Property: partsmith.tables.sessions.subpartitions[0].hash.modulus")
                        .contains("Reason:   must be between 1 and 1000")
                        .contains("Property: partsmith.tables.events.tenants[0].create-ahead")
                        .contains("Property: partsmith.tables.metrics.list.values[1]")
                        .contains("Reason:   is listed twice"));
    }

    @Test
    void defaultsOfShapesAreInheritedLikeAnyOther() {
        Runners.partsmith().withPropertyValues("partsmith.defaults.partition-column=id", "partsmith.defaults.interval=500",
                "partsmith.tables.orders.create-ahead=2", "partsmith.tables.invoices.start=100")
                .run(context -> {
                    assertThat(config(context, "orders").levels()).containsExactly(IntegerLevel.of("id", 500, 0, 2, null));
                    assertThat(config(context, "invoices").levels()).containsExactly(IntegerLevel.of("id", 500, 100, 3, null));
                });
    }
}
