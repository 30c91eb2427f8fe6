package dev.partsmith.benchmarks;

/** Who does the work in a measurement. */
public enum Contender {

    /** partsmith-core's {@code PartitionMaintainer}, as a user wires it (advisory locks, default lock_timeout). */
    PARTSMITH("partsmith"),
    /** pg_partman 4.7 ({@code create_parent}, {@code run_maintenance}, {@code partition_data_time}). */
    PG_PARTMAN("pg_partman"),
    /** The same statements from a psql script (or one catalog query): the floor, with none of the safety. */
    RAW_DDL("raw DDL");

    private final String label;

    Contender(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The key in the JSON report. */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
