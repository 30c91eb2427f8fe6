package dev.partsmith.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.sql.Timestamp;
import java.time.Duration;
import java.util.Optional;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;

import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;

import dev.partsmith.LockAcquisitionException;
import dev.partsmith.catalog.QualifiedName;
import dev.partsmith.test.TestDatabase;

/** ShedLock's leases through its JDBC provider: nothing here depends on the PostgreSQL version, so it runs once (tag {@code once}). */
@Tag("once")
class ShedLockLockManagerIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final QualifiedName EVENTS = new QualifiedName("public", "events");

    @BeforeAll
    static void createShedLockTable() {
        db.jdbc().execute("CREATE TABLE shedlock (name VARCHAR(64) NOT NULL PRIMARY KEY, lock_until TIMESTAMP NOT NULL,"
                + " locked_at TIMESTAMP NOT NULL, locked_by VARCHAR(255) NOT NULL)");
    }

    private static JdbcTemplateLockProvider provider(DataSource dataSource, String table) {
        return new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder().withJdbcTemplate(new JdbcTemplate(dataSource))
                .withTableName(table).usingDbTime().build());
    }

    @Test
    void twoHoldersContendThroughTheUsersProvider() {
        try (ShedLockLockManager first = new ShedLockLockManager(provider(db.newDataSource(2), "shedlock"), "partsmith", Duration.ofMinutes(5));
                ShedLockLockManager second = new ShedLockLockManager(provider(db.newDataSource(2), "shedlock"), "partsmith", Duration.ofMinutes(5))) {
            Optional<LockHandle> held = first.tryLock(EVENTS);
            assertThat(held).isPresent();
            assertThat(db.jdbc().queryForList("SELECT name FROM shedlock", String.class)).containsExactly("partsmith:public.events");
            assertThat(second.tryLock(EVENTS)).isEmpty();

            held.get().close();
            Optional<LockHandle> next = second.tryLock(EVENTS);
            assertThat(next).isPresent();
            next.get().close();
        }
    }

    @Test
    void aLockHeldPastLockAtMostForIsExtended() {
        // Long enough that a renewal thread starved by a busy machine still renews within it
        Duration atMost = Duration.ofSeconds(2);
        try (ShedLockLockManager manager = new ShedLockLockManager(provider(db.dataSource(), "shedlock"), "renewal", atMost);
                ShedLockLockManager other = new ShedLockLockManager(provider(db.dataSource(), "shedlock"), "renewal", atMost)) {
            long acquired = System.nanoTime();
            LockHandle handle = manager.tryLock(EVENTS).orElseThrow();
            Timestamp firstUntil = db.jdbc().queryForObject("SELECT lock_until FROM shedlock WHERE name = 'renewal:public.events'", Timestamp.class);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(other.tryLock(EVENTS)).isEmpty();
                assertThat(System.nanoTime() - acquired).isGreaterThan(atMost.multipliedBy(3).toNanos());
            });
            handle.verifyHeld();
            assertThat(db.jdbc().queryForObject("SELECT lock_until FROM shedlock WHERE name = 'renewal:public.events'", Timestamp.class))
                    .isAfter(firstUntil);
            handle.close();
        }
    }

    @Test
    void longNamesAreHashedToFitShedLocksColumn() {
        QualifiedName longName = new QualifiedName("a_rather_long_schema_name_for_reports", "an_even_longer_table_name_of_events_2024");
        try (ShedLockLockManager manager = new ShedLockLockManager(provider(db.dataSource(), "shedlock"), "partsmith", Duration.ofMinutes(1))) {
            String name = manager.lockName(longName);
            assertThat(name).startsWith("partsmith:").hasSizeLessThanOrEqualTo(64);
            manager.tryLock(longName).orElseThrow().close();
        }
    }

    @Test
    void aMissingShedLockTableIsAClearError() {
        try (ShedLockLockManager manager = new ShedLockLockManager(provider(db.dataSource(), "no_such_table"), "partsmith", Duration.ofMinutes(1))) {
            assertThatThrownBy(() -> manager.tryLock(EVENTS)).isInstanceOf(LockAcquisitionException.class)
                    .hasMessage("ShedLock could not lock partsmith:public.events for public.events: ERROR: relation \"no_such_table\" does not exist");
        }
    }
}
