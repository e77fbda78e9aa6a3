package io.github.fleetprov.core.pki;

import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.core.pki.internal.Curves;
import java.security.Key;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.security.spec.ECParameterSpec;
import java.util.Objects;

/**
 * The key types fleetprov generates and signs with.
 *
 * <p>{@link #EC_P256} is the default: it is what AWS IoT devices should use (fast to generate, small
 * certificates). {@link #RSA_2048} is what AWS's CreateKeysAndCertificate issues.
 */
public enum KeyAlgorithm {
    /** ECDSA on NIST P-256 (secp256r1), signed with SHA-256. The default. */
    EC_P256("EC", 256, "secp256r1", "SHA256withECDSA"),
    /** ECDSA on NIST P-384 (secp384r1), signed with SHA-384. */
    EC_P384("EC", 384, "secp384r1", "SHA384withECDSA"),
    /** RSA with a 2048-bit modulus, signed with SHA-256 (PKCS#1 v1.5). */
    RSA_2048("RSA", 2048, null, "SHA256withRSA"),
    /** RSA with a 3072-bit modulus, signed with SHA-256 (PKCS#1 v1.5). */
    RSA_3072("RSA", 3072, null, "SHA256withRSA"),
    /** RSA with a 4096-bit modulus, signed with SHA-256 (PKCS#1 v1.5). */
    RSA_4096("RSA", 4096, null, "SHA256withRSA");

    private final String family;
    private final int keySize;
    private final String curveName;
    private final String signatureAlgorithm;

    KeyAlgorithm(String family, int keySize, String curveName, String signatureAlgorithm) {
        this.family = family;
        this.keySize = keySize;
        this.curveName = curveName;
        this.signatureAlgorithm = signatureAlgorithm;
    }

    /**
     * The default key algorithm, {@link #EC_P256}.
     *
     * @return {@link #EC_P256}
     */
    public static KeyAlgorithm defaultAlgorithm() {
        return EC_P256;
    }

    /**
     * The JCA key algorithm name: {@code EC} or {@code RSA}.
     *
     * @return the family name
     */
    public String family() {
        return family;
    }

    /**
     * The key size in bits: the curve's field size for EC, the modulus length for RSA.
     *
     * @return the size in bits
     */
    public int keySize() {
        return keySize;
    }

    /**
     * Whether this is an elliptic-curve algorithm.
     *
     * @return {@code true} for {@link #EC_P256} and {@link #EC_P384}
     */
    public boolean isEc() {
        return curveName != null;
    }

    /**
     * The JCA name of the curve ({@code secp256r1}, {@code secp384r1}), for EC algorithms.
     *
     * @return the curve name
     * @throws IllegalStateException for RSA algorithms
     */
    public String curveName() {
        if (curveName == null) {
            throw new IllegalStateException(name() + " is not an elliptic-curve algorithm");
        }
        return curveName;
    }

    /**
     * The JCA signature algorithm fleetprov signs CSRs and certificates with for keys of this type.
     *
     * @return e.g. {@code SHA256withECDSA}
     */
    public String signatureAlgorithm() {
        return signatureAlgorithm;
    }

    /**
     * Finds the algorithm of an existing public or private key.
     *
     * @param key an EC (P-256, P-384) or RSA (2048, 3072, 4096 bit) key
     * @return the matching algorithm
     * @throws InvalidInputException if the key is of another type or size
     */
    public static KeyAlgorithm of(Key key) {
        Objects.requireNonNull(key, "key");
        if (key instanceof ECKey ec) {
            ECParameterSpec params = ec.getParams();
            for (KeyAlgorithm a : values()) {
                if (a.isEc() && Curves.sameCurve(params, Curves.spec(a))) {
                    return a;
                }
            }
            throw unsupported("an EC key on a " + params.getCurve().getField().getFieldSize()
                    + "-bit curve other than P-256 and P-384");
        }
        if (key instanceof RSAKey rsa) {
            int bits = rsa.getModulus().bitLength();
            for (KeyAlgorithm a : values()) {
                if (!a.isEc() && a.keySize == bits) {
                    return a;
                }
            }
            throw unsupported("a " + bits + "-bit RSA key");
        }
        throw unsupported("a key of type " + key.getAlgorithm());
    }

    private static InvalidInputException unsupported(String what) {
        return new InvalidInputException("key", "fleetprov does not support " + what,
                "Use an EC P-256 or P-384 key, or an RSA key of 2048, 3072 or 4096 bits.");
    }
}
