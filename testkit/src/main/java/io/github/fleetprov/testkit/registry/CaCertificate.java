package io.github.fleetprov.testkit.registry;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Objects;

/**
 * A CA certificate registered with the emulated AWS IoT (RegisterCACertificate).
 *
 * @param certificateId the id (lower-case hex SHA-256 of the DER)
 * @param certificateArn the ARN ({@code arn:...:cacert/<id>})
 * @param certificatePem the PEM text
 * @param certificate the parsed certificate
 * @param active whether the CA is ACTIVE (otherwise INACTIVE)
 * @param autoRegistration whether certificates it signed are registered on first connection
 * @param creationDate when it was registered
 */
public record CaCertificate(String certificateId, String certificateArn, String certificatePem,
        X509Certificate certificate, boolean active, boolean autoRegistration, Instant creationDate) {

    /** Validates the components. */
    public CaCertificate {
        Objects.requireNonNull(certificateId, "certificateId");
        Objects.requireNonNull(certificateArn, "certificateArn");
        Objects.requireNonNull(certificatePem, "certificatePem");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(creationDate, "creationDate");
    }

    @Override
    public String toString() {
        return "CaCertificate{" + certificateId + (active ? ", ACTIVE" : ", INACTIVE") + "}";
    }
}
