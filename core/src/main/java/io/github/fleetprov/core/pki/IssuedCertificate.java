package io.github.fleetprov.core.pki;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import io.github.fleetprov.core.pki.internal.Names;
import java.util.Objects;

/**
 * A certificate together with the key pair it was issued for.
 *
 * <p>{@link #toString()} shows the certificate's subject and id, never the private key.
 *
 * @param certificate the certificate
 * @param keyPair its key pair
 */
public record IssuedCertificate(X509Certificate certificate, KeyPair keyPair) {

    /**
     * Checks the parts.
     *
     * @param certificate the certificate
     * @param keyPair its key pair
     */
    public IssuedCertificate {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(keyPair, "keyPair");
    }

    /** @return the certificate as PEM */
    public String certificatePem() {
        return Pem.certificateToPem(certificate);
    }

    /** @return the private key as unencrypted PKCS#8 PEM (a secret: do not log it) */
    public String privateKeyPem() {
        return Pem.privateKeyToPem(keyPair.getPrivate());
    }

    /** @return the AWS IoT certificate id */
    public String certificateId() {
        return Certificates.awsCertificateId(certificate);
    }

    /** @return the subject and certificate id; never the private key */
    @Override
    public String toString() {
        return "IssuedCertificate[subject=" + Names.rfc2253(certificate.getSubjectX500Principal())
                + ", certificateId=" + certificateId() + ", privateKey=***]";
    }
}
