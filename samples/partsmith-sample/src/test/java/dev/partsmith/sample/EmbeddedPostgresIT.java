package dev.partsmith.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import com.sun.security.auth.module.UnixSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The sample without {@code spring.datasource.url}: it starts a PostgreSQL of its own from the binaries on
 * its class path, unless it runs as root, which PostgreSQL refuses; then it stops at start-up and says to
 * set {@code SPRING_DATASOURCE_URL}, in a report of that alone. Which of the two this test sees depends on
 * the user running it.
 */
@ExtendWith(OutputCaptureExtension.class)
class EmbeddedPostgresIT {

    @TempDir
    Path work;

    @Test
    void withoutADatabaseUrlTheSampleRunsItsOwnPostgresOrSaysWhatToDoInstead(CapturedOutput output) {
        SpringApplication application = new SpringApplication(PartsmithSampleApplication.class);
        String[] args = { "--spring.datasource.url=", "--server.port=0", "--sample.writer.enabled=false", "--partsmith.schedule.cron=-",
                "--sample.archive.directory=" + work };

        if (new UnixSystem().getUid() == 0) {
            assertThatThrownBy(() -> application.run(args)).isInstanceOf(EmbeddedPostgresException.class);
            assertThat(output).contains("APPLICATION FAILED TO START")
                    .contains("the sample's embedded PostgreSQL cannot start: this process runs as root, and PostgreSQL refuses to run as root")
                    .contains("in a database of its own", "createdb -h localhost -U postgres partsmith_sample",
                            "SPRING_DATASOURCE_URL=jdbc:postgresql://localhost:5432/partsmith_sample")
                    .contains("or start the sample as a user other than root");
            assertThat(output).as("the refusal alone, before any bean or the web server").doesNotContain(" WARN ", "Exception encountered",
                    "partitionArchiver", "Tomcat");
        }
        else {
            try (ConfigurableApplicationContext context = application.run(args)) {
                JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
                assertThat(jdbc.queryForObject("SELECT current_setting('server_version_num')::int", Integer.class)).isGreaterThanOrEqualTo(150000);
                assertThat(jdbc.queryForObject("SELECT count(*) FROM pg_inherits WHERE inhparent = 'audit_log'::regclass", Integer.class))
                        .isEqualTo(7);
            }
        }
    }
}
