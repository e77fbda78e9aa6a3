package io.github.fleetprov.device.internal;

import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.core.pki.ExternalPrivateKey;
import io.github.fleetprov.core.pki.Pem;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.Optional;

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
     * The key when it lives in a PKCS#11 token.
     *
     * @return the token key, empty for a software key
     * @throws InvalidInputException if the key is a stored reference with no PIN bound to it
     */
    public Optional<Pkcs11PrivateKey> tokenKey() {
        return tokenKey(privateKey);
    }

    /**
     * The key when it lives in a PKCS#11 token.
     *
     * @param privateKey a key
     * @return the token key, empty for a software key
     * @throws InvalidInputException if the key is a stored reference with no PIN bound to it
     */
    public static Optional<Pkcs11PrivateKey> tokenKey(PrivateKey privateKey) {
        if (privateKey instanceof Pkcs11PrivateKey key) {
            return Optional.of(key);
        }
        if (privateKey instanceof ExternalPrivateKey external) {
            throw new InvalidInputException("privateKey", "is a reference to a key outside the credential store ("
                    + external.reference() + ") with no PIN to use it", "Bind it to its token first:"
                    + " Pkcs11Key.fromReference(reference, pinSource).bind(device), or use the identity that"
                    + " FleetProvisioningClient returns.");
        }
        return Optional.empty();
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
