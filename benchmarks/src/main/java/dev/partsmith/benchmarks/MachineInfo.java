package dev.partsmith.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.partsmith.test.TestPostgres;

/** What the numbers were measured on: hardware, operating system, Java, PostgreSQL and pg_partman, and how busy it was. */
final class MachineInfo {

    private MachineInfo() {
    }

    static Map<String, String> describe() {
        Map<String, String> machine = new LinkedHashMap<>();
        machine.put("cpu", firstLine("/proc/cpuinfo", "model name"));
        machine.put("cores", String.valueOf(Runtime.getRuntime().availableProcessors()));
        machine.put("memory", firstLine("/proc/meminfo", "MemTotal"));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        machine.put("load average at start", loadAverage());
        try (Connection connection = TestPostgres.get().adminConnection(); Statement statement = connection.createStatement()) {
            machine.put("postgresql", single(statement, "SELECT version()"));
            machine.put("pg_partman", single(statement, "SELECT coalesce(max(default_version), 'not installed') FROM pg_available_extensions WHERE name = 'pg_partman'"));
            machine.put("postgresql settings", single(statement, "SELECT string_agg(name || '=' || setting || coalesce(unit, ''), ', ' ORDER BY name)"
                    + " FROM pg_settings WHERE name IN ('shared_buffers', 'work_mem', 'synchronous_commit', 'fsync', 'max_wal_size',"
                    + " 'deadlock_timeout', 'max_locks_per_transaction')"));
            machine.put("postgresql server", TestPostgres.get().adminUrl());
            machine.put("other sessions at start", single(statement,
                    "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()"));
        }
        catch (SQLException ex) {
            machine.put("postgresql", "unreadable: " + ex.getMessage());
        }
        return machine;
    }

    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        }
        catch (IOException | RuntimeException ex) {
            return "unknown";
        }
    }

    private static String firstLine(String file, String key) {
        try {
            return Files.readAllLines(Path.of(file)).stream().filter(line -> line.startsWith(key)).findFirst()
                    .map(line -> line.substring(line.indexOf(':') + 1).trim()).orElse("unknown");
        }
        catch (IOException ex) {
            return "unknown";
        }
    }

    private static String single(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getString(1) : "";
        }
    }
}
