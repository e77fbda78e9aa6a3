package io.github.fleetprov.testkit.registry;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A CA certificate registered with the emulated AWS IoT (RegisterCACertificate).
 *
 * @param certificateId the id (lower-case hex SHA-256 of the DER)
 * @param certificateArn the ARN ({@code arn:...:cacert/<id>})
 * @param certificatePem the PEM text
 * @param certificate the parsed certificate
 * @param active whether the CA is ACTIVE (otherwise INACTIVE)
 * @param autoRegistration whether certificates it signed are registered on first connection
 *     ({@code autoRegistrationStatus} ENABLE)
 * @param creationDate when it was registered
 * @param registrationConfig the just-in-time provisioning template, or {@code null}: then certificates
 *     it signed are registered by just-in-time registration (PENDING_ACTIVATION, and an event)
 * @param lastModifiedDate when it last changed
 */
public record CaCertificate(String certificateId, String certificateArn, String certificatePem,
        X509Certificate certificate, boolean active, boolean autoRegistration, Instant creationDate,
        CaRegistrationConfig registrationConfig, Instant lastModifiedDate) {

    /** Validates the components. */
    public CaCertificate {
        Objects.requireNonNull(certificateId, "certificateId");
        Objects.requireNonNull(certificateArn, "certificateArn");
        Objects.requireNonNull(certificatePem, "certificatePem");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(creationDate, "creationDate");
        Objects.requireNonNull(lastModifiedDate, "lastModifiedDate");
    }

    /**
     * A CA certificate without a registration configuration, never modified.
     *
     * @param certificateId the id
     * @param certificateArn the ARN
     * @param certificatePem the PEM text
     * @param certificate the parsed certificate
     * @param active whether the CA is ACTIVE
     * @param autoRegistration whether auto-registration is on
     * @param creationDate when it was registered
     */
    public CaCertificate(String certificateId, String certificateArn, String certificatePem,
            X509Certificate certificate, boolean active, boolean autoRegistration, Instant creationDate) {
        this(certificateId, certificateArn, certificatePem, certificate, active, autoRegistration, creationDate,
                null, creationDate);
    }

    /** @return the registration configuration (just-in-time provisioning), if the CA has one */
    public Optional<CaRegistrationConfig> registration() {
        return Optional.ofNullable(registrationConfig);
    }

    @Override
    public String toString() {
        return "CaCertificate{" + certificateId + (active ? ", ACTIVE" : ", INACTIVE")
                + (autoRegistration ? ", auto-registration ENABLE" : "") + "}";
    }
}
