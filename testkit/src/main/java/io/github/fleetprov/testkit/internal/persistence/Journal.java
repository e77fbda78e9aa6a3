package io.github.fleetprov.testkit.internal.persistence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only journal of opaque records in a directory, with snapshot compaction.
 *
 * <p>Files: {@code snapshot-<generation>.bin} holds the whole state as of the start of its generation
 * (written to a temporary file, fsynced, then renamed, so it is either complete or absent), and
 * {@code journal-<generation>.log} holds the records appended since. Both start with a 16-byte header:
 * a magic number, the format version ({@value #FORMAT_VERSION}) and the generation. A journal record
 * is framed as {@code int length, int CRC32C(length bytes + payload), payload}; a snapshot as
 * {@code long length, int CRC32C(payload), payload}. All integers are big-endian.
 *
 * <p>Guarantee: when {@link #append(byte[])} returns, the record is on stable storage
 * ({@link FileChannel#force(boolean)}, i.e. {@code fdatasync} on Linux). Concurrent appenders share
 * one fsync (group commit). A record cut short by a crash can only be the last one; recovery drops it
 * with a warning and truncates the file there. Damage anywhere else, or files of a newer format
 * version, are refused with a {@link DataDirectoryException}.
 *
 * <p>Generation 0 has no snapshot. {@link #compact(byte[])} writes the snapshot of generation
 * {@code n + 1}, then starts its empty journal, then deletes generation {@code n}; a crash between
 * any two steps leaves a directory that recovers to the same state.
 */
public final class Journal implements AutoCloseable {

    /** The format version this code writes and the newest it reads. */
    public static final int FORMAT_VERSION = 1;
    /** The largest record accepted. */
    public static final int MAX_RECORD_BYTES = 64 << 20;

    static final int JOURNAL_MAGIC = 0x46504a4c; // "FPJL"
    static final int SNAPSHOT_MAGIC = 0x46505353; // "FPSS"
    static final int HEADER_BYTES = 16;
    static final int RECORD_OVERHEAD = 8;

    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);
    private static final Pattern JOURNAL_NAME = Pattern.compile("journal-(\\d{16})\\.log");
    private static final Pattern SNAPSHOT_NAME = Pattern.compile("snapshot-(\\d{16})\\.bin");

    private final Path dir;
    private final Object syncLock = new Object();
    private final Object writeLock = new Object();
    private FileChannel channel; // guarded by writeLock
    private long generation; // guarded by writeLock
    private long written; // records written, guarded by writeLock
    private long synced; // records known durable, guarded by syncLock
    private long recordsSinceSnapshot; // guarded by writeLock
    private long bytesSinceSnapshot; // guarded by writeLock
    private IOException failure; // guarded by writeLock: after a failed write or fsync, nothing more is accepted
    private boolean closed; // guarded by writeLock

    private Journal(Path dir, FileChannel channel, long generation, long records, long bytes) {
        this.dir = dir;
        this.channel = channel;
        this.generation = generation;
        this.recordsSinceSnapshot = records;
        this.bytesSinceSnapshot = bytes;
    }

    /** What a journal directory held when it was opened, and the journal to append to. */
    public static final class Recovery {
        private final byte[] snapshot;
        private final List<byte[]> records;
        private final List<String> warnings;
        private final Journal journal;

        Recovery(byte[] snapshot, List<byte[]> records, List<String> warnings, Journal journal) {
            this.snapshot = snapshot;
            this.records = records;
            this.warnings = List.copyOf(warnings);
            this.journal = journal;
        }

        /** @return the newest snapshot, if any */
        public Optional<byte[]> snapshot() {
            return Optional.ofNullable(snapshot);
        }

        /** @return the records appended after that snapshot, oldest first */
        public List<byte[]> records() {
            return records;
        }

        /** @return what recovery repaired (a dropped torn record, leftover files), for the operator */
        public List<String> warnings() {
            return warnings;
        }

        /** @return the open journal, positioned after the last good record */
        public Journal journal() {
            return journal;
        }
    }

    /**
     * Opens (creating if needed) the journal in a directory and recovers what it holds.
     *
     * @param dir the directory (created if missing)
     * @return the snapshot, the records after it and the open journal
     * @throws DataDirectoryException if the directory cannot be used, is damaged, or was written by a
     *     newer format version
     */
    public static Recovery open(Path dir) {
        Objects.requireNonNull(dir, "dir");
        List<String> warnings = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            List<Long> snapshots = new ArrayList<>();
            List<Long> journals = new ArrayList<>();
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
                for (Path f : files) {
                    String name = f.getFileName().toString();
                    Matcher s = SNAPSHOT_NAME.matcher(name);
                    Matcher j = JOURNAL_NAME.matcher(name);
                    if (s.matches()) {
                        snapshots.add(Long.parseLong(s.group(1)));
                    } else if (j.matches()) {
                        journals.add(Long.parseLong(j.group(1)));
                    } else if (name.endsWith(".tmp")) {
                        Files.delete(f);
                        warnings.add("removed " + f + ", a snapshot that a crash interrupted");
                    }
                }
            }
            long generation = snapshots.stream().mapToLong(Long::longValue).max().orElse(0L);
            for (long j : journals) {
                if (j > generation) {
                    throw new DataDirectoryException("The journal " + journalPath(dir, j) + " has no snapshot "
                            + snapshotPath(dir, j) + " before it, so records are missing: restore the directory"
                            + " from a backup, or start with an empty data directory.");
                }
            }
            byte[] snapshot = generation == 0 ? null : readSnapshot(snapshotPath(dir, generation), generation);
            Path journalFile = journalPath(dir, generation);
            List<byte[]> records = new ArrayList<>();
            FileChannel channel;
            long bytes = 0;
            if (Files.exists(journalFile)) {
                long good = readJournal(journalFile, generation, records, warnings);
                channel = FileChannel.open(journalFile, StandardOpenOption.READ, StandardOpenOption.WRITE);
                if (good < HEADER_BYTES) {
                    channel.truncate(0);
                    writeFully(channel, header(JOURNAL_MAGIC, generation), 0);
                    good = HEADER_BYTES;
                } else if (channel.size() > good) {
                    channel.truncate(good);
                }
                channel.force(true);
                channel.position(good);
                bytes = good - HEADER_BYTES;
            } else {
                channel = createJournal(journalFile, generation);
                syncDirectory(dir);
            }
            for (long old : snapshots) {
                if (old < generation) {
                    Files.deleteIfExists(snapshotPath(dir, old));
                    warnings.add("removed " + snapshotPath(dir, old) + ", superseded by generation " + generation);
                }
            }
            for (long old : journals) {
                if (old < generation) {
                    Files.deleteIfExists(journalPath(dir, old));
                    warnings.add("removed " + journalPath(dir, old) + ", superseded by generation " + generation);
                }
            }
            Journal journal = new Journal(dir, channel, generation, records.size(), bytes);
            return new Recovery(snapshot, records, warnings, journal);
        } catch (IOException e) {
            throw new DataDirectoryException("Cannot read or write the data directory " + dir + " (" + e
                    + "): check that it exists, is a directory, and that this user may read and write it.", e);
        }
    }

    private static Path journalPath(Path dir, long generation) {
        return dir.resolve(String.format("journal-%016d.log", generation));
    }

    private static Path snapshotPath(Path dir, long generation) {
        return dir.resolve(String.format("snapshot-%016d.bin", generation));
    }

    private static ByteBuffer header(int magic, long generation) {
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES);
        b.putInt(magic).putInt(FORMAT_VERSION).putLong(generation).flip();
        return b;
    }

    private static void checkHeader(Path file, ByteBuffer b, int magic, long generation) {
        int m = b.getInt();
        int version = b.getInt();
        long g = b.getLong();
        if (m != magic) {
            throw new DataDirectoryException(file + " is not a LocalIotCore " + (magic == JOURNAL_MAGIC ? "journal" : "snapshot")
                    + " (wrong magic number): point --data-dir at a directory that only LocalIotCore writes.");
        }
        if (version > FORMAT_VERSION) {
            throw new DataDirectoryException(file + " was written by a newer format version (" + version
                    + ") than this LocalIotCore reads (" + FORMAT_VERSION + "): run the newer fleetprov that wrote it,"
                    + " or use another --data-dir.");
        }
        if (version < 1 || g != generation) {
            throw new DataDirectoryException(file + " has a damaged header (version " + version + ", generation " + g
                    + "): restore the directory from a backup, or start with an empty data directory.");
        }
    }

    private static byte[] readSnapshot(Path file, long generation) throws IOException {
        byte[] all = Files.readAllBytes(file);
        String damaged = file + " is damaged (%s): restore the directory from a backup, or start with an empty data directory.";
        if (all.length < HEADER_BYTES + 12) {
            throw new DataDirectoryException(String.format(damaged, "shorter than its header"));
        }
        ByteBuffer b = ByteBuffer.wrap(all);
        checkHeader(file, b, SNAPSHOT_MAGIC, generation);
        long length = b.getLong();
        int crc = b.getInt();
        if (length != all.length - HEADER_BYTES - 12L) {
            throw new DataDirectoryException(String.format(damaged, "its length field says " + length + " bytes"));
        }
        CRC32C c = new CRC32C();
        c.update(all, HEADER_BYTES + 12, (int) length);
        if ((int) c.getValue() != crc) {
            throw new DataDirectoryException(String.format(damaged, "checksum mismatch"));
        }
        byte[] payload = new byte[(int) length];
        System.arraycopy(all, HEADER_BYTES + 12, payload, 0, payload.length);
        return payload;
    }

    /** Reads the records of a journal file; returns the offset after the last good record. */
    private static long readJournal(Path file, long generation, List<byte[]> records, List<String> warnings)
            throws IOException {
        byte[] all = Files.readAllBytes(file);
        if (all.length < HEADER_BYTES) {
            warnings.add(file + ": dropped a header cut short by a crash (" + all.length + " bytes); the journal was empty");
            return 0;
        }
        ByteBuffer b = ByteBuffer.wrap(all);
        checkHeader(file, b, JOURNAL_MAGIC, generation);
        int pos = HEADER_BYTES;
        while (pos < all.length) {
            int remaining = all.length - pos;
            String problem = null;
            int length = remaining >= 4 ? b.getInt(pos) : -1;
            if (remaining < RECORD_OVERHEAD) {
                problem = "a record header cut short";
            } else if (length < 0 || length > MAX_RECORD_BYTES) {
                problem = "a record length of " + length;
            } else if ((long) length + RECORD_OVERHEAD > remaining) {
                problem = "a record cut short";
            } else {
                CRC32C c = new CRC32C();
                c.update(all, pos, 4);
                c.update(all, pos + RECORD_OVERHEAD, length);
                if ((int) c.getValue() != b.getInt(pos + 4)) {
                    problem = "a record whose checksum does not match";
                }
            }
            if (problem != null) {
                if (isTornTail(all, pos, length)) {
                    warnings.add(file + ": dropped " + problem + " at offset " + pos + " (" + remaining
                            + " bytes), the last write before a crash; it was never acknowledged");
                    return pos;
                }
                throw new DataDirectoryException(file + " is damaged at offset " + pos + " (" + problem
                        + ", and records follow it): restore the directory from a backup, or start with an empty"
                        + " data directory.");
            }
            byte[] payload = new byte[length];
            System.arraycopy(all, pos + RECORD_OVERHEAD, payload, 0, length);
            records.add(payload);
            pos += RECORD_OVERHEAD + length;
        }
        return pos;
    }

    /**
     * A bad record is the torn last write if nothing after it could be a record: it runs to the end of
     * the file, or everything from it on is zero (a file extended by the crash but never written).
     */
    private static boolean isTornTail(byte[] all, int pos, int length) {
        if (length < 0 || length > MAX_RECORD_BYTES || (long) pos + RECORD_OVERHEAD + length >= all.length) {
            return true;
        }
        for (int i = pos; i < all.length; i++) {
            if (all[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static FileChannel createJournal(Path file, long generation) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        writeFully(ch, header(JOURNAL_MAGIC, generation), 0);
        ch.force(true);
        ch.position(HEADER_BYTES);
        return ch;
    }

    private static void writeFully(FileChannel ch, ByteBuffer b, long position) throws IOException {
        long p = position;
        while (b.hasRemaining()) {
            p += ch.write(b, p);
        }
    }

    private static void syncDirectory(Path dir) throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // Some file systems cannot open a directory for fsync; the rename is then as durable as they make it.
            LOG.debug("cannot fsync directory {}: {}", dir, e.toString());
        }
    }

    /**
     * Appends a record and returns once it is on stable storage.
     *
     * @param record the record (at most {@value #MAX_RECORD_BYTES} bytes)
     * @throws DataDirectoryException if the journal cannot be written or synced; the record is then not
     *     acknowledged and the journal accepts nothing more
     */
    public void append(byte[] record) {
        Objects.requireNonNull(record, "record");
        if (record.length > MAX_RECORD_BYTES) {
            throw new IllegalArgumentException("a journal record of " + record.length + " bytes is over "
                    + MAX_RECORD_BYTES);
        }
        long mine;
        synchronized (writeLock) {
            checkWritable();
            ByteBuffer b = ByteBuffer.allocate(RECORD_OVERHEAD + record.length);
            b.putInt(record.length);
            CRC32C c = new CRC32C();
            c.update(b.array(), 0, 4);
            c.update(record);
            b.putInt((int) c.getValue()).put(record).flip();
            try {
                while (b.hasRemaining()) {
                    channel.write(b);
                }
            } catch (IOException e) {
                failure = e;
                throw failed(e);
            }
            mine = ++written;
            recordsSinceSnapshot++;
            bytesSinceSnapshot += RECORD_OVERHEAD + record.length;
        }
        sync(mine);
    }

    private void sync(long upTo) {
        synchronized (syncLock) {
            if (synced >= upTo) {
                return;
            }
            long target;
            FileChannel ch;
            synchronized (writeLock) {
                checkWritable();
                target = written;
                ch = channel;
            }
            try {
                ch.force(false);
            } catch (IOException e) {
                synchronized (writeLock) {
                    failure = e;
                }
                throw failed(e);
            }
            synced = target;
        }
    }

    private void checkWritable() {
        if (closed) {
            throw new DataDirectoryException("The journal in " + dir + " is closed: the server is stopping.");
        }
        if (failure != null) {
            throw failed(failure);
        }
    }

    private DataDirectoryException failed(IOException e) {
        return new DataDirectoryException("Cannot write the journal in " + dir + " (" + e
                + "): nothing more is accepted; free disk space or fix the directory's permissions, then restart.", e);
    }

    /** @return records appended since the last snapshot (including recovered ones) */
    public long recordsSinceSnapshot() {
        synchronized (writeLock) {
            return recordsSinceSnapshot;
        }
    }

    /** @return bytes of records appended since the last snapshot (including recovered ones) */
    public long bytesSinceSnapshot() {
        synchronized (writeLock) {
            return bytesSinceSnapshot;
        }
    }

    /** @return the current generation (0 before the first snapshot) */
    public long generation() {
        synchronized (writeLock) {
            return generation;
        }
    }

    /**
     * Replaces the journal by a snapshot of the whole state. The caller must make sure the snapshot
     * reflects every record appended so far and that no record is appended until this returns (for
     * example by holding the lock that guards the state while it takes the snapshot and calls this).
     *
     * @param snapshot the whole state
     * @throws DataDirectoryException if the snapshot cannot be written; the journal then goes on as before
     */
    public void compact(byte[] snapshot) {
        Objects.requireNonNull(snapshot, "snapshot");
        synchronized (syncLock) {
            synchronized (writeLock) {
                checkWritable();
                long next = generation + 1;
                Path tmp = dir.resolve(String.format("snapshot-%016d.tmp", next));
                Path target = snapshotPath(dir, next);
                FileChannel newJournal;
                try {
                    try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                            StandardOpenOption.WRITE)) {
                        ByteBuffer head = ByteBuffer.allocate(HEADER_BYTES + 12);
                        CRC32C c = new CRC32C();
                        c.update(snapshot);
                        head.put(header(SNAPSHOT_MAGIC, next)).putLong(snapshot.length).putInt((int) c.getValue()).flip();
                        writeFully(out, head, 0);
                        writeFully(out, ByteBuffer.wrap(snapshot), HEADER_BYTES + 12);
                        out.force(true);
                    }
                    move(tmp, target);
                    syncDirectory(dir);
                    newJournal = createJournal(journalPath(dir, next), next);
                    syncDirectory(dir);
                } catch (IOException e) {
                    try {
                        Files.deleteIfExists(tmp);
                    } catch (IOException ignored) {
                        // left for the next open to remove
                    }
                    throw new DataDirectoryException("Cannot write a snapshot in " + dir + " (" + e
                            + "): free disk space or fix the directory's permissions.", e);
                }
                FileChannel old = channel;
                long oldGeneration = generation;
                channel = newJournal;
                generation = next;
                recordsSinceSnapshot = 0;
                bytesSinceSnapshot = 0;
                synced = written;
                try {
                    old.close();
                    Files.deleteIfExists(journalPath(dir, oldGeneration));
                    if (oldGeneration > 0) {
                        Files.deleteIfExists(snapshotPath(dir, oldGeneration));
                    }
                } catch (IOException e) {
                    LOG.warn("cannot remove generation {} from {}: {}; it is removed on the next start", oldGeneration,
                            dir, e.toString());
                }
            }
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system of " + to.getParent() + " cannot rename files atomically", e);
        }
    }

    /** Closes the journal; every appended record is already durable. */
    @Override
    public void close() {
        synchronized (syncLock) {
            synchronized (writeLock) {
                if (closed) {
                    return;
                }
                closed = true;
                try {
                    channel.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }
}
