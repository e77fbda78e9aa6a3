package io.github.fleetprov.device;

import io.github.fleetprov.core.pki.KeyAlgorithm;
import java.security.KeyPair;
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
 *   <li>{@link #createKeysAndCertificate()}: AWS IoT makes the key (RSA-2048) and sends it with the
 *       certificate over the claim connection.</li>
 * </ul>
 *
 * <p>Immutable.
 */
public final class KeyStrategy {

    private static final KeyStrategy DEFAULT = new KeyStrategy(Kind.CSR, KeyAlgorithm.EC_P256, null);
    private static final KeyStrategy SERVER_KEYS = new KeyStrategy(Kind.CREATE_KEYS_AND_CERTIFICATE, null, null);

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

    private KeyStrategy(Kind kind, KeyAlgorithm algorithm, KeyPair keyPair) {
        this.kind = kind;
        this.algorithm = algorithm;
        this.keyPair = keyPair;
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
        return new KeyStrategy(Kind.CSR, Objects.requireNonNull(algorithm, "algorithm"), null);
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
        return new KeyStrategy(Kind.CSR, null, keyPair);
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
     * @return the key pair, empty unless made with {@link #csrWithKey(KeyPair)}
     */
    public Optional<KeyPair> keyPair() {
        return Optional.ofNullable(keyPair);
    }

    @Override
    public String toString() {
        if (kind == Kind.CREATE_KEYS_AND_CERTIFICATE) {
            return "KeyStrategy[CreateKeysAndCertificate]";
        }
        return keyPair != null ? "KeyStrategy[CSR, supplied key]" : "KeyStrategy[CSR, new " + algorithm + " key]";
    }
}
