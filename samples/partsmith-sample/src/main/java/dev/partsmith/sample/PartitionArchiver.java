package dev.partsmith.sample;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.zip.GZIPOutputStream;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import dev.partsmith.Count;
import dev.partsmith.catalog.QualifiedName;
import dev.partsmith.lifecycle.PartitionContext;
import dev.partsmith.lifecycle.PartitionLifecycleHooks;

/**
 * Archives a partition's rows before partsmith drops it: {@code COPY ... TO STDOUT} through the
 * PostgreSQL driver's {@code CopyManager} into {@code <directory>/<schema>/<partition>.csv.gz}. The file is
 * written under a temporary name and renamed once complete, so a file with the final name is always a
 * whole archive. When archiving fails the hook throws, and partsmith keeps the detached table: the next
 * run tries the archive and the drop again.
 */
@Component
@Order(1)
public class PartitionArchiver implements PartitionLifecycleHooks {

    private static final Logger log = LoggerFactory.getLogger(PartitionArchiver.class);

    private final DataSource dataSource;
    private final Path directory;

    public PartitionArchiver(DataSource dataSource, SampleProperties properties) {
        this.dataSource = dataSource;
        this.directory = properties.archive().directory().toAbsolutePath().normalize();
    }

    @Override
    public void beforeDrop(PartitionContext context) {
        archive(context.partition().table());
    }

    /**
     * Writes every row of {@code table} to its archive file, replacing an earlier archive of it.
     *
     * @return the archive file
     * @throws ArchiveFailedException when the rows could not be read or the file could not be written
     */
    public Path archive(QualifiedName table) {
        Path target = archiveFile(table);
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        try {
            Files.createDirectories(target.getParent());
            long rows;
            try (Connection connection = dataSource.getConnection();
                    OutputStream out = new GZIPOutputStream(Files.newOutputStream(partial))) {
                rows = connection.unwrap(PGConnection.class).getCopyAPI()
                        .copyOut("COPY " + table.quoted() + " TO STDOUT (FORMAT csv, HEADER)", out);
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            log.info("Archived {} of {} to {}", Count.of(rows, "row"), table, target);
            return target;
        }
        catch (IOException | SQLException | RuntimeException ex) {
            try {
                Files.deleteIfExists(partial);
            }
            catch (IOException | RuntimeException cleanup) {
                ex.addSuppressed(cleanup);
            }
            throw new ArchiveFailedException(table, target, ex);
        }
    }

    /** Where {@code table}'s archive goes; refuses names that would lead outside the archive directory. */
    public Path archiveFile(QualifiedName table) {
        Path file = directory.resolve(table.schema()).resolve(table.name() + ".csv.gz").normalize();
        if (!file.getParent().getParent().equals(directory)) {
            throw new ArchiveFailedException(table, file, new IllegalArgumentException("the name leads outside " + directory));
        }
        return file;
    }

    /** A partition could not be archived; thrown from {@code beforeDrop}, it stops the drop. */
    public static class ArchiveFailedException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        ArchiveFailedException(QualifiedName table, Path file, Exception cause) {
            super("not dropping " + table + ": archiving it to " + file + " failed: " + cause, cause);
        }
    }
}
