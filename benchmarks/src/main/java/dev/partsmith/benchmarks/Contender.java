package dev.partsmith.benchmarks;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;

import dev.partsmith.test.TestPostgres;

/** Who does the work in a measurement. */
public enum Contender {

    /** partsmith-core's {@code PartitionMaintainer}, as a user wires it (advisory locks, default lock_timeout). */
    PARTSMITH("partsmith"),
    /** pg_partman 4.7 ({@code create_parent}, {@code run_maintenance}, {@code partition_data_time}). */
    PG_PARTMAN("pg_partman"),
    /** The same statements from a psql script (or one catalog query): the floor, with none of the safety. */
    RAW_DDL("raw DDL"),
    /** pgslice's steps for partitioning an existing table, in SQL ({@link PgSlice}): only in scenario 5. */
    PGSLICE("pgslice's method");

    private final String label;

    Contender(String label) {
        this.label = label;
    }

    /**
     * The contenders this server can run: pg_partman only where the server offers the extension
     * ({@code benchmarks/install-pg-partman} installs it); the others always.
     */
    static List<Contender> available() throws SQLException {
        boolean partman;
        try (Connection connection = TestPostgres.get().adminConnection(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM pg_catalog.pg_available_extensions WHERE name = 'pg_partman'")) {
            partman = rows.next() && rows.getInt(1) > 0;
        }
        return Arrays.stream(values()).filter(contender -> contender != PG_PARTMAN || partman).toList();
    }

    /** Whether this contender is measured in {@code scenario}: pgslice's method only partitions tables, raw DDL does not. */
    boolean takesPart(String scenario) {
        boolean online = OnlinePartitioningScenario.NAME.equals(scenario);
        return switch (this) {
            case PARTSMITH, PG_PARTMAN -> true;
            case RAW_DDL -> !online;
            case PGSLICE -> online;
        };
    }

    public String label() {
        return label;
    }

    /** The key in the JSON report. */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
