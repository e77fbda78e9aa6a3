package io.github.fleetprov.device;

import io.github.fleetprov.core.pki.CertificateInfo;
import io.github.fleetprov.core.pki.Pem;
import io.github.fleetprov.core.store.DeviceIdentity;
import io.github.fleetprov.core.store.PemFiles;
import java.nio.file.Path;
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
    public CertificateInfo details() {
        return CertificateInfo.of(certificate);
    }

    /**
     * Writes the certificate and the private key (unencrypted PKCS#8, file mode 0600 where the file
     * system supports it) to files with {@link PemFiles#replace}: each file is written to a temporary
     * file first, fsynced and renamed, so a crash leaves either the old file or the new one.
     *
     * @param certificateFile the certificate's file
     * @param privateKeyFile the key's file
     * @throws io.github.fleetprov.core.store.CredentialStoreException if a file cannot be written
     */
    public void writeTo(Path certificateFile, Path privateKeyFile) {
        Objects.requireNonNull(certificateFile, "certificateFile");
        Objects.requireNonNull(privateKeyFile, "privateKeyFile");
        PemFiles.replace(certificateFile, certificatePem(), privateKeyFile, Pem.privateKeyToPem(keyPair.getPrivate()));
    }

    /**
     * The identity as a {@link DeviceIdentity} for connecting, with the device id as thing name.
     *
     * @param endpoint the AWS IoT data endpoint
     * @param port the MQTT port
     * @return the device identity
     */
    public DeviceIdentity toDevice(String endpoint, int port) {
        return DeviceIdentity.builder().thingName(deviceId).certificate(certificate)
                .privateKey(keyPair.getPrivate()).endpoint(endpoint).port(port).build();
    }

    @Override
    public String toString() {
        return "SelfSignedIdentity[deviceId=" + deviceId + ", thumbprint=" + details().sha1Thumbprint()
                + ", privateKey=***]";
    }
}
