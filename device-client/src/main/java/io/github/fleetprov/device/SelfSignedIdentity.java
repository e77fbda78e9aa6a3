package io.github.fleetprov.device;

import io.github.fleetprov.core.FleetProvisioningException;
import io.github.fleetprov.core.pki.Pem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * A device key pair with a self-signed certificate whose common name is the device id, as
 * {@code tedge cert create --device-id <id>} makes it. The cloud side registers the certificate
 * without a CA, activates it and attaches a policy; the device then connects with it (see
 * {@link #toDevice(String, int)}).
 *
 * <p>Immutable; {@link #toString()} never shows the key.
 */
public final class SelfSignedIdentity {

    private final String deviceId;
    private final KeyPair keyPair;
    private final X509Certificate certificate;

    SelfSignedIdentity(String deviceId, KeyPair keyPair, X509Certificate certificate) {
        this.deviceId = deviceId;
        this.keyPair = keyPair;
        this.certificate = certificate;
    }

    /**
     * The device id, the certificate's common name.
     *
     * @return the device id
     */
    public String deviceId() {
        return deviceId;
    }

    /**
     * The key pair.
     *
     * @return the key pair
     */
    public KeyPair keyPair() {
        return keyPair;
    }

    /**
     * The self-signed certificate.
     *
     * @return the certificate
     */
    public X509Certificate certificate() {
        return certificate;
    }

    /**
     * The certificate as PEM, for RegisterCertificateWithoutCA.
     *
     * @return the PEM text
     */
    public String certificatePem() {
        return Pem.certificateToPem(certificate);
    }

    /**
     * The certificate's details, as {@code tedge cert show} prints them.
     *
     * @return the details
     */
    public CertificateDetails details() {
        return CertificateDetails.of(certificate);
    }

    /**
     * Writes the certificate and the private key (unencrypted PKCS#8, file mode 0600 where the file
     * system supports it) to files; each file is written to a temporary file first and renamed, so a
     * crash leaves either the old file or the new one.
     *
     * @param certificateFile the certificate's file
     * @param privateKeyFile the key's file
     * @throws FleetProvisioningException if a file cannot be written
     */
    public void writeTo(Path certificateFile, Path privateKeyFile) {
        Objects.requireNonNull(certificateFile, "certificateFile");
        Objects.requireNonNull(privateKeyFile, "privateKeyFile");
        writeAtomically(privateKeyFile, Pem.privateKeyToPem(keyPair.getPrivate()), true);
        writeAtomically(certificateFile, certificatePem(), false);
    }

    private static void writeAtomically(Path file, String text, boolean secret) {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        try {
            Files.createDirectories(dir);
            Path temp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
            try {
                if (secret) {
                    try {
                        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
                    } catch (UnsupportedOperationException e) {
                        // not a POSIX file system
                    }
                }
                try (var channel = Files.newByteChannel(temp, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
                    channel.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)));
                    if (channel instanceof java.nio.channels.FileChannel) {
                        ((java.nio.channels.FileChannel) channel).force(true);
                    }
                }
                try {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new FleetProvisioningException("Cannot write " + file + " (" + e.getClass().getSimpleName()
                    + "); check that the directory is writable.", e);
        }
    }

    /**
     * The identity as a {@link ProvisionedDevice} for connecting, with the device id as thing name.
     *
     * @param endpoint the AWS IoT data endpoint
     * @param port the MQTT port
     * @return the device identity
     */
    public ProvisionedDevice toDevice(String endpoint, int port) {
        return ProvisionedDevice.builder().thingName(deviceId).certificate(certificate)
                .privateKey(keyPair.getPrivate()).endpoint(endpoint).port(port).build();
    }

    @Override
    public String toString() {
        return "SelfSignedIdentity[deviceId=" + deviceId + ", thumbprint=" + details().thumbprint()
                + ", privateKey=***]";
    }
}
