package io.github.fleetprov.testkit.internal.persistence;

import io.github.fleetprov.core.json.FleetJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.fleetprov.testkit.internal.registry.RegistryChange;
import io.github.fleetprov.testkit.internal.registry.RegistryTables;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the registry tables of one LocalIotCore (every resource family and the IAM roles, which live
 * in the same tables) in a {@link Journal}: every committed operation (all its row changes) is one
 * journal record, written and fsynced before the operation is acknowledged; at start the newest
 * snapshot and the records after it are restored before anything is served.
 *
 * <p>Journal record: {@code {"f":<row format>,"c":[{"t":table,"k":key,"v":rowJson|null},...]}}.
 * Snapshot: {@code {"f":<row format>,"tables":{table:{key:rowJson}}}}. The row format is
 * {@link RegistryTables#FORMAT_VERSION}; data of a newer row format is refused.
 *
 * <p>Compaction: right after a start that replayed records, and in the background whenever the
 * records since the last snapshot outgrow the snapshot (at least {@value #MIN_COMPACTION_BYTES} bytes),
 * the whole state is written as a new snapshot. It holds the registry lock, then this object's lock,
 * the same order in which a change reaches the journal, so no change can fall between the snapshot
 * and the new journal.
 */
public final class RegistryPersistence implements AutoCloseable {

    /** Records since the last snapshot are compacted once they reach this size and the snapshot's. */
    public static final long MIN_COMPACTION_BYTES = 4L << 20;

    private static final Logger LOG = LoggerFactory.getLogger(RegistryPersistence.class);
    private static final ObjectMapper JSON = FleetJson.lenientMapper();

    private final Path dir;
    private final Journal journal;
    private final RegistryTables tables;
    private final List<String> warnings;
    private final ExecutorService compactor;
    private final AtomicBoolean compactionQueued = new AtomicBoolean();
    private long lastSnapshotBytes;

    private RegistryPersistence(Path dir, Journal journal, RegistryTables tables, List<String> warnings) {
        this.dir = dir;
        this.journal = journal;
        this.tables = tables;
        this.warnings = List.copyOf(warnings);
        this.compactor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "local-iot-core-compaction");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Opens the journal in a directory, restores its state into the registry tables, and from then on
     * journals every change of them. Every table (the IAM role table too) must be declared before.
     *
     * @param dir the journal directory
     * @param tables the registry's tables, not yet serving
     * @return the running persistence; close it after the servers
     * @throws DataDirectoryException if the directory cannot be used, is damaged, or is of a newer format
     */
    public static RegistryPersistence open(Path dir, RegistryTables tables) {
        Objects.requireNonNull(tables, "tables");
        Journal.Recovery recovery = Journal.open(dir);
        Journal journal = recovery.journal();
        try {
            List<RegistryChange> registryRows = new ArrayList<>();
            long snapshotBytes = 0;
            if (recovery.snapshot().isPresent()) {
                byte[] snapshot = recovery.snapshot().get();
                snapshotBytes = snapshot.length;
                JsonNode root = readJson(dir, snapshot);
                checkFormat(dir, root);
                root.path("tables").properties().forEach(table -> table.getValue().properties().forEach(row ->
                        registryRows.add(new RegistryChange(table.getKey(), row.getKey(), row.getValue().asText()))));
            }
            for (byte[] record : recovery.records()) {
                JsonNode root = readJson(dir, record);
                checkFormat(dir, root);
                for (JsonNode c : root.path("c")) {
                    JsonNode v = c.path("v");
                    registryRows.add(new RegistryChange(c.path("t").asText(), c.path("k").asText(),
                            v.isNull() || v.isMissingNode() ? null : v.asText()));
                }
            }
            try {
                tables.restore(registryRows);
            } catch (IllegalArgumentException e) {
                throw new DataDirectoryException("The registry saved in " + dir + " cannot be read by this version ("
                        + e.getMessage() + "): use the fleetprov version that wrote it, or another data directory.", e);
            }
            RegistryPersistence p = new RegistryPersistence(dir, journal, tables, recovery.warnings());
            p.lastSnapshotBytes = snapshotBytes;
            tables.listener(p::registryCommitting);
            if (!recovery.records().isEmpty()) {
                p.compact();
            }
            return p;
        } catch (RuntimeException e) {
            tables.listener(null);
            journal.close();
            throw e;
        }
    }

    private static JsonNode readJson(Path dir, byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new DataDirectoryException("A record in " + dir + " passed its checksum but is not JSON (" + e.getMessage()
                    + "): restore the directory from a backup, or start with an empty data directory.", e);
        }
    }

    private static void checkFormat(Path dir, JsonNode root) {
        int format = root.path("f").asInt(-1);
        if (format > RegistryTables.FORMAT_VERSION) {
            throw new DataDirectoryException("The registry in " + dir + " was written by a newer format version (" + format
                    + ") than this LocalIotCore reads (" + RegistryTables.FORMAT_VERSION + "): run the newer fleetprov"
                    + " that wrote it, or use another --data-dir.");
        }
        if (format < 1) {
            throw new DataDirectoryException("A record in " + dir + " has no format version: restore the directory from"
                    + " a backup, or start with an empty data directory.");
        }
    }

    /** @return what recovery repaired, for the operator */
    public List<String> warnings() {
        return warnings;
    }

    private void registryCommitting(List<RegistryChange> changes) {
        ObjectNode record = JSON.createObjectNode().put("f", RegistryTables.FORMAT_VERSION);
        ArrayNode c = record.putArray("c");
        for (RegistryChange change : changes) {
            c.addObject().put("t", change.table()).put("k", change.key()).put("v", change.json());
        }
        append(record);
    }

    private void append(ObjectNode record) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(record);
        } catch (IOException e) {
            throw new IllegalStateException("a journal record cannot be written as JSON", e);
        }
        synchronized (this) {
            journal.append(bytes);
        }
        if (journal.bytesSinceSnapshot() >= Math.max(MIN_COMPACTION_BYTES, lastSnapshotBytes)
                && compactionQueued.compareAndSet(false, true)) {
            compactor.execute(() -> {
                try {
                    compact();
                } catch (RuntimeException e) {
                    LOG.warn("LocalIotCore: compaction of {} failed ({}); the journal goes on growing", dir, e.getMessage());
                } finally {
                    compactionQueued.set(false);
                }
            });
        }
    }

    /**
     * Writes the whole state as a new snapshot and starts an empty journal.
     *
     * @throws DataDirectoryException if the snapshot cannot be written; the journal then goes on as before
     */
    public void compact() {
        tables.read(() -> {
            synchronized (this) {
                ObjectNode root = JSON.createObjectNode().put("f", RegistryTables.FORMAT_VERSION);
                ObjectNode out = root.putObject("tables");
                tables.snapshot().forEach((table, rows) -> {
                    ObjectNode t = out.putObject(table);
                    rows.forEach(t::put);
                });
                try {
                    byte[] bytes = JSON.writeValueAsBytes(root);
                    journal.compact(bytes);
                    lastSnapshotBytes = bytes.length;
                } catch (IOException e) {
                    throw new IllegalStateException("the registry cannot be written as JSON", e);
                }
                return null;
            }
        });
    }

    /** Stops journaling; every acknowledged change is already on disk. */
    @Override
    public void close() {
        compactor.shutdown();
        try {
            compactor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tables.listener(null);
        synchronized (this) {
            journal.close();
        }
    }
}
