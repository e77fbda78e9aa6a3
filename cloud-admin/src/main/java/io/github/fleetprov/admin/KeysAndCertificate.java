package io.github.fleetprov.admin;

import java.util.Objects;

/**
 * The answer of CreateKeysAndCertificate: a certificate AWS IoT issued and its RSA-2048 private key.
 * AWS returns the key only once; store it at once. {@link #toString()} never shows the key.
 *
 * @param certificateId the certificate id
 * @param certificateArn the certificate ARN
 * @param certificatePem the certificate PEM
 * @param privateKeyPem the private key PEM (secret)
 */
public record KeysAndCertificate(String certificateId, String certificateArn, String certificatePem,
        String privateKeyPem) {

    /**
     * Validates the parts.
     *
     * @param certificateId the certificate id
     * @param certificateArn the ARN
     * @param certificatePem the certificate PEM
     * @param privateKeyPem the private key PEM
     */
    public KeysAndCertificate {
        Objects.requireNonNull(certificateId, "certificateId");
        Objects.requireNonNull(certificateArn, "certificateArn");
        Objects.requireNonNull(certificatePem, "certificatePem");
        Objects.requireNonNull(privateKeyPem, "privateKeyPem");
    }

    @Override
    public String toString() {
        return "KeysAndCertificate[certificateId=" + certificateId + ", certificateArn=" + certificateArn
                + ", privateKeyPem=<redacted>]";
    }
}
