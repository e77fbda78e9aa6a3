package io.github.fleetprov.core.store.internal;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The file-system steps the credential store takes, one method per step, so that tests can fail any
 * one of them (a full disk halfway through a file, a failed rename) and check what is left on disk.
 */
public interface FileOps {

    /**
     * Writes the whole content into an existing, empty file and flushes it to the device (fsync).
     *
     * @param file the (temporary) file
     * @param content the bytes
     * @throws IOException on failure; the file may then hold part of the content
     */
    void writeAndSync(Path file, byte[] content) throws IOException;

    /**
     * Renames a file atomically, replacing the target.
     *
     * @param source the file to rename
     * @param target its new name, in the same directory
     * @throws IOException on failure; the target is then unchanged
     */
    void atomicMove(Path source, Path target) throws IOException;

    /**
     * Flushes a directory's entries to the device (fsync of the directory), where the platform allows it.
     *
     * @param directory the directory
     * @throws IOException on failure
     */
    void syncDirectory(Path directory) throws IOException;

    /** The real file system. */
    FileOps DEFAULT = new DefaultFileOps();
}
