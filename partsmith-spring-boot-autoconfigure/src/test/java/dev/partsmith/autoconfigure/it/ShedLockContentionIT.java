package dev.partsmith.autoconfigure.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.function.Supplier;

import javax.sql.DataSource;

import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.partsmith.lock.LockManager;
import dev.partsmith.lock.ShedLockLockManager;
import dev.partsmith.test.TestDatabase;

/**
 * Two instances of an application that has a ShedLock {@link LockProvider} (and leaves
 * {@code partsmith.lock.provider} on auto) contend for a table through ShedLock's table.
 */
@SpringBootTest(classes = ShedLockContentionIT.App.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
@DirtiesContext
class ShedLockContentionIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    static Map<String, Supplier<Object>> properties() {
        return Contention.properties(db, Map.of());
    }

    @DynamicPropertySource
    static void register(DynamicPropertyRegistry registry) {
        Contention.register(registry, properties());
    }

    @Autowired
    ConfigurableApplicationContext first;

    @Test
    void theSecondInstanceIsSkippedWhileTheFirstHoldsTheShedLock() throws Exception {
        try (ConfigurableApplicationContext second = Contention.secondInstance(App.class, properties())) {
            assertThat(first.getBean(LockManager.class)).isInstanceOf(ShedLockLockManager.class);
            assertThat(second.getBean(LockManager.class)).isInstanceOf(ShedLockLockManager.class);
            assertThat(first.getBeansOfType(LockProvider.class)).as("the application's provider, none of partsmith's").containsOnlyKeys("lockProvider");
            JdbcTemplate jdbc = new JdbcTemplate(first.getBean(DataSource.class));
            String held = "SELECT count(*) FROM shedlock WHERE name = 'partsmith:public.events' AND lock_until - locked_at > interval '9 minutes'";

            Contention.assertTheSecondIsSkipped(first, second,
                    () -> assertThat(jdbc.queryForObject(held, Long.class)).as("held for partsmith.lock.ttl (10 minutes)").isEqualTo(1));

            assertThat(jdbc.queryForObject(held, Long.class)).as("released").isZero();
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

        @Bean
        LockProvider lockProvider(DataSource dataSource) {
            return new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder().withJdbcTemplate(new JdbcTemplate(dataSource))
                    .usingDbTime().build());
        }

        @Bean
        Contention.Gate gate() {
            return new Contention.Gate();
        }
    }
}
