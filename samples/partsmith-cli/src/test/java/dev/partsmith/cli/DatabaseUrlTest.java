package dev.partsmith.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import org.junit.jupiter.api.Test;

class DatabaseUrlTest {

    @Test
    void aJdbcUrlIsTakenAsItIs() {
        assertThat(DatabaseUrl.properties("jdbc:postgresql://db:5432/app?user=app&password=secret"))
                .containsExactly(entry("spring.datasource.url", "jdbc:postgresql://db:5432/app?user=app&password=secret"));
    }

    @Test
    void aPostgresqlUrlBecomesAJdbcUrlWithTheCredentialsTakenOut() {
        assertThat(DatabaseUrl.properties("postgresql://app:s%40cr%3At+1@db.example.internal:6432/app?sslmode=require")).containsExactly(
                entry("spring.datasource.url", "jdbc:postgresql://db.example.internal:6432/app?sslmode=require"),
                entry("spring.datasource.username", "app"), entry("spring.datasource.password", "s@cr:t+1"));
        assertThat(DatabaseUrl.properties("postgres://reader@localhost/app")).containsExactly(
                entry("spring.datasource.url", "jdbc:postgresql://localhost/app"), entry("spring.datasource.username", "reader"));
        assertThat(DatabaseUrl.properties("postgresql://[::1]:5432/app"))
                .containsExactly(entry("spring.datasource.url", "jdbc:postgresql://[::1]:5432/app"));
    }

    @Test
    void anythingElseIsRefusedWithoutShowingThePassword() {
        assertThatThrownBy(() -> DatabaseUrl.properties("mysql://app:secret@db/app")).isInstanceOf(CliUsageException.class)
                .hasMessage("--db-url must be a JDBC URL (jdbc:postgresql://host:5432/db) or a PostgreSQL URL"
                        + " (postgresql://user:password@host:5432/db), not 'mysql://***@db/app'");
        assertThatThrownBy(() -> DatabaseUrl.properties("postgresql://app:secret@/app")).hasMessageNotContaining("secret");
        assertThatThrownBy(() -> DatabaseUrl.properties("db.example.internal:5432/app")).isInstanceOf(CliUsageException.class);
    }
}
