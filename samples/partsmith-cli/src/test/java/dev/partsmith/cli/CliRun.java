package dev.partsmith.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.partsmith.test.TestDatabase;

/**
 * {@code partsmith-cli} run in-process against a test's database, its output captured.
 *
 * @param exitCode what the CLI returned
 * @param out what it printed on its standard output
 * @param err what it printed on its standard error stream (not the log, which goes to the JVM's)
 */
record CliRun(int exitCode, String out, String err) {

    /** Runs the CLI with {@code args} and the database's URL, user and password. */
    static CliRun on(TestDatabase db, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--db-url", db.jdbcUrl(), "--spring.datasource.username=" + db.user(),
                "--spring.datasource.password=" + Optional.ofNullable(db.password()).orElse("")));
        return of(all.toArray(String[]::new));
    }

    /** Runs the CLI with {@code args} alone. */
    static CliRun of(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exitCode = PartsmithCli.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                args);
        return new CliRun(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
