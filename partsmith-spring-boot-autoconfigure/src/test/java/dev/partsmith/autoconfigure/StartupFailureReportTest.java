package dev.partsmith.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

/** A wrong property as a user meets it: the application does not start and Boot's report says why. */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureReportTest {

    private static void start(String... args) {
        SpringApplication application = new SpringApplication(App.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        assertThatException().isThrownBy(() -> application.run(args));
    }

    @Test
    void aWrongTableValueIsReportedWithItsProperty(CapturedOutput output) {
        start("--" + Runners.NO_DATABASE, "--partsmith.tables.events.partition-column=created_at", "--partsmith.tables.events.granularity=month",
                "--partsmith.tables.events.create-ahead=0");
        assertThat(output).contains("APPLICATION FAILED TO START").contains("partsmith's configuration is invalid:")
                .contains("Property: partsmith.tables.events.create-ahead")
                .contains("Origin:   \"partsmith.tables.events.create-ahead\" from property source \"commandLineArgs\"")
                .contains("Reason:   must be between 1 and 1000 (it counts the current period)")
                .contains("Update your application's configuration");
    }

    @Test
    void anUnknownGranularityIsReportedWithItsOriginAndTheAllowedValuesAsTheyAreWritten(CapturedOutput output) {
        start("--" + Runners.NO_DATABASE, "--partsmith.tables.events.partition-column=created_at", "--partsmith.tables.events.granularity=fortnightly");
        assertThat(output).contains("APPLICATION FAILED TO START").contains("partsmith's configuration is invalid:")
                .contains("Property: partsmith.tables.events.granularity").contains("Value:    \"fortnightly\"")
                .contains("Origin:   \"partsmith.tables.events.granularity\" from property source \"commandLineArgs\"")
                .contains("Reason:   must be one of hour, day, week, month, quarter, year")
                .doesNotContain("DAY", "The following values are valid");
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({ DataSourceAutoConfiguration.class, PartsmithAutoConfiguration.class })
    static class App {
    }
}
