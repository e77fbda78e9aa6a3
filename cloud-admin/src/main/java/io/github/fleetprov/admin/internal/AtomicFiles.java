package io.github.fleetprov.admin.internal;

import io.github.fleetprov.core.InvalidInputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Writes files so that a reader sees either nothing or the whole content. */
public final class AtomicFiles {

    private AtomicFiles() {
    }

    /**
     * Writes a new file through a synced temporary file and a rename.
     *
     * @param target the file; must not exist
     * @param content the text
     * @param ownerOnly whether to restrict the file to its owner (0600) where supported
     * @throws InvalidInputException if the file exists or cannot be written
     */
    public static void writeNew(Path target, String content, boolean ownerOnly) {
        Path abs = target.toAbsolutePath();
        if (Files.exists(abs)) {
            throw new InvalidInputException(target.toString(), "the file exists already",
                    "Choose a new path or remove the old file first; existing credentials are never overwritten.");
        }
        Path dir = abs.getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".tmp");
            if (ownerOnly && dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs);
            }
            tmp = null;
        } catch (FileAlreadyExistsException e) {
            throw new InvalidInputException(target.toString(), "the file exists already",
                    "Choose a new path or remove the old file first.", e);
        } catch (IOException e) {
            throw new InvalidInputException(target.toString(), "cannot be written (" + e.getClass().getSimpleName()
                    + ")", "Check that the directory exists and is writable.", e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the temporary file is hidden and harmless; nothing more to do
                }
            }
        }
    }
}
