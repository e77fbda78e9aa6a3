package io.github.fleetprov.core.store.internal;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Atomic file replacement: write a temporary file in the target's directory, fsync it, rename it over
 * the target, fsync the directory. A failure at any step deletes the temporary file and leaves the
 * target as it was.
 */
public final class AtomicFiles {

    /** Owner read/write only: private keys, tokens, metadata. */
    public static final Set<PosixFilePermission> PRIVATE_FILE = PosixFilePermissions.fromString("rw-------");
    /** Owner read/write, others read: certificates. */
    public static final Set<PosixFilePermission> PUBLIC_FILE = PosixFilePermissions.fromString("rw-r--r--");
    /** Owner only: directories. */
    public static final Set<PosixFilePermission> PRIVATE_DIRECTORY = PosixFilePermissions.fromString("rwx------");

    /** Suffix of temporary files; names start with a dot. */
    public static final String TEMP_SUFFIX = ".tmp";

    private final FileOps ops;
    private final boolean posix;

    /**
     * @param ops the file-system steps
     * @param posix whether the file system supports POSIX permissions
     */
    public AtomicFiles(FileOps ops, boolean posix) {
        this.ops = ops;
        this.posix = posix;
    }

    /** @return whether POSIX permissions are applied */
    public boolean posix() {
        return posix;
    }

    /**
     * Replaces a file's content atomically.
     *
     * @param target the file
     * @param content the new content
     * @param permissions the POSIX permissions of the new file (ignored elsewhere)
     * @throws IOException if any step fails; the target is then unchanged and no temporary file is left
     */
    public void write(Path target, byte[] content, Set<PosixFilePermission> permissions) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path temp = dir.resolve("." + target.getFileName() + "." + UUID.randomUUID() + TEMP_SUFFIX);
        writeNew(temp, content, permissions);
        try {
            ops.atomicMove(temp, target);
            ops.syncDirectory(dir);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * Writes a file that nothing refers to yet, such as a file of a generation directory that is not
     * committed: created with its permissions, written and fsynced in place, without a temporary file or
     * a rename. The caller fsyncs the directory once all its files are written.
     *
     * @param file the file, which must not exist
     * @param content the content
     * @param permissions the POSIX permissions of the file (ignored elsewhere)
     * @throws IOException if any step fails; the file is then deleted
     */
    public void writeNew(Path file, byte[] content, Set<PosixFilePermission> permissions) throws IOException {
        createFile(file, permissions);
        try {
            ops.writeAndSync(file, content);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private void createFile(Path file, Set<PosixFilePermission> permissions) throws IOException {
        if (posix) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(permissions));
            // The umask may have removed bits we asked for; set them exactly.
            Files.setPosixFilePermissions(file, permissions);
        } else {
            Files.createFile(file);
        }
    }

    /**
     * Creates a directory (owner-only on POSIX) if it does not exist, and fsyncs its parent.
     *
     * @param dir the directory
     * @throws IOException on failure
     */
    public void createDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        FileAttribute<?>[] attributes = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PRIVATE_DIRECTORY)}
                : new FileAttribute<?>[0];
        try {
            Files.createDirectory(dir, attributes);
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) {
                throw e;
            }
            return;
        }
        if (posix) {
            Files.setPosixFilePermissions(dir, PRIVATE_DIRECTORY);
        }
        ops.syncDirectory(dir.toAbsolutePath().getParent());
    }

    /**
     * fsyncs a directory.
     *
     * @param dir the directory
     * @throws IOException on failure
     */
    public void syncDirectory(Path dir) throws IOException {
        ops.syncDirectory(dir);
    }

    /**
     * Deletes a directory tree, if it exists.
     *
     * @param dir the directory
     * @throws IOException on failure
     */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
