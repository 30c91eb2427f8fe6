package dev.partsmith.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/** What the start-up run logs when the database cannot be reached: one warning that says where and why, and the application starts. */
@ExtendWith(OutputCaptureExtension.class)
class StartupMaintenanceLogTest {

    @Test
    void aDatabaseThatCannotBeReachedIsOneWarningNamingItWithoutAStackTrace(CapturedOutput output) {
        SpringApplication application = new SpringApplication(App.class);
        application.setWebApplicationType(WebApplicationType.NONE);

        try (ConfigurableApplicationContext context = application.run("--" + Runners.NO_DATABASE, "--spring.datasource.username=app",
                "--spring.datasource.password=the-secret", "--partsmith.schedule.cron=-", "--logging.level.dev.partsmith=info",
                "--partsmith.tables.events.partition-column=created_at", "--partsmith.tables.events.granularity=month",
                "--partsmith.tables.audit.partition-column=logged_at", "--partsmith.tables.audit.granularity=day")) {
            assertThat(context.getBean(MaintenanceRunner.class).lastResult("events")).hasValueSatisfying(result -> assertThat(result.error())
                    .startsWith("cannot connect to PostgreSQL at 127.0.0.1:1, database \"nowhere\", role \"app\": Connection to 127.0.0.1:1 refused."));
        }

        assertThat(output.getAll().lines().filter(line -> line.contains(" WARN ") || line.contains(" ERROR "))).singleElement().asString()
                .contains("Maintenance of 2 tables failed: cannot connect to PostgreSQL at 127.0.0.1:1, database \"nowhere\", role \"app\": ")
                .endsWith("[SQLSTATE 08001]").doesNotContain("the-secret");
        assertThat(output).contains("Start-up maintenance of 2 tables done: 2 failed").doesNotContain("\tat ", "Caused by");
    }

    @Test
    void oneTableIsOneTable(CapturedOutput output) {
        SpringApplication application = new SpringApplication(App.class);
        application.setWebApplicationType(WebApplicationType.NONE);

        application.run("--" + Runners.NO_DATABASE, "--partsmith.schedule.cron=-", "--logging.level.dev.partsmith=info",
                "--partsmith.tables.events.partition-column=created_at", "--partsmith.tables.events.granularity=month").close();

        assertThat(output).contains("Maintenance of 1 table failed: ", "Start-up maintenance of 1 table done: 1 failed");
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({ DataSourceAutoConfiguration.class, PartsmithAutoConfiguration.class })
    static class App {
    }
}
