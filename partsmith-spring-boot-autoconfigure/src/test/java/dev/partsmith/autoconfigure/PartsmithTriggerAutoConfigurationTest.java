package dev.partsmith.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.partsmith.autoconfigure.trigger.RunwayWatcher;

/** The runway trigger, as its properties switch it. */
class PartsmithTriggerAutoConfigurationTest {

    private final ApplicationContextRunner runner = PartsmithRouterAutoConfigurationTest.runner();

    @Test
    void theRunwayTriggerIsOffByDefaultAndOnWithItsInterval() {
        runner.run(context -> assertThat(context).doesNotHaveBean(RunwayWatcher.class));
        runner.withPropertyValues("partsmith.trigger.runway.enabled=true", "partsmith.trigger.runway.interval=30s")
                .run(context -> assertThat(context).getBean(RunwayWatcher.class).extracting(RunwayWatcher::interval)
                        .isEqualTo(Duration.ofSeconds(30)));
    }

    @Test
    void aRunwayTriggerIntervalBelowATenthOfASecondIsRefused() {
        runner.withPropertyValues("partsmith.trigger.runway.interval=10ms").run(context -> assertThat(FailureReports.report(context))
                .contains("Property: partsmith.trigger.runway.interval", "Reason:   must be at least 100ms"));
    }
}
