package dev.partsmith.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded PostgreSQL's binaries go where no other user can replace them. */
class EmbeddedPostgresDirectoryTest {

    @TempDir
    Path home;

    @Test
    void theDirectoryIsCreatedForItsOwnerAlone() throws IOException {
        Path directory = EmbeddedPostgresDirectory.ownerOnly(home.resolve(".cache/partsmith-sample"));

        assertThat(directory).isDirectory();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory))).isEqualTo("rwx------");
    }

    @Test
    void anExistingDirectoryOthersCouldWriteToIsMadePrivate() throws IOException {
        Path shared = Files.createDirectories(home.resolve("partsmith-sample"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));

        EmbeddedPostgresDirectory.ownerOnly(shared);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(shared))).isEqualTo("rwx------");
    }

    @Test
    void aSymbolicLinkInItsPlaceIsRefused() throws IOException {
        Path elsewhere = Files.createDirectories(home.resolve("elsewhere"));
        Path link = Files.createSymbolicLink(home.resolve("partsmith-sample"), elsewhere);

        assertThatIOException().isThrownBy(() -> EmbeddedPostgresDirectory.ownerOnly(link));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(elsewhere))).as("the link's target is left alone")
                .isNotEqualTo("rwx------");
    }
}
