package dev.partsmith.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.transaction.CannotCreateTransactionException;

import dev.partsmith.DatabaseConnectionException;

/**
 * How a failure to connect is described: the target from the DataSource's URL and user (never its
 * password), the driver's reason, and whether retrying can help. The failures against a real server
 * are in the CLI's and the starter's tests; a wrong password cannot be provoked on a server that trusts
 * local connections, so its SQLSTATE is given here.
 */
class PostgresConnectionsTest {

    @Test
    void theTargetComesFromTheUrlWithTheDriversDefaults() {
        assertThat(PostgresConnections.describe("jdbc:postgresql://db.example.internal:6432/app?sslmode=require", "partsmith"))
                .isEqualTo("db.example.internal:6432, database \"app\", role \"partsmith\"");
        assertThat(PostgresConnections.describe("jdbc:postgresql://primary,replica:5433/app?user=ops&password=secret", null))
                .isEqualTo("primary:5432,replica:5433, database \"app\", role \"ops\"");
        assertThat(PostgresConnections.describe("jdbc:postgresql://[::1]/", "app")).isEqualTo("[::1]:5432, database \"app\", role \"app\"");
        assertThat(PostgresConnections.describe("jdbc:postgresql:my%20db", "app")).isEqualTo("localhost:5432, database \"my db\", role \"app\"");
        assertThat(PostgresConnections.describe("jdbc:postgresql://db/app", null)).endsWith("role \"" + System.getProperty("user.name") + "\"");
        assertThat(PostgresConnections.describe("jdbc:mysql://db/app", "app")).isNull();
    }

    @Test
    void theTargetIsReadFromThePoolOrDataSource() {
        try (HikariDataSource pool = new HikariDataSource()) {
            pool.setJdbcUrl("jdbc:postgresql://db:5432/app");
            pool.setUsername("partsmith");
            pool.setPassword("secret");
            assertThat(PostgresConnections.describe(pool)).isEqualTo("db:5432, database \"app\", role \"partsmith\"");
            assertThat(PostgresConnections.describe(new TransactionAwareDataSourceProxy(pool))).as("through a proxy")
                    .isEqualTo("db:5432, database \"app\", role \"partsmith\"");
        }
        assertThat(PostgresConnections.describe(new DriverManagerDataSource("jdbc:postgresql://db/app", "partsmith", "secret")))
                .isEqualTo("db:5432, database \"app\", role \"partsmith\"");
        assertThat(PostgresConnections.describe(new SimpleDriverDataSource())).as("no URL to read").isNull();
    }

    @Test
    void aWrongPasswordIsASettingTheServerRefused() {
        RuntimeException failed = new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection",
                new SQLException("FATAL: password authentication failed for user \"partsmith\"", "28P01"));

        RuntimeException translated = PostgresConnections.translate(pool(), failed);

        assertThat(translated).isInstanceOf(DatabaseConnectionException.class).hasCause(failed)
                .hasMessage("cannot connect to PostgreSQL at db:5432, database \"app\", role \"partsmith\": FATAL: password authentication"
                        + " failed for user \"partsmith\" [SQLSTATE 28P01]")
                .hasMessageNotContaining("secret");
        assertThat(((DatabaseConnectionException) translated).refusedSettings()).isTrue();
    }

    @Test
    void anUnreachableServerIsNotASettingAndTheNetworkCauseIsQuoted() {
        SQLException refused = new SQLException("Connection to db:5432 refused.", "08001", new ConnectException("Connection refused"));

        RuntimeException translated = PostgresConnections.translate(pool(),
                new CannotCreateTransactionException("Could not open JDBC Connection for transaction", refused));

        assertThat(translated).hasMessage("cannot connect to PostgreSQL at db:5432, database \"app\", role \"partsmith\": Connection to"
                + " db:5432 refused. (ConnectException: Connection refused) [SQLSTATE 08001]");
        assertThat(((DatabaseConnectionException) translated).refusedSettings()).isFalse();
    }

    @Test
    void aStatementThatFailsWhileATransactionBeginsIsNotAFailureToConnect() {
        RuntimeException failed = new CannotCreateTransactionException("Could not open JDBC Connection for transaction",
                new SQLException("permission denied", "42501"));

        assertThat(PostgresConnections.translate(pool(), failed)).isSameAs(failed);
    }

    private static DriverManagerDataSource pool() {
        return new DriverManagerDataSource("jdbc:postgresql://db/app", "partsmith", "secret");
    }
}
