package dev.partsmith.test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Consumer;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A database of its own for one test class, created before the class runs and dropped after it,
 * on the server {@link TestPostgres} chose. Register it as a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final TestDatabase db = new TestDatabase();
 * }</pre>
 */
public final class TestDatabase implements BeforeAllCallback, AfterAllCallback {

    private final int poolSize;
    private final List<HikariDataSource> pools = new ArrayList<>();
    private String name;
    private HikariDataSource dataSource;

    public TestDatabase() {
        this(10);
    }

    public TestDatabase(int poolSize) {
        this.poolSize = poolSize;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws SQLException {
        create(context.getRequiredTestClass().getSimpleName());
    }

    @Override
    public void afterAll(ExtensionContext context) throws SQLException {
        drop();
    }

    /** Creates the database; for use outside JUnit's lifecycle (benchmarks, child processes). */
    public void create(String label) throws SQLException {
        String cleaned = label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
        if (cleaned.length() > 30) {
            cleaned = cleaned.substring(0, 30);
        }
        String database = "pst_" + cleaned + "_" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection connection = TestPostgres.get().adminConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        }
        name = database;
        dataSource = newDataSource(poolSize);
    }

    /** Closes every pool this database handed out and drops it, ending its other sessions. */
    public void drop() throws SQLException {
        pools.forEach(HikariDataSource::close);
        pools.clear();
        if (name != null) {
            try (Connection connection = TestPostgres.get().adminConnection(); Statement statement = connection.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
            name = null;
        }
    }

    /** The shared pool of this class's database. */
    public DataSource dataSource() {
        return dataSource;
    }

    public JdbcTemplate jdbc() {
        return new JdbcTemplate(dataSource);
    }

    /** A further pool on the same database, closed with the database. */
    public HikariDataSource newDataSource(int maximumPoolSize) {
        return newDataSource(maximumPoolSize, config -> {
        });
    }

    /** A further pool on the same database, adjusted by {@code customizer} before it starts. */
    public HikariDataSource newDataSource(int maximumPoolSize, Consumer<HikariConfig> customizer) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl());
        config.setUsername(TestPostgres.get().user());
        config.setPassword(TestPostgres.get().password());
        config.setMaximumPoolSize(maximumPoolSize);
        config.setMinimumIdle(0);
        config.setPoolName(name + "-" + pools.size());
        customizer.accept(config);
        HikariDataSource pool = new HikariDataSource(config);
        pools.add(pool);
        return pool;
    }

    public String name() {
        return name;
    }

    public String jdbcUrl() {
        return TestPostgres.get().urlFor(name);
    }

    public String user() {
        return TestPostgres.get().user();
    }

    public String password() {
        return TestPostgres.get().password();
    }
}
