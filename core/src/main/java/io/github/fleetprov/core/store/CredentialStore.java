package io.github.fleetprov.core.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.core.json.FleetJson;
import io.github.fleetprov.core.pki.Certificates;
import io.github.fleetprov.core.pki.ExternalPrivateKey;
import io.github.fleetprov.core.pki.Pem;
import io.github.fleetprov.core.store.internal.AtomicFiles;
import io.github.fleetprov.core.store.internal.FileOps;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A directory that holds a device's credentials safely: the fleet's claim identity, a pending
 * identity (issued but not yet registered), the device's own identity, and a list of abandoned
 * certificates.
 *
 * <h2>Layout</h2>
 * <pre>
 * &lt;dir&gt;/                         0700
 *   claim/ pending/ device/        0700, one per identity
 *     current                      0600, names the current generation, e.g. "g000002"
 *     g000002/                     0700
 *       certificate.pem            0644
 *       private.key                0600, PKCS#8 PEM
 *       identity.json              0600, certificate id, thing name, endpoint, token, ...
 *   abandoned.json                 0600
 * </pre>
 *
 * <p>An identity whose key is an {@link ExternalPrivateKey} (a key in a PKCS#11 token, which never
 * leaves it) has no {@code private.key}: {@code identity.json} names the key in its member
 * {@code "privateKeyReference"}, and reading gives back {@link ExternalPrivateKey#of(String,
 * java.security.PublicKey)} with the certificate's public key. Whoever uses the key binds it to the
 * secure element again (the device client does this for its PKCS#11 keys).
 *
 * <h2>Atomicity</h2>
 * An identity is written into a new generation directory that nothing refers to yet: its three files
 * are written and fsynced in place, then the directory is fsynced. Only then is the {@code current}
 * file replaced (the commit point: a temporary file, fsynced, renamed over {@code current}, and the
 * identity's directory fsynced), and the previous generation removed. A crash or an I/O error at any
 * step leaves the previous identity readable, byte for byte, and no temporary file behind (an
 * uncommitted generation or an old one left by a crash is removed when the store is next opened).
 * The other files ({@code abandoned.json}) are replaced the same way as {@code current}. Permissions are
 * applied on POSIX file systems only.
 *
 * <h2>Format</h2>
 * Every {@code identity.json} and {@code abandoned.json} names its format. This version writes format
 * 2, in which a device identity has typed members {@code "port"} (a number) and
 * {@code "deviceConfiguration"} (an object of strings). Format 1, written by fleetprov 0.1 before
 * that, kept them as text in a free-form {@code "metadata"} object (the configuration as a JSON string);
 * it is still read, and the next write of that identity replaces it with format 2. A file of a newer
 * format is refused with an {@link InvalidInputException} naming the file and the formats this version
 * reads, and left as it is.
 *
 * <h2>Validation</h2>
 * Reads check that the certificate parses, the key parses and belongs to the certificate, and the
 * metadata is valid JSON with the fields the identity needs; a failure throws
 * {@link InvalidInputException} whose {@link InvalidInputException#field() field} is the path of the
 * bad file. I/O failures throw {@link CredentialStoreException}.
 *
 * <p>Thread-safe within one JVM. One process at a time may use a store directory.
 */
public final class CredentialStore {

    private static final Logger LOG = LoggerFactory.getLogger(CredentialStore.class);

    static final String CLAIM = "claim";
    static final String PENDING = "pending";
    static final String DEVICE = "device";
    static final String POINTER = "current";
    static final String CERTIFICATE_FILE = "certificate.pem";
    static final String KEY_FILE = "private.key";
    static final String METADATA_FILE = "identity.json";
    static final String ABANDONED_FILE = "abandoned.json";
    /** The metadata member naming a key that lives outside the store ({@link ExternalPrivateKey}). */
    static final String KEY_REFERENCE = "privateKeyReference";
    /** The format written; see the class documentation for what changed. */
    private static final int FORMAT = 2;
    /** The first format, still read. */
    private static final int FORMAT_1 = 1;
    private static final Pattern GENERATION = Pattern.compile("g(\\d{6,})");

    private final Path root;
    private final AtomicFiles files;

    private CredentialStore(Path root, AtomicFiles files) {
        this.root = root;
        this.files = files;
    }

    /**
     * Opens a store, creating the directory (and missing parents) if needed. The store directory is
     * set to mode 0700 on POSIX; files a crash left behind are removed.
     *
     * @param dir the store directory
     * @return the store
     * @throws InvalidInputException if {@code dir} exists and is not a directory
     * @throws CredentialStoreException if the directory cannot be created or written
     */
    public static CredentialStore open(Path dir) {
        return open(dir, FileOps.DEFAULT);
    }

    /**
     * Opens a store with given file-system steps (tests inject failures through this).
     *
     * @param dir the store directory
     * @param ops the file-system steps
     * @return the store
     */
    static CredentialStore open(Path dir, FileOps ops) {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(ops, "ops");
        Path root = dir.toAbsolutePath().normalize();
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new InvalidInputException("dir", root + " exists and is not a directory",
                    "Give the path of a directory (it is created if missing).");
        }
        try {
            Path parent = root.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            boolean posix = Files.getFileStore(parent == null ? root : parent).supportsFileAttributeView("posix");
            AtomicFiles files = new AtomicFiles(ops, posix);
            files.createDirectory(root);
            if (posix) {
                Files.setPosixFilePermissions(root, AtomicFiles.PRIVATE_DIRECTORY);
            }
            if (!Files.isWritable(root)) {
                throw new IOException("not writable");
            }
            CredentialStore store = new CredentialStore(root, files);
            store.removeLeftovers();
            return store;
        } catch (IOException e) {
            throw new CredentialStoreException(root, "cannot create or open the credential store directory ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
                    + "). Make it writable by the user that runs the device software, or choose another directory.", e);
        }
    }

    /** @return the store directory */
    public Path directory() {
        return root;
    }

    // ------------------------------------------------------------------ claim

    /**
     * Writes the claim identity atomically, replacing any previous one.
     *
     * @param claim the claim identity
     */
    public synchronized void writeClaim(ClaimIdentity claim) {
        Objects.requireNonNull(claim, "claim");
        ObjectNode meta = metadata(CLAIM, claim.certificateId());
        meta.put("endpoint", claim.endpoint());
        claim.templateName().ifPresent(t -> meta.put("templateName", t));
        writeIdentity(CLAIM, claim.certificatePem(), claim.privateKey(), meta);
    }

    /**
     * Reads and validates the claim identity.
     *
     * @return the claim identity, or empty if none is stored
     * @throws InvalidInputException naming the file that is missing or invalid
     */
    public synchronized Optional<ClaimIdentity> readClaim() {
        return readIdentity(CLAIM).map(s -> s.build(() -> ClaimIdentity.builder()
                .certificatePem(s.certificatePem).privateKey(s.privateKey)
                .endpoint(s.text("endpoint")).templateName(s.optionalText("templateName")).build()));
    }

    /**
     * Deletes the claim identity (e.g. once the device has its own), if there is one.
     */
    public synchronized void deleteClaim() {
        deleteIdentity(CLAIM);
    }

    /** @return the files of the stored claim identity, or empty */
    public synchronized Optional<IdentityFiles> claimFiles() {
        return files(CLAIM);
    }

    // ------------------------------------------------------------------ pending

    /**
     * Writes the pending identity atomically, replacing any previous one. The file holding the
     * ownership token has mode 0600.
     *
     * @param pending the pending identity
     */
    public synchronized void writePending(PendingIdentity pending) {
        Objects.requireNonNull(pending, "pending");
        ObjectNode meta = metadata(PENDING, pending.certificateId());
        meta.put("ownershipToken", pending.ownershipToken());
        meta.put("tokenExpiry", pending.tokenExpiry().toString());
        meta.put("templateName", pending.templateName());
        ObjectNode params = meta.putObject("parameters");
        pending.parameters().forEach(params::put);
        writeIdentity(PENDING, pending.certificatePem(), pending.privateKey(), meta);
    }

    /**
     * Reads and validates the pending identity.
     *
     * @return the pending identity, or empty if none is stored
     * @throws InvalidInputException naming the file that is missing or invalid
     */
    public synchronized Optional<PendingIdentity> readPending() {
        return readIdentity(PENDING).map(s -> s.build(() -> PendingIdentity.builder()
                .certificatePem(s.certificatePem).privateKey(s.privateKey).certificateId(s.text("certificateId"))
                .ownershipToken(s.text("ownershipToken")).tokenExpiry(s.instant("tokenExpiry"))
                .templateName(s.text("templateName")).parameters(s.map("parameters")).build()));
    }

    /** Deletes the pending identity, if there is one. */
    public synchronized void deletePending() {
        deleteIdentity(PENDING);
    }

    // ------------------------------------------------------------------ device

    /**
     * Writes the device identity atomically, replacing any previous one.
     *
     * @param device the device identity
     */
    public synchronized void writeDevice(DeviceIdentity device) {
        Objects.requireNonNull(device, "device");
        ObjectNode meta = metadata(DEVICE, device.certificateId());
        meta.put("thingName", device.thingName());
        meta.put("endpoint", device.endpoint());
        meta.put("port", device.port());
        ObjectNode configuration = meta.putObject("deviceConfiguration");
        device.deviceConfiguration().forEach(configuration::put);
        writeIdentity(DEVICE, device.certificatePem(), device.privateKey(), meta);
    }

    /**
     * Reads and validates the device identity.
     *
     * @return the device identity, or empty if none is stored
     * @throws InvalidInputException naming the file that is missing or invalid
     */
    public synchronized Optional<DeviceIdentity> readDevice() {
        return readIdentity(DEVICE).map(s -> s.build(() -> DeviceIdentity.builder()
                .certificatePem(s.certificatePem).privateKey(s.privateKey).certificateId(s.text("certificateId"))
                .thingName(s.text("thingName")).endpoint(s.text("endpoint")).port(s.port())
                .deviceConfiguration(s.deviceConfiguration()).build()));
    }

    /** Deletes the device identity, if there is one. */
    public synchronized void deleteDevice() {
        deleteIdentity(DEVICE);
    }

    /** @return the files of the stored device identity, or empty */
    public synchronized Optional<IdentityFiles> deviceFiles() {
        return files(DEVICE);
    }

    // ------------------------------------------------------------------ abandoned certificates

    /**
     * Records a certificate the device gave up on, with the current time. Recording the same id again
     * replaces the earlier record.
     *
     * @param certificateId the AWS IoT certificate id
     * @param reason why, e.g. the service's error code (never a secret)
     */
    public void recordAbandoned(String certificateId, String reason) {
        recordAbandoned(new AbandonedCertificate(certificateId, reason, Instant.now()));
    }

    /**
     * Records a certificate the device gave up on. Recording the same id again replaces the earlier record.
     *
     * @param abandoned the record
     */
    public synchronized void recordAbandoned(AbandonedCertificate abandoned) {
        Objects.requireNonNull(abandoned, "abandoned");
        List<AbandonedCertificate> list = new ArrayList<>(abandoned());
        list.removeIf(a -> a.certificateId().equals(abandoned.certificateId()));
        list.add(abandoned);
        writeAbandoned(list);
    }

    /**
     * Removes the record of an abandoned certificate (e.g. once it was deleted in AWS IoT).
     *
     * @param certificateId the certificate id
     * @return whether a record was removed
     */
    public synchronized boolean removeAbandoned(String certificateId) {
        Objects.requireNonNull(certificateId, "certificateId");
        List<AbandonedCertificate> list = new ArrayList<>(abandoned());
        boolean removed = list.removeIf(a -> a.certificateId().equals(certificateId));
        if (removed) {
            writeAbandoned(list);
        }
        return removed;
    }

    /**
     * The abandoned certificates, oldest record first.
     *
     * @return the records, possibly empty
     * @throws InvalidInputException naming {@code abandoned.json} if it is invalid
     */
    public synchronized List<AbandonedCertificate> abandoned() {
        Path file = root.resolve(ABANDONED_FILE);
        if (!Files.exists(file)) {
            return List.of();
        }
        JsonNode doc = readJson(file);
        JsonNode array = doc.get("abandoned");
        if (array == null || !array.isArray()) {
            throw corrupt(file, "has no 'abandoned' array");
        }
        List<AbandonedCertificate> result = new ArrayList<>();
        for (JsonNode n : array) {
            try {
                result.add(new AbandonedCertificate(n.path("certificateId").asText(null),
                        n.path("reason").asText(null), Instant.parse(n.path("recordedAt").asText(""))));
            } catch (NullPointerException | InvalidInputException | DateTimeParseException e) {
                throw corrupt(file, "has an invalid record (" + e.getMessage() + ")");
            }
        }
        return List.copyOf(result);
    }

    private void writeAbandoned(List<AbandonedCertificate> list) {
        ObjectNode doc = FleetJson.mapper().createObjectNode();
        doc.put("format", FORMAT);
        ArrayNode array = doc.putArray("abandoned");
        for (AbandonedCertificate a : list) {
            array.addObject().put("certificateId", a.certificateId()).put("reason", a.reason())
                    .put("recordedAt", a.recordedAt().toString());
        }
        Path file = root.resolve(ABANDONED_FILE);
        try {
            files.write(file, json(doc), AtomicFiles.PRIVATE_FILE);
        } catch (IOException e) {
            throw writeFailed(file, "the abandoned-certificate list", e);
        }
    }

    // ------------------------------------------------------------------ identity files

    private ObjectNode metadata(String kind, String certificateId) {
        ObjectNode meta = FleetJson.mapper().createObjectNode();
        meta.put("format", FORMAT);
        meta.put("kind", kind);
        meta.put("certificateId", certificateId);
        return meta;
    }

    private void writeIdentity(String kind, String certificatePem, PrivateKey key, ObjectNode meta) {
        Path kindDir = root.resolve(kind);
        Path pointer = kindDir.resolve(POINTER);
        Optional<String> previous = readPointerQuietly(pointer);
        String generation;
        try {
            files.createDirectory(kindDir);
            generation = nextGeneration(kindDir);
        } catch (IOException e) {
            throw writeFailed(kindDir, "the " + kind + " identity", e);
        }
        Path genDir = kindDir.resolve(generation);
        try {
            files.createDirectory(genDir);
            // Nothing refers to the new generation before the commit point, so its files need no rename.
            files.writeNew(genDir.resolve(CERTIFICATE_FILE), ascii(certificatePem), AtomicFiles.PUBLIC_FILE);
            if (key instanceof ExternalPrivateKey external) {
                // The key stays where it lives: only its reference is written, never a key file.
                meta.put(KEY_REFERENCE, external.reference());
            } else {
                files.writeNew(genDir.resolve(KEY_FILE), ascii(Pem.privateKeyToPem(key)), AtomicFiles.PRIVATE_FILE);
            }
            files.writeNew(genDir.resolve(METADATA_FILE), json(meta), AtomicFiles.PRIVATE_FILE);
            files.syncDirectory(genDir);
            files.write(pointer, ascii(generation + "\n"), AtomicFiles.PRIVATE_FILE); // the commit point
        } catch (IOException | RuntimeException e) {
            rollBack(pointer, previous, generation, genDir, e);
            if (e instanceof IOException io) {
                throw writeFailed(genDir, "the " + kind + " identity", io);
            }
            throw (RuntimeException) e;
        }
        removeOtherGenerations(kindDir, generation);
    }

    private void rollBack(Path pointer, Optional<String> previous, String generation, Path genDir, Exception failure) {
        try {
            // The pointer may have been renamed into place before a later step (the directory fsync) failed.
            if (readPointerQuietly(pointer).filter(generation::equals).isPresent()) {
                if (previous.isPresent()) {
                    files.write(pointer, ascii(previous.get() + "\n"), AtomicFiles.PRIVATE_FILE);
                } else {
                    Files.deleteIfExists(pointer);
                }
            }
            AtomicFiles.deleteTree(genDir);
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private static CredentialStoreException writeFailed(Path path, String what, IOException e) {
        return new CredentialStoreException(path, "cannot write " + what + " (" + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "); what was stored before is unchanged."
                + " Check free space and permissions of the store directory.", e);
    }

    private static String nextGeneration(Path kindDir) throws IOException {
        long max = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(kindDir)) {
            for (Path p : entries) {
                Matcher m = GENERATION.matcher(p.getFileName().toString());
                if (m.matches()) {
                    max = Math.max(max, Long.parseLong(m.group(1)));
                }
            }
        }
        return String.format("g%06d", max + 1);
    }

    private static Optional<String> readPointerQuietly(Path pointer) {
        try {
            String text = Files.readString(pointer, StandardCharsets.US_ASCII).strip();
            return GENERATION.matcher(text).matches() ? Optional.of(text) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Removes every generation but {@code keep}, without an fsync: a removal that a crash undoes leaves a
     * generation that {@code current} does not name, which the next {@link #open} removes again.
     */
    private void removeOtherGenerations(Path kindDir, String keep) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(kindDir)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if ((GENERATION.matcher(name).matches() && !name.equals(keep)) || isTemp(name)) {
                    AtomicFiles.deleteTree(p);
                }
            }
        } catch (IOException e) {
            LOG.debug("Could not remove old generations in {}", kindDir, e);
        }
    }

    private static boolean isTemp(String name) {
        return name.startsWith(".") && name.endsWith(AtomicFiles.TEMP_SUFFIX);
    }

    private void removeLeftovers() throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path p : entries) {
                if (isTemp(p.getFileName().toString())) {
                    Files.deleteIfExists(p);
                }
            }
        }
        for (String kind : List.of(CLAIM, PENDING, DEVICE)) {
            Path kindDir = root.resolve(kind);
            if (Files.isDirectory(kindDir)) {
                Optional<String> current = readPointerQuietly(kindDir.resolve(POINTER));
                if (current.isPresent()) {
                    removeOtherGenerations(kindDir, current.get());
                    try (DirectoryStream<Path> entries = Files.newDirectoryStream(kindDir.resolve(current.get()))) {
                        for (Path p : entries) {
                            if (isTemp(p.getFileName().toString())) {
                                Files.deleteIfExists(p);
                            }
                        }
                    } catch (NoSuchFileException e) {
                        // reported when the identity is read
                    }
                } else if (!Files.exists(kindDir.resolve(POINTER))) {
                    removeOtherGenerations(kindDir, "");
                }
            }
        }
    }

    private void deleteIdentity(String kind) {
        Path kindDir = root.resolve(kind);
        Path pointer = kindDir.resolve(POINTER);
        try {
            // Once the pointer's removal is durable the identity is gone; a directory left behind by a
            // crash after that has no pointer and is removed when the store is next opened.
            if (Files.deleteIfExists(pointer)) {
                files.syncDirectory(kindDir);
            }
            AtomicFiles.deleteTree(kindDir);
        } catch (IOException e) {
            throw new CredentialStoreException(kindDir, "cannot delete the " + kind + " identity ("
                    + e.getClass().getSimpleName() + "). Check the permissions of the store directory.", e);
        }
    }

    private Optional<IdentityFiles> files(String kind) {
        Path kindDir = root.resolve(kind);
        if (!Files.exists(kindDir.resolve(POINTER))) {
            return Optional.empty();
        }
        Path genDir = kindDir.resolve(pointer(kindDir.resolve(POINTER)));
        return Optional.of(new IdentityFiles(genDir.resolve(CERTIFICATE_FILE), genDir.resolve(KEY_FILE),
                genDir.resolve(METADATA_FILE)));
    }

    private String pointer(Path pointer) {
        String text = readText(pointer).strip();
        if (!GENERATION.matcher(text).matches()) {
            throw corrupt(pointer, "does not name a generation directory");
        }
        return text;
    }

    /** What was read from disk for one identity, before it is built into a value. */
    private final class Stored {
        final String certificatePem;
        final PrivateKey privateKey;
        final JsonNode meta;
        final Path metaFile;
        final int format;

        Stored(String certificatePem, PrivateKey privateKey, JsonNode meta, Path metaFile, int format) {
            this.certificatePem = certificatePem;
            this.privateKey = privateKey;
            this.meta = meta;
            this.metaFile = metaFile;
            this.format = format;
        }

        /** The MQTT port: a number since format 2; in format 1, text in the free-form metadata (default 8883). */
        int port() {
            if (format == FORMAT_1) {
                String text = map("metadata").get("port");
                try {
                    return text == null ? DeviceIdentity.DEFAULT_PORT : Integer.parseInt(text);
                } catch (NumberFormatException e) {
                    throw corrupt(metaFile, "field 'metadata.port' is not a number");
                }
            }
            JsonNode n = meta.get("port");
            if (n == null || !n.isInt()) {
                throw corrupt(metaFile, "has no number field 'port'");
            }
            return n.asInt();
        }

        /**
         * The device configuration: an object since format 2; in format 1, a JSON object encoded as text
         * in the free-form metadata (as fleetprov's device client wrote it), empty if absent.
         */
        Map<String, String> deviceConfiguration() {
            if (format != FORMAT_1) {
                return map("deviceConfiguration");
            }
            String text = map("metadata").get("deviceConfiguration");
            if (text == null) {
                return Map.of();
            }
            try {
                JsonNode n = FleetJson.mapper().readTree(text);
                return new Stored(certificatePem, privateKey, FleetJson.mapper().createObjectNode()
                        .set("deviceConfiguration", n), metaFile, FORMAT).map("deviceConfiguration");
            } catch (JsonProcessingException e) {
                throw corrupt(metaFile, "field 'metadata.deviceConfiguration' is not a JSON object");
            }
        }

        String text(String field) {
            JsonNode n = meta.get(field);
            if (n == null || !n.isTextual()) {
                throw corrupt(metaFile, "has no text field '" + field + "'");
            }
            return n.asText();
        }

        String optionalText(String field) {
            JsonNode n = meta.get(field);
            return n == null || n.isNull() ? null : text(field);
        }

        Instant instant(String field) {
            try {
                return Instant.parse(text(field));
            } catch (DateTimeParseException e) {
                throw corrupt(metaFile, "field '" + field + "' is not an ISO-8601 instant");
            }
        }

        Map<String, String> map(String field) {
            JsonNode n = meta.get(field);
            Map<String, String> result = new LinkedHashMap<>();
            if (n == null) {
                return result;
            }
            if (!n.isObject()) {
                throw corrupt(metaFile, "field '" + field + "' is not an object");
            }
            for (Map.Entry<String, JsonNode> e : n.properties()) {
                if (!e.getValue().isTextual()) {
                    throw corrupt(metaFile, "field '" + field + "." + e.getKey() + "' is not text");
                }
                result.put(e.getKey(), e.getValue().asText());
            }
            return result;
        }

        <T> T build(java.util.function.Supplier<T> builder) {
            try {
                return builder.get();
            } catch (InvalidInputException e) {
                if (e.field().equals(metaFile.toString())) {
                    throw e;
                }
                throw new InvalidInputException(metaFile.toString(), "does not match the stored identity ("
                        + e.getMessage() + ")", "Restore the identity's files together, or provision again.", e);
            }
        }
    }

    private Optional<Stored> readIdentity(String kind) {
        Path kindDir = root.resolve(kind);
        Path pointerFile = kindDir.resolve(POINTER);
        if (!Files.exists(pointerFile)) {
            return Optional.empty();
        }
        Path genDir = kindDir.resolve(pointer(pointerFile));
        if (!Files.isDirectory(genDir)) {
            throw corrupt(pointerFile, "names " + genDir.getFileName() + ", which does not exist");
        }
        Path certFile = genDir.resolve(CERTIFICATE_FILE);
        Path keyFile = genDir.resolve(KEY_FILE);
        Path metaFile = genDir.resolve(METADATA_FILE);
        String certPem = readText(certFile);
        X509Certificate cert;
        try {
            cert = Pem.readCertificate(certPem);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(certFile.toString(), e.problem(), "Restore the file or provision again.", e);
        }
        JsonNode meta = readJson(metaFile);
        PrivateKey key;
        JsonNode reference = meta.get(KEY_REFERENCE);
        if (reference != null) {
            if (!reference.isTextual() || reference.asText().isBlank()) {
                throw corrupt(metaFile, "field '" + KEY_REFERENCE + "' is not a key reference");
            }
            key = ExternalPrivateKey.of(reference.asText(), cert.getPublicKey());
        } else {
            try {
                key = Pem.readPrivateKey(readText(keyFile));
            } catch (InvalidInputException e) {
                throw new InvalidInputException(keyFile.toString(), e.problem(), "Restore the file or provision again.",
                        e);
            }
            if (!Certificates.matches(cert, key)) {
                throw new InvalidInputException(keyFile.toString(), "the private key does not belong to the certificate"
                        + " in " + certFile, "Restore both files from the same identity, or provision again.");
            }
        }
        int format = meta.path("format").asInt();
        if (format > FORMAT && kind.equals(meta.path("kind").asText())) {
            throw new InvalidInputException(metaFile.toString(), "is a format " + format + " '" + kind
                    + "' identity; this version of fleetprov reads formats " + FORMAT_1 + " and " + FORMAT,
                    "Use the fleetprov version that wrote the store (or a newer one).");
        }
        if (!kind.equals(meta.path("kind").asText()) || (format != FORMAT && format != FORMAT_1)) {
            throw corrupt(metaFile, "is not a format " + FORMAT + " '" + kind + "' identity");
        }
        return Optional.of(new Stored(certPem, key, meta, metaFile, format));
    }

    private static String readText(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw corrupt(file, "is missing");
        } catch (java.nio.charset.MalformedInputException e) {
            throw corrupt(file, "is not ASCII text");
        } catch (IOException e) {
            throw new CredentialStoreException(file, "cannot be read (" + e.getClass().getSimpleName()
                    + "). Check the permissions of the store directory.", e);
        }
    }

    private static JsonNode readJson(Path file) {
        String text = readText(file);
        try {
            JsonNode node = FleetJson.mapper().readTree(text);
            if (node == null || !node.isObject()) {
                throw corrupt(file, "is not a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            // Never quote the parser's message: the file may hold an ownership token.
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            throw corrupt(file, "is not valid JSON" + where);
        }
    }

    private static InvalidInputException corrupt(Path file, String problem) {
        return new InvalidInputException(file.toString(), problem,
                "Restore the file from a backup, or delete the identity and provision again.");
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] json(JsonNode node) {
        try {
            return FleetJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the store directory; never any credential */
    @Override
    public String toString() {
        return "CredentialStore[" + root + "]";
    }
}
