package io.github.fleetprov.device.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.core.json.FleetJson;
import io.github.fleetprov.device.IdentityPersistenceException;
import io.github.fleetprov.device.ProvisioningStep;
import io.github.fleetprov.device.RetirementStage;
import io.github.fleetprov.device.RetiringCertificate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The store's record of replaced certificates that are being retired: {@value #FILE} in the credential
 * store directory, one entry per certificate with the stage it reached. Every write replaces the whole
 * file atomically (a temporary file, flushed to disk, then moved over the old one), so a crash leaves
 * the previous record or the new one. A restarted device reads it and carries each retirement on from
 * its stage.
 */
public final class RetirementJournal {

    /** The file name in the store directory. */
    public static final String FILE = "retiring.json";

    private static final ObjectMapper JSON = FleetJson.mapper();

    private final Path file;

    /**
     * Opens the journal of a store directory (the file is created on the first write).
     *
     * @param storeDirectory the credential store directory
     */
    public RetirementJournal(Path storeDirectory) {
        this.file = Objects.requireNonNull(storeDirectory, "storeDirectory").resolve(FILE);
    }

    /**
     * The recorded entries, oldest first.
     *
     * @return the entries, empty if there are none
     * @throws InvalidInputException naming the file if it is not a journal
     */
    public synchronized List<RetiringCertificate> read() {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            JsonNode doc = JSON.readTree(file.toFile());
            JsonNode array = doc == null ? null : doc.get("retiring");
            if (array == null || !array.isArray()) {
                throw corrupt("has no 'retiring' array");
            }
            List<RetiringCertificate> entries = new ArrayList<>();
            for (JsonNode n : array) {
                String at = n.path("deactivatedAt").asText(null);
                entries.add(new RetiringCertificate(n.path("certificateId").asText(), n.path("thingName").asText(),
                        RetirementStage.valueOf(n.path("stage").asText()), at == null ? null : Instant.parse(at)));
            }
            return List.copyOf(entries);
        } catch (IOException | IllegalArgumentException | DateTimeParseException | NullPointerException e) {
            throw corrupt("cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * The entry of a certificate.
     *
     * @param certificateId the certificate id
     * @return the entry, if recorded
     */
    public synchronized Optional<RetiringCertificate> find(String certificateId) {
        return read().stream().filter(e -> e.certificateId().equals(certificateId)).findFirst();
    }

    /**
     * Records an entry, replacing the certificate's earlier one.
     *
     * @param entry the entry
     * @param step the step the write belongs to, for the error
     * @throws IdentityPersistenceException if the file cannot be written
     */
    public synchronized void put(RetiringCertificate entry, ProvisioningStep step) {
        List<RetiringCertificate> entries = new ArrayList<>(read());
        boolean replaced = false;
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).certificateId().equals(entry.certificateId())) {
                entries.set(i, entry);
                replaced = true;
            }
        }
        if (!replaced) {
            entries.add(entry);
        }
        write(entries, step);
    }

    /**
     * Removes a certificate's entry (it was deleted in AWS IoT).
     *
     * @param certificateId the certificate id
     * @param step the step the write belongs to, for the error
     */
    public synchronized void remove(String certificateId, ProvisioningStep step) {
        List<RetiringCertificate> entries = new ArrayList<>(read());
        if (entries.removeIf(e -> e.certificateId().equals(certificateId))) {
            write(entries, step);
        }
    }

    private void write(List<RetiringCertificate> entries, ProvisioningStep step) {
        ObjectNode doc = JSON.createObjectNode();
        ArrayNode array = doc.putArray("retiring");
        for (RetiringCertificate e : entries) {
            ObjectNode n = array.addObject().put("certificateId", e.certificateId()).put("thingName", e.thingName())
                    .put("stage", e.stage().name());
            e.deactivated().ifPresent(at -> n.put("deactivatedAt", at.toString()));
        }
        Path temp = file.resolveSibling(FILE + ".tmp");
        try {
            byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(doc);
            Files.deleteIfExists(temp);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | UncheckedIOException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // the next write replaces it
            }
            throw new IdentityPersistenceException(step, e);
        }
    }

    private InvalidInputException corrupt(String problem) {
        return new InvalidInputException(FILE, file + " " + problem,
                "Restore it from a backup, or delete it and retire the listed certificates with cloud-admin.");
    }
}
