package io.github.fleetprov.core.pki;

import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.core.pki.internal.KeyMath;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Certificate helpers: the AWS IoT certificate id, thumbprints, and pairing with private keys.
 *
 * <p>Thread-safe.
 */
public final class Certificates {

    private Certificates() {
    }

    /**
     * The AWS IoT certificate id of a certificate: the SHA-256 of its DER encoding as 64 lower-case
     * hex digits (what {@code openssl x509 -outform der | sha256sum} prints).
     *
     * @param certificate the certificate
     * @return the certificate id
     */
    public static String awsCertificateId(X509Certificate certificate) {
        return HexFormat.of().formatHex(digest("SHA-256", der(certificate)));
    }

    /**
     * The SHA-1 thumbprint, upper-case hex without separators, as {@code tedge cert show} prints it.
     *
     * @param certificate the certificate
     * @return 40 upper-case hex digits
     */
    public static String sha1Thumbprint(X509Certificate certificate) {
        return HexFormat.of().withUpperCase().formatHex(digest("SHA-1", der(certificate)));
    }

    /**
     * The SHA-256 fingerprint, upper-case hex without separators.
     *
     * @param certificate the certificate
     * @return 64 upper-case hex digits
     */
    public static String sha256Fingerprint(X509Certificate certificate) {
        return HexFormat.of().withUpperCase().formatHex(digest("SHA-256", der(certificate)));
    }

    /**
     * Whether a private key is the key of a certificate's public key. An {@link ExternalPrivateKey} matches
     * when its public key is the certificate's.
     *
     * @param certificate the certificate
     * @param privateKey the private key
     * @return {@code true} if they belong together
     */
    public static boolean matches(X509Certificate certificate, PrivateKey privateKey) {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
        if (privateKey instanceof ExternalPrivateKey external) {
            return java.util.Arrays.equals(certificate.getPublicKey().getEncoded(), external.publicKey().getEncoded());
        }
        return KeyMath.matches(certificate.getPublicKey(), privateKey);
    }

    /**
     * Throws unless a private key is the key of a certificate.
     *
     * @param certificate the certificate
     * @param privateKey the private key
     * @throws InvalidInputException naming {@code privateKey} if they do not belong together
     */
    public static void requireMatch(X509Certificate certificate, PrivateKey privateKey) {
        if (!matches(certificate, privateKey)) {
            throw new InvalidInputException("privateKey", "the private key does not belong to the certificate "
                    + awsCertificateId(certificate), "Use the key the certificate was issued for.");
        }
    }

    static byte[] der(X509Certificate certificate) {
        Objects.requireNonNull(certificate, "certificate");
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new InvalidInputException("certificate", "the certificate cannot be encoded",
                    "Pass a valid X.509 certificate.", e);
        }
    }

    private static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is always available", e);
        }
    }
}
