package dev.partsmith.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A key partsmith does not know fails the start, naming the key, where it was set and the closest known key. */
class UnknownPartsmithPropertiesTest {

    @Test
    void aMisspelledGraceFailsTheStartInsteadOfDroppingInTheSameRun() {
        Runners.withEvents().withPropertyValues("partsmith.tables.events.drop-graze=30d").run(context -> {
            assertThat(context).hasFailed();
            assertThat(FailureReports.report(context)).contains("partsmith's configuration has keys partsmith does not know:")
                    .contains("Property: partsmith.tables.events.drop-graze").contains("Value:    \"30d\"")
                    .contains("Origin:   \"partsmith.tables.events.drop-graze\" from property source \"test\"")
                    .contains("Reason:   partsmith has no such property; did you mean partsmith.tables.events.drop-grace?");
        });
    }

    @Test
    void everyUnknownKeyIsReportedWithItsClosestKnownKey() {
        Runners.withEvents().withPropertyValues("partsmith.tables.events.retension=12", "partsmith.defualts.create-ahead=2",
                "partsmith.tables[audit.Log].partition-columm=at", "partsmith.safety.max-clock-skw=1d").run(context -> {
                    String report = FailureReports.report(context);
                    assertThat(report).contains("did you mean partsmith.tables.events.retention?")
                            .contains("did you mean partsmith.defaults.create-ahead?")
                            .contains("did you mean partsmith.tables[audit.Log].partition-column?")
                            .contains("did you mean partsmith.safety.max-clock-skew?");
                });
    }

    @Test
    void aMisspelledKeyIsReportedRatherThanTheValueItLeftUnset() {
        String[] properties = { "partsmith.tables.events.partition-columm=created_at", "partsmith.tables.events.granularity=month" };
        Runners.partsmith().withPropertyValues(properties)
                .run(context -> assertThat(FailureReports.report(context, properties)).contains("has keys partsmith does not know")
                        .contains("did you mean partsmith.tables.events.partition-column?").doesNotContain("is required"));
    }

    @Test
    void aHookStepThatDoesNotExistIsNamedWithTheClosestStep() {
        Runners.withEvents().withPropertyValues("partsmith.tables.events.hooks.before-creat[0]=SELECT 1").run(context ->
                assertThat(FailureReports.report(context)).contains("Property: partsmith.tables.events.hooks.before-creat")
                        .contains("names no step of a partition's life; did you mean before-create?"));
    }

    @Test
    void knownKeysStart() {
        Runners.withEvents().withPropertyValues("partsmith.tables.events.drop-grace=30d", "partsmith.defaults.retention=12",
                "partsmith.safety.max-clock-skew=1d", "partsmith.tables.events.adopt=bounds").run(context -> assertThat(context).hasNotFailed());
    }
}
