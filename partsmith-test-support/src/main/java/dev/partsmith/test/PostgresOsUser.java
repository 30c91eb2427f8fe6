package dev.partsmith.test;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.sun.security.auth.module.UnixSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operating-system user that test PostgreSQL servers, and the tools that prepare their data, run
 * as. PostgreSQL refuses to run as root: when this JVM runs as root, {@link #forTests()} is the
 * unprivileged system user {@value #TEST_USER} (created with {@code useradd --system} when it is
 * missing) and every command runs through {@code runuser}; otherwise it is the JVM's own user and
 * commands run directly.
 */
public final class PostgresOsUser {

    /** The system user test servers run as when the JVM runs as root. */
    public static final String TEST_USER = "partsmith-pg";

    private static final Logger log = LoggerFactory.getLogger(PostgresOsUser.class);

    private static final Duration USERADD_TIMEOUT = Duration.ofMinutes(1);

    private static PostgresOsUser forTests;

    private final String name;
    private final boolean switching;

    private PostgresOsUser(String name, boolean switching) {
        this.name = name;
        this.switching = switching;
    }

    /**
     * The user for this JVM's test servers: {@value #TEST_USER} when the JVM runs as root (created on
     * first use when missing; an error says how to create it when that fails), else the JVM's user.
     */
    public static synchronized PostgresOsUser forTests() {
        if (forTests == null) {
            forTests = runsAsRoot() ? new PostgresOsUser(ensureTestUser(), true) : new PostgresOsUser(System.getProperty("user.name"), false);
        }
        return forTests;
    }

    public String name() {
        return name;
    }

    /** Whether commands run as a user other than the JVM's, through {@code runuser}. */
    public boolean isOtherThanJvmUser() {
        return switching;
    }

    /**
     * A new directory under {@code java.io.tmpdir} that only this user may enter (mode 0700, owned by
     * it), deleted with everything in it when the JVM exits.
     */
    public Path createPrivateDirectory(String prefix) {
        try {
            Path directory = Files.createTempDirectory(prefix, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            JvmExit.register(() -> deleteTree(directory));
            takeOwnership(directory);
            return directory;
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot create a private directory for " + name, ex);
        }
    }

    /** Makes this user the owner of {@code tree} and of everything under it (symbolic links themselves, not their targets). */
    public void takeOwnership(Path tree) {
        if (!switching) {
            return;
        }
        try (Stream<Path> paths = Files.walk(tree)) {
            UserPrincipal owner = FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(name);
            for (Path path : (Iterable<Path>) paths::iterator) {
                Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).setOwner(owner);
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot give " + tree + " to " + name, ex);
        }
    }

    /**
     * A process builder that runs {@code command} as this user, in {@code java.io.tmpdir} (a directory
     * every user may enter; PostgreSQL's tools fail in one they cannot).
     */
    public ProcessBuilder processBuilder(List<String> command) {
        List<String> full = new ArrayList<>();
        if (switching) {
            full.addAll(List.of(systemCommand("runuser"), "-u", name, "--"));
        }
        full.addAll(command);
        return new ProcessBuilder(full).directory(Path.of(System.getProperty("java.io.tmpdir")).toFile());
    }

    /**
     * Runs {@code command} as this user and waits for it.
     *
     * @return what it printed (standard output and error)
     * @throws IllegalStateException when it exits with another status than 0 or outlasts {@code timeout}
     *         (it is then killed); the message holds the command and its output
     */
    public String run(List<String> command, Duration timeout) {
        return execute(processBuilder(command), String.join(" ", command) + " (as " + name + ")", timeout);
    }

    private static String execute(ProcessBuilder builder, String what, Duration timeout) {
        Process process;
        try {
            process = builder.redirectErrorStream(true).start();
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot run " + what, ex);
        }
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(what + " did not end within " + timeout);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while running " + what, ex);
        }
        String printed = output.join();
        if (process.exitValue() != 0) {
            throw new IllegalStateException(what + " exited with " + process.exitValue() + ":\n" + printed);
        }
        return printed;
    }

    private static String readAll(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            return "(output unreadable: " + ex.getMessage() + ")";
        }
    }

    /** Deletes a directory with everything in it; missing already is fine. */
    static void deleteTree(Path tree) {
        if (!Files.exists(tree, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(tree)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot delete " + tree, ex);
        }
    }

    /** The command's path: found on {@code PATH}, else in {@code /usr/sbin} or {@code /sbin}, where root's PATH may leave them out. */
    private static String systemCommand(String command) {
        String path = System.getenv("PATH");
        Stream<String> directories = Stream.concat(path == null ? Stream.empty() : Stream.of(path.split(File.pathSeparator)),
                Stream.of("/usr/sbin", "/sbin"));
        return directories.map(directory -> Path.of(directory, command)).filter(Files::isExecutable).findFirst().map(Path::toString)
                .orElse(command);
    }

    private static boolean runsAsRoot() {
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
            return false;
        }
        return new UnixSystem().getUid() == 0;
    }

    private static String ensureTestUser() {
        if (exists(TEST_USER)) {
            return TEST_USER;
        }
        try {
            execute(new ProcessBuilder(systemCommand("useradd"), "--system", "--user-group", "--no-create-home", "--home-dir", "/nonexistent", "--shell",
                    "/usr/sbin/nologin", "--comment", "partsmith test PostgreSQL servers", TEST_USER), "useradd " + TEST_USER, USERADD_TIMEOUT);
            log.info("Created the system user {} to run test PostgreSQL servers as (PostgreSQL refuses to run as root)", TEST_USER);
        }
        catch (RuntimeException ex) {
            // Another JVM may have created it meanwhile.
            if (!exists(TEST_USER)) {
                throw new IllegalStateException("This JVM runs as root, PostgreSQL refuses to run as root, and the system user " + TEST_USER
                        + " to run it as could not be created: " + ex.getMessage() + "\nCreate it (useradd --system " + TEST_USER
                        + ") or run the build as another user", ex);
            }
        }
        return TEST_USER;
    }

    private static boolean exists(String user) {
        try {
            FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(user);
            return true;
        }
        catch (UserPrincipalNotFoundException ex) {
            return false;
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot look up the user " + user, ex);
        }
    }
}
