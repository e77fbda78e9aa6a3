package io.github.fleetprov.testkit.internal.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.core.pki.CertificateAuthority;
import io.github.fleetprov.core.pki.KeyAlgorithm;
import io.github.fleetprov.core.pki.Pem;
import io.github.fleetprov.core.pki.Subject;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/** The files the server reads and writes besides the journal: endpoint files, CA files, the data directory lock. */
public final class ServerFiles {

    /** The CA certificate in a data directory. */
    public static final String CA_CERT = "ca.pem";
    /** The CA private key in a data directory (owner-only). */
    public static final String CA_KEY = "ca-key.pem";
    /** The journal directory inside a data directory. */
    public static final String REGISTRY_DIR = "registry";

    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:@%+=,-]*");
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private ServerFiles() {
    }

    /**
     * The JSON file that goes beside an env file: {@code x.env} becomes {@code x.json}, any other name
     * gets {@code .json} appended.
     *
     * @param envFile the env file
     * @return the JSON file
     */
    public static Path jsonFileFor(Path envFile) {
        String name = envFile.getFileName().toString();
        String json = name.endsWith(".env") ? name.substring(0, name.length() - 4) + ".json" : name + ".json";
        return envFile.resolveSibling(json);
    }

    /**
     * Writes the endpoint variables as shell-sourceable {@code export NAME=value} lines, and the same
     * as a JSON object beside it; each file is replaced atomically.
     *
     * @param envFile the env file
     * @param variables the variables in order
     * @throws StartupException if a file cannot be written
     */
    public static void writeEndpointFiles(Path envFile, Map<String, String> variables) {
        StringBuilder sh = new StringBuilder("# Written by local-iot-core. Load with: . ").append(shellQuote(envFile.toString()))
                .append('\n');
        variables.forEach((k, v) -> sh.append("export ").append(k).append('=').append(shellQuote(v)).append('\n'));
        try {
            writeAtomically(envFile, sh.toString().getBytes(StandardCharsets.UTF_8), false);
            writeAtomically(jsonFileFor(envFile), JSON.writeValueAsBytes(variables), false);
        } catch (IOException e) {
            throw new StartupException("cannot write --env-file " + envFile + " (" + e.getMessage()
                    + "): give a path in a directory that exists and that you may write", e);
        }
    }

    /**
     * Quotes a value for a POSIX shell when it needs quoting.
     *
     * @param value the value
     * @return the value, single-quoted if it holds anything but plain characters
     */
    static String shellQuote(String value) {
        if (!value.isEmpty() && PLAIN.matcher(value).matches()) {
            return value;
        }
        return "'" + value.replace("'", "'\\''") + "'";
    }

    /**
     * Writes a file atomically: a temporary file beside it, fsynced, renamed over it.
     *
     * @param target the file
     * @param content the content
     * @param ownerOnly whether only the owner may read it
     * @throws IOException if a step fails; the target is then unchanged and no temporary file is left
     */
    static void writeAtomically(Path target, byte[] content, boolean ownerOnly) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = dir.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            if (POSIX) {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString(ownerOnly ? "rw-------" : "rw-r--r--")));
            } else {
                Files.createFile(tmp);
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(content);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // not every file system can fsync a directory
        }
    }

    /**
     * Reads a CA from PEM files.
     *
     * @param certFile the CA certificate
     * @param keyFile its private key
     * @return the CA
     * @throws StartupException naming the file and the fix
     */
    public static CertificateAuthority readCa(Path certFile, Path keyFile) {
        String certPem = read(certFile, "--ca-cert");
        String keyPem = read(keyFile, "--ca-key");
        X509Certificate cert;
        try {
            cert = Pem.readCertificate(certPem);
        } catch (InvalidInputException e) {
            throw new StartupException("--ca-cert " + certFile + " holds no PEM certificate (" + e.problem()
                    + "): give the CA certificate as -----BEGIN CERTIFICATE-----", e);
        }
        KeyPair key;
        try {
            key = Pem.readKeyPair(keyPem);
        } catch (InvalidInputException e) {
            throw new StartupException("--ca-key " + keyFile + " holds no usable private key (" + e.problem()
                    + "): give the CA's unencrypted private key as PEM", e);
        }
        try {
            return CertificateAuthority.of(cert, key.getPrivate());
        } catch (InvalidInputException e) {
            throw new StartupException("--ca-cert " + certFile + " and --ca-key " + keyFile + " cannot sign: " + e.problem()
                    + "; give a CA certificate (basicConstraints CA:true) and its own private key", e);
        }
    }

    private static String read(Path file, String option) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new StartupException("cannot read " + option + " " + file + " (" + e.getClass().getSimpleName()
                    + "): give a readable PEM file", e);
        }
    }

    /**
     * Reads the CA kept in a data directory, or makes one and keeps it there.
     *
     * @param dataDir the data directory
     * @return the CA
     * @throws StartupException if the files cannot be read or written
     */
    public static CertificateAuthority caInDataDir(Path dataDir) {
        Path cert = dataDir.resolve(CA_CERT);
        Path key = dataDir.resolve(CA_KEY);
        if (Files.exists(cert) || Files.exists(key)) {
            return readCa(cert, key);
        }
        CertificateAuthority ca = CertificateAuthority.create(Subject.ofCommonName(
                "fleetprov LocalIotCore CA " + UUID.randomUUID().toString().substring(0, 8)), KeyAlgorithm.EC_P256,
                Duration.ofDays(3650));
        try {
            // The key first: a certificate without its key would make the next start refuse the directory.
            writeAtomically(key, Pem.privateKeyToPem(ca.privateKey()).getBytes(StandardCharsets.US_ASCII), true);
            writeAtomically(cert, ca.certificatePem().getBytes(StandardCharsets.US_ASCII), false);
        } catch (IOException e) {
            throw new StartupException("cannot write the CA into --data-dir " + dataDir + " (" + e.getMessage()
                    + "): give a directory you may write", e);
        }
        return ca;
    }

    /**
     * Makes a data directory usable and locks it for this process.
     *
     * @param dataDir the directory (created if missing)
     * @return the lock, held until the process ends
     * @throws StartupException if it is not a directory, cannot be read or written, or another server uses it
     */
    public static FileLock lockDataDir(Path dataDir) {
        if (Files.exists(dataDir) && !Files.isDirectory(dataDir)) {
            throw new StartupException("--data-dir " + dataDir + " is not a directory: give a directory, or a path that"
                    + " does not exist yet");
        }
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new StartupException("cannot create --data-dir " + dataDir + " (" + e.getClass().getSimpleName()
                    + "): give a directory you may write", e);
        }
        if (!Files.isReadable(dataDir) || !Files.isWritable(dataDir) || !Files.isExecutable(dataDir)) {
            throw new StartupException("--data-dir " + dataDir + " is not readable and writable by this user: fix its"
                    + " permissions (chmod u+rwx) or give another directory");
        }
        try {
            FileChannel ch = FileChannel.open(dataDir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                ch.close();
                throw new StartupException("--data-dir " + dataDir + " is in use by another local-iot-core: stop it,"
                        + " or give another directory");
            }
            return lock;
        } catch (AccessDeniedException e) {
            throw new StartupException("--data-dir " + dataDir + " is not writable by this user: fix its permissions"
                    + " or give another directory", e);
        } catch (IOException e) {
            throw new StartupException("cannot lock --data-dir " + dataDir + " (" + e.getMessage()
                    + "): give a directory on a local file system", e);
        }
    }
}
