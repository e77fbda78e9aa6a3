package io.github.fleetprov.device.internal;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;

/** Checks that a private key belongs to a certificate by signing a random challenge. */
public final class KeyChecks {

    private static final SecureRandom RANDOM = new SecureRandom();

    private KeyChecks() {
    }

    /**
     * Whether the private key belongs to the certificate's public key.
     *
     * @param certificate the certificate
     * @param privateKey the key
     * @return {@code true} if a signature made with the key verifies with the certificate
     */
    public static boolean matches(X509Certificate certificate, PrivateKey privateKey) {
        return matches(certificate.getPublicKey(), privateKey);
    }

    /**
     * Whether the private key belongs to the public key.
     *
     * @param publicKey the public key
     * @param privateKey the private key
     * @return {@code true} if a signature made with the private key verifies with the public key
     */
    public static boolean matches(PublicKey publicKey, PrivateKey privateKey) {
        String algorithm = publicKey.getAlgorithm();
        if (!algorithm.equals(privateKey.getAlgorithm())) {
            return false;
        }
        String signatureAlgorithm;
        switch (algorithm) {
            case "EC":
                signatureAlgorithm = "SHA256withECDSA";
                break;
            case "RSA":
                signatureAlgorithm = "SHA256withRSA";
                break;
            case "Ed25519":
            case "EdDSA":
                signatureAlgorithm = "Ed25519";
                break;
            default:
                return false;
        }
        byte[] challenge = new byte[32];
        RANDOM.nextBytes(challenge);
        try {
            Signature signer = Signature.getInstance(signatureAlgorithm);
            signer.initSign(privateKey);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(signatureAlgorithm);
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }
}
