package io.github.fleetprov.device;

import io.github.fleetprov.core.FleetProvisioningException;
import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.core.pki.CertificateSigningRequest;
import io.github.fleetprov.core.pki.KeyAlgorithm;
import io.github.fleetprov.core.pki.Pem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the device's new private key comes from.
 *
 * <ul>
 *   <li>{@link #csrWithNewKey()} (the default): the device makes an EC P-256 key, sends a CSR with
 *       CreateCertificateFromCsr; the private key never leaves the device.</li>
 *   <li>{@link #csrWithNewKey(KeyAlgorithm)}: the same with another algorithm, for example RSA-2048.</li>
 *   <li>{@link #csrWithKey(KeyPair)}: a CSR for a key the caller supplies (for example one kept in a
 *       secure element's software twin, or made at the factory).</li>
 *   <li>{@link #csrFromFiles(Path, Path)}: a CSR file and its private key file made outside fleetprov
 *       (for example {@code openssl genrsa} and {@code openssl req -new}), sent as they are.</li>
 *   <li>{@link #pkcs11(Pkcs11Key)}: a key in a PKCS#11 token (secure element, HSM), generated there or
 *       already there; the token signs the CSR and does the private-key part of every TLS handshake, and the
 *       stored identity names the key object instead of holding the key.</li>
 *   <li>{@link #createKeysAndCertificate()}: AWS IoT makes the key (RSA-2048) and sends it with the
 *       certificate over the claim connection.</li>
 * </ul>
 *
 * <p>Immutable.
 */
public final class KeyStrategy {

    private static final KeyStrategy DEFAULT = new KeyStrategy(Kind.CSR, KeyAlgorithm.EC_P256, null, null, null);
    private static final KeyStrategy SERVER_KEYS = new KeyStrategy(Kind.CREATE_KEYS_AND_CERTIFICATE, null, null, null,
            null);

    /** The kinds of strategy. */
    public enum Kind {
        /** CreateCertificateFromCsr with a key the device holds. */
        CSR,
        /** CreateKeysAndCertificate: AWS IoT makes the key. */
        CREATE_KEYS_AND_CERTIFICATE
    }

    private final Kind kind;
    private final KeyAlgorithm algorithm;
    private final KeyPair keyPair;
    private final String csrPem;
    private final Pkcs11Key pkcs11Key;

    private KeyStrategy(Kind kind, KeyAlgorithm algorithm, KeyPair keyPair, String csrPem, Pkcs11Key pkcs11Key) {
        this.kind = kind;
        this.algorithm = algorithm;
        this.keyPair = keyPair;
        this.csrPem = csrPem;
        this.pkcs11Key = pkcs11Key;
    }

    /**
     * CSR with a new EC P-256 key made on the device: the default.
     *
     * @return the strategy
     */
    public static KeyStrategy csrWithNewKey() {
        return DEFAULT;
    }

    /**
     * CSR with a new key of the given algorithm.
     *
     * @param algorithm the key algorithm, for example {@link KeyAlgorithm#RSA_2048}
     * @return the strategy
     */
    public static KeyStrategy csrWithNewKey(KeyAlgorithm algorithm) {
        return new KeyStrategy(Kind.CSR, Objects.requireNonNull(algorithm, "algorithm"), null, null, null);
    }

    /**
     * CSR for a key pair the caller supplies.
     *
     * @param keyPair the device's key pair
     * @return the strategy
     */
    public static KeyStrategy csrWithKey(KeyPair keyPair) {
        Objects.requireNonNull(keyPair, "keyPair");
        Objects.requireNonNull(keyPair.getPrivate(), "keyPair.getPrivate()");
        Objects.requireNonNull(keyPair.getPublic(), "keyPair.getPublic()");
        return new KeyStrategy(Kind.CSR, null, keyPair, null, null);
    }

    /**
     * A CSR file and the file of its private key, both made outside fleetprov, as the AWS IoT Device
     * SDK's fleet provisioning sample makes them ({@code openssl genrsa -out deviceCert.key 2048},
     * {@code openssl req -new -key deviceCert.key -out deviceCert.csr}) and sends the CSR file with
     * CreateCertificateFromCsr (AWS IoT Developer Guide, "Device provisioning MQTT API",
     * CreateCertificateFromCsr). The CSR is sent as it is, subject included.
     *
     * <p>Both files are read and checked here, before anything is sent: the CSR must be PEM
     * ({@code CERTIFICATE REQUEST}) with a valid self-signature, the key an unencrypted PEM private key
     * (PKCS#8, PKCS#1 or SEC1), and the CSR must ask a certificate for that key's public key.
     *
     * @param csrFile the PEM certificate signing request
     * @param privateKeyFile the PEM private key the CSR was made from
     * @return the strategy
     * @throws InvalidInputException naming the file: unreadable, not a CSR or key, or the two do not match
     */
    public static KeyStrategy csrFromFiles(Path csrFile, Path privateKeyFile) {
        Objects.requireNonNull(csrFile, "csrFile");
        Objects.requireNonNull(privateKeyFile, "privateKeyFile");
        String csrText = read(csrFile, "csrFile");
        CertificateSigningRequest csr;
        try {
            csr = CertificateSigningRequest.parse(csrText).requireValidSignature();
        } catch (InvalidInputException e) {
            throw new InvalidInputException("csrFile", csrFile + " is not a usable CSR: " + e.problem(),
                    "Make it with openssl req -new -key <key file> -out " + csrFile + ".", e);
        }
        String keyText = read(privateKeyFile, "privateKeyFile");
        KeyPair pair;
        try {
            pair = Pem.readKeyPair(keyText);
        } catch (InvalidInputException e) {
            throw new InvalidInputException("privateKeyFile", privateKeyFile + " is not a usable private key: "
                    + e.problem(), "Pass the unencrypted PEM key the CSR was made from.", e);
        }
        if (!Arrays.equals(csr.publicKey().getEncoded(), pair.getPublic().getEncoded())) {
            throw new InvalidInputException("csrFile", "the CSR " + csrFile + " asks a certificate for another key"
                    + " than the private key " + privateKeyFile,
                    "Make the CSR from this key (openssl req -new -key " + privateKeyFile + " -out " + csrFile
                    + ") or pass the key it was made from.");
        }
        return new KeyStrategy(Kind.CSR, null, pair, csr.toPem(), null);
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
     * CSR for a key that lives in a PKCS#11 token and never leaves it (AWS IoT Core developer guide, "Device
     * provisioning MQTT API", CreateCertificateFromCsr: the private key stays on the device). The key with
     * {@link Pkcs11Key#keyLabel()} is used, or generated in the token when missing (see {@link Pkcs11Key}).
     * Certificate rotation generates the new key in the same token, labelled {@code <keyLabel>-<first 8
     * hex digits of the replaced certificate's id>} (the label cut to 55 characters first); the replaced key
     * stays in the token.
     *
     * @param key the token, key label and PIN source
     * @return the strategy
     */
    public static KeyStrategy pkcs11(Pkcs11Key key) {
        return new KeyStrategy(Kind.CSR, null, null, null, Objects.requireNonNull(key, "key"));
    }

    /**
     * The PKCS#11 key of {@link #pkcs11(Pkcs11Key)}.
     *
     * @return the key settings, empty for every other strategy
     */
    public Optional<Pkcs11Key> pkcs11Key() {
        return Optional.ofNullable(pkcs11Key);
    }

    /**
     * CreateKeysAndCertificate: AWS IoT makes the key pair.
     *
     * @return the strategy
     */
    public static KeyStrategy createKeysAndCertificate() {
        return SERVER_KEYS;
    }

    /**
     * The kind of strategy.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }

    /**
     * The algorithm of a key the device makes.
     *
     * @return the algorithm, empty for a supplied key or CreateKeysAndCertificate
     */
    public Optional<KeyAlgorithm> algorithm() {
        return Optional.ofNullable(algorithm);
    }

    /**
     * The key pair the caller supplied.
     *
     * @return the key pair, empty unless made with {@link #csrWithKey(KeyPair)} or
     *     {@link #csrFromFiles(Path, Path)}
     */
    public Optional<KeyPair> keyPair() {
        return Optional.ofNullable(keyPair);
    }

    /**
     * The CSR to send as it is, read by {@link #csrFromFiles(Path, Path)}.
     *
     * @return the PEM CSR, empty when the device makes its own CSR or AWS IoT makes the key
     */
    public Optional<String> csrPem() {
        return Optional.ofNullable(csrPem);
    }

    @Override
    public String toString() {
        if (kind == Kind.CREATE_KEYS_AND_CERTIFICATE) {
            return "KeyStrategy[CreateKeysAndCertificate]";
        }
        if (csrPem != null) {
            return "KeyStrategy[CSR from file, supplied key]";
        }
        if (pkcs11Key != null) {
            return "KeyStrategy[CSR, PKCS#11 key " + pkcs11Key.reference() + "]";
        }
        return keyPair != null ? "KeyStrategy[CSR, supplied key]" : "KeyStrategy[CSR, new " + algorithm + " key]";
    }
}
