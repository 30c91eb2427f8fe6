package dev.partsmith.faults;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.awaitility.core.ConditionTimeoutException;

import dev.partsmith.test.TestDatabase;

/**
 * A {@link MaintainerProcess} (or another test process) in a JVM of its own, started with this JVM's class path. Its output
 * goes to {@code target/child-jvms/<name>.log}; its protocol lines ({@code @@...}) are kept for the
 * test to wait on. {@link #kill()} is a real SIGKILL ({@link Process#destroyForcibly()} on Linux).
 * Closing it kills the process if it is still alive, so no test leaves one behind.
 */
final class ChildJvm implements AutoCloseable {

    /** Exit status of a process ended by SIGKILL (128 + 9). */
    static final int SIGKILLED = 137;

    private final String name;
    private final Process process;
    private final Path log;
    private final Writer stdin;
    private final List<String> protocol = new ArrayList<>();
    private int cursor;

    private ChildJvm(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(this::drain, "child-jvm-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts maintainers on {@code db} in a new JVM and waits until they are ready. */
    static ChildJvm start(String name, TestDatabase db, String application, int maintainers, PausingRepository.Point pause,
            List<TableSpec> tables) {
        return start(name, db, application, maintainers, pause, null, tables);
    }

    /** Starts maintainers on {@code db} in a new JVM, pausing at {@code pause} for the table named {@code pauseTable}, and waits until they are ready. */
    static ChildJvm start(String name, TestDatabase db, String application, int maintainers, PausingRepository.Point pause, String pauseTable,
            List<TableSpec> tables) {
        List<String> arguments = new ArrayList<>(List.of("--url=" + db.jdbcUrl(), "--user=" + db.user(), "--password=" + db.password(),
                "--app=" + application, "--maintainers=" + maintainers));
        if (pause != null) {
            arguments.add("--pause=" + pause.name() + (pauseTable == null ? "" : ":" + pauseTable));
        }
        tables.forEach(table -> arguments.add("--table=" + table.encode()));
        ChildJvm child = launch(name, MaintainerProcess.class, arguments);
        child.awaitLine(line -> line.equals("@@READY"), Duration.ofSeconds(60));
        return child;
    }

    /** Starts {@code main} with {@code arguments} in a new JVM with this JVM's class path, without waiting for it. */
    static ChildJvm launch(String name, Class<?> main, List<String> arguments) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(arguments);
        try {
            Path directory = Files.createDirectories(Path.of("target", "child-jvms"));
            Path log = directory.resolve(name + ".log");
            Files.deleteIfExists(log);
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            return new ChildJvm(name, process, log);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private void drain() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                Writer file = Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            String line;
            while ((line = out.readLine()) != null) {
                file.write(line);
                file.write('\n');
                file.flush();
                if (line.startsWith("@@")) {
                    synchronized (protocol) {
                        protocol.add(line);
                    }
                }
            }
        }
        catch (IOException ex) {
            // the process is gone
        }
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Sends one command line. */
    void send(String command) {
        try {
            stdin.write(command + "\n");
            stdin.flush();
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot write to child JVM " + name + "\n" + tail(), ex);
        }
    }

    /** Waits for the next protocol line that matches, and returns it; fails with the log's tail when the process ends first. */
    String awaitLine(Predicate<String> match, Duration timeout) {
        String[] found = new String[1];
        try {
            await().atMost(timeout).pollInterval(Duration.ofMillis(20)).until(() -> {
                found[0] = next(match);
                return found[0] != null || !process.isAlive();
            });
        }
        catch (ConditionTimeoutException ex) {
            throw new AssertionError("child JVM " + name + " printed no matching line within " + timeout + "\n" + tail(), ex);
        }
        if (found[0] == null) {
            found[0] = next(match);
        }
        if (found[0] == null) {
            throw new AssertionError("child JVM " + name + " ended (exit " + process.exitValue() + ") before printing the line waited for\n" + tail());
        }
        return found[0];
    }

    /** Protocol lines from the cursor up to and including the first that matches, consumed. */
    List<String> linesUntil(Predicate<String> match, Duration timeout) {
        int from;
        synchronized (protocol) {
            from = cursor;
        }
        awaitLine(match, timeout);
        synchronized (protocol) {
            return List.copyOf(protocol.subList(from, cursor));
        }
    }

    private String next(Predicate<String> match) {
        synchronized (protocol) {
            for (int i = cursor; i < protocol.size(); i++) {
                if (match.test(protocol.get(i))) {
                    cursor = i + 1;
                    return protocol.get(i);
                }
            }
            return null;
        }
    }

    /** Runs one round and returns its results. */
    List<ChildResult> runRound(int round, Instant now, Duration timeout) {
        send("RUN " + round + " " + now);
        return linesUntil(line -> line.equals("@@DONE " + round), timeout).stream().filter(line -> line.startsWith(ChildResult.PREFIX))
                .map(ChildResult::parse).toList();
    }

    /** Kills the JVM with SIGKILL and returns its exit status. */
    int kill() {
        process.destroyForcibly();
        return awaitExit(Duration.ofSeconds(30));
    }

    /** Asks the process to exit and waits for it. */
    int exit() {
        send("EXIT");
        return awaitExit(Duration.ofSeconds(30));
    }

    int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("child JVM " + name + " did not end within " + timeout + "\n" + tail());
            }
            return process.exitValue();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /** The last lines of the process's output, for failure messages. */
    String tail() {
        try {
            List<String> lines = Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
            return "--- last lines of " + log.toAbsolutePath() + " ---\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        }
        catch (IOException ex) {
            return "(no log: " + ex + ")";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
