package io.github.fleetprov.device.internal;

import io.github.fleetprov.core.pki.Pem;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * A certificate and private key to open an mTLS connection with.
 *
 * @param certificate the certificate
 * @param privateKey the key
 */
public record TlsIdentity(X509Certificate certificate, PrivateKey privateKey) {

    /**
     * Creates the identity.
     *
     * @param certificate the certificate
     * @param privateKey the key
     */
    public TlsIdentity {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
    }

    /**
     * The certificate as PEM.
     *
     * @return the PEM text
     */
    public String certificatePem() {
        return Pem.certificateToPem(certificate);
    }

    /**
     * The key as unencrypted PKCS#8 PEM, which aws-crt reads for EC and RSA keys alike.
     *
     * @return the PEM text
     */
    public String privateKeyPem() {
        return Pem.privateKeyToPem(privateKey);
    }

    @Override
    public String toString() {
        return "TlsIdentity[subject=" + certificate.getSubjectX500Principal().getName() + ", privateKey=***]";
    }
}
