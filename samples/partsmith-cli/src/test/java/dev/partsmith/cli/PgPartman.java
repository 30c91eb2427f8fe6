package dev.partsmith.cli;

import static org.assertj.core.api.Assertions.fail;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import dev.partsmith.test.TestDatabase;

/** pg_partman in a test's own database, for the tests of {@code import-pg-partman}. */
final class PgPartman {

    private PgPartman() {
    }

    /**
     * Creates pg_partman in schema {@code partman} of the test's database; fails the test, saying how to install it,
     * when the server does not offer the extension (the tests never install packages; .ci/run does).
     */
    static void install(TestDatabase db) {
        Integer offered = db.jdbc().queryForObject("SELECT count(*) FROM pg_available_extensions WHERE name = 'pg_partman'", Integer.class);
        if (offered == null || offered == 0) {
            String major = db.jdbc().queryForObject("SELECT current_setting('server_version_num')::int / 10000", String.class);
            fail("The test server does not offer pg_partman (pg_available_extensions has no pg_partman), which the tests of"
                    + " import-pg-partman run against. Install it on the server's machine: apt-get install postgresql-" + major + "-partman"
                    + " (benchmarks/install-pg-partman does it, and .ci/run runs that script)");
        }
        sql(db, "CREATE SCHEMA partman", "CREATE EXTENSION pg_partman SCHEMA partman");
    }

    /** Runs statements in one session whose time zone is UTC, as pg_partman's maintenance is advised to run. */
    static void sql(TestDatabase db, String... statements) {
        try (Connection connection = db.dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("SET TIME ZONE 'UTC'");
            for (String sql : statements) {
                statement.execute(sql);
            }
            statement.execute("RESET TIME ZONE");
        }
        catch (SQLException ex) {
            throw new IllegalStateException(ex.getMessage(), ex);
        }
    }
}
