package io.github.fleetprov.device;

import io.github.fleetprov.core.FleetProvisioningException;
import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.core.pki.Certificates;
import io.github.fleetprov.core.pki.Pem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The claim certificate and its private key, which a device uses to connect before it has an identity
 * of its own. Also used for any X.509 identity that opens an MQTT connection (see
 * {@link DeviceConnection}).
 *
 * <p>A fleet set-up's stored claim ({@code FleetSetup.claimIdentity()}, a core
 * {@link io.github.fleetprov.core.store.ClaimIdentity}) needs no conversion: give it to
 * {@link FleetProvisioningClient.Builder#claim(io.github.fleetprov.core.store.ClaimIdentity)}.
 *
 * <p>Every factory checks that the private key belongs to the certificate, so a wrong key is reported
 * here, naming the field, instead of as a TLS failure later. Immutable; {@link #toString()} shows the
 * certificate's subject, never the key.
 */
public final class ClaimCredentials {

    private final X509Certificate certificate;
    private final PrivateKey privateKey;
    private final String certificatePem;

    private ClaimCredentials(X509Certificate certificate, PrivateKey privateKey, String field) {
        if (!Certificates.matches(certificate, privateKey)) {
            throw new InvalidInputException(field, "the private key does not belong to the certificate",
                    "Pass the private key that was issued with this claim certificate.");
        }
        this.certificate = certificate;
        this.privateKey = privateKey;
        this.certificatePem = Pem.certificateToPem(certificate);
    }

    /**
     * Claim credentials from a certificate and its key.
     *
     * @param certificate the claim certificate
     * @param privateKey its private key
     * @return the credentials
     * @throws InvalidInputException if the key does not belong to the certificate
     */
    public static ClaimCredentials of(X509Certificate certificate, PrivateKey privateKey) {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
        return new ClaimCredentials(certificate, privateKey, "privateKey");
    }

    /**
     * Claim credentials from PEM text.
     *
     * @param certificatePem the certificate, PEM
     * @param privateKeyPem the private key, unencrypted PEM (PKCS#8, PKCS#1 or SEC1)
     * @return the credentials
     * @throws InvalidInputException if either text cannot be read or the key does not belong to the certificate
     */
    public static ClaimCredentials fromPem(String certificatePem, String privateKeyPem) {
        Objects.requireNonNull(certificatePem, "certificatePem");
        Objects.requireNonNull(privateKeyPem, "privateKeyPem");
        return new ClaimCredentials(Pem.readCertificate(certificatePem), Pem.readPrivateKey(privateKeyPem),
                "privateKeyPem");
    }

    /**
     * Claim credentials from PEM files, as AWS IoT's console and CreateKeysAndCertificate write them.
     *
     * @param certificateFile the certificate file
     * @param privateKeyFile the private key file (unencrypted PEM)
     * @return the credentials
     * @throws InvalidInputException if a file cannot be read or the key does not belong to the certificate
     */
    public static ClaimCredentials fromPemFiles(Path certificateFile, Path privateKeyFile) {
        Objects.requireNonNull(certificateFile, "certificateFile");
        Objects.requireNonNull(privateKeyFile, "privateKeyFile");
        String certificatePem = read(certificateFile, "certificateFile");
        String keyPem = read(privateKeyFile, "privateKeyFile");
        return new ClaimCredentials(Pem.readCertificate(certificatePem), Pem.readPrivateKey(keyPem), "privateKeyFile");
    }

    /**
     * Claim credentials from a PKCS#12 file holding one key entry.
     *
     * @param file the PKCS#12 file
     * @param password the file's password; the array is not kept
     * @return the credentials
     * @throws InvalidInputException if the file cannot be read, the password is wrong, or there is no key entry
     */
    public static ClaimCredentials fromPkcs12(Path file, char[] password) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(password, "password");
        KeyStore keyStore;
        try (InputStream in = Files.newInputStream(file)) {
            keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(in, password);
        } catch (IOException | GeneralSecurityException e) {
            throw new InvalidInputException("file", "cannot read the PKCS#12 file " + file + " ("
                    + e.getClass().getSimpleName() + ")", "Check the path and the password.", e);
        }
        return fromKeyStore(keyStore, null, password);
    }

    /**
     * Claim credentials from a Java {@link KeyStore} entry.
     *
     * @param keyStore a loaded key store
     * @param alias the key entry's alias, or {@code null} for the only key entry
     * @param password the entry's password; the array is not kept
     * @return the credentials
     * @throws InvalidInputException if there is no such key entry or the password is wrong
     */
    public static ClaimCredentials fromKeyStore(KeyStore keyStore, @Nullable String alias, char[] password) {
        Objects.requireNonNull(keyStore, "keyStore");
        Objects.requireNonNull(password, "password");
        try {
            String entry = alias;
            if (entry == null) {
                for (String candidate : Collections.list(keyStore.aliases())) {
                    if (keyStore.isKeyEntry(candidate)) {
                        entry = candidate;
                        break;
                    }
                }
            }
            if (entry == null || !keyStore.isKeyEntry(entry)) {
                throw new InvalidInputException("alias", alias == null ? "the key store holds no key entry"
                        : "the key store holds no key entry named '" + alias + "'",
                        "Pass the alias of the entry that holds the claim key and certificate.");
            }
            Key key = keyStore.getKey(entry, password);
            Certificate certificate = keyStore.getCertificate(entry);
            if (key instanceof PrivateKey privateKey && certificate instanceof X509Certificate x509) {
                return new ClaimCredentials(x509, privateKey, "keyStore");
            }
            throw new InvalidInputException("alias", "the entry '" + entry
                    + "' does not hold a private key with an X.509 certificate", "Pass a key entry.");
        } catch (GeneralSecurityException e) {
            throw new InvalidInputException("password", "cannot read the key entry ("
                    + e.getClass().getSimpleName() + ")", "Check the entry's password.", e);
        }
    }

    private static String read(Path file, String field) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new InvalidInputException(field, "cannot read " + file + " (" + e.getClass().getSimpleName() + ")",
                    "Check that the file exists and is readable.", e);
        } catch (RuntimeException e) {
            throw new FleetProvisioningException(field + ": cannot read " + file, e);
        }
    }

    /**
     * The certificate.
     *
     * @return the certificate
     */
    public X509Certificate certificate() {
        return certificate;
    }

    /**
     * The certificate as PEM.
     *
     * @return the PEM text
     */
    public String certificatePem() {
        return certificatePem;
    }

    /**
     * The private key.
     *
     * @return the key
     */
    public PrivateKey privateKey() {
        return privateKey;
    }

    @Override
    public String toString() {
        return "ClaimCredentials[subject=" + certificate.getSubjectX500Principal().getName() + ", privateKey=***]";
    }
}
