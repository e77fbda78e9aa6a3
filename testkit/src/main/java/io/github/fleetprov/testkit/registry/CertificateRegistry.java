package io.github.fleetprov.testkit.registry;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Device certificates and CA certificates: the certificate part of the AWS IoT registry
 * (RegisterCertificate, RegisterCertificateWithoutCA, RegisterCACertificate, UpdateCertificate,
 * DeleteCertificate and their reads).
 *
 * <p>Part of {@link IotRegistry}; every method behaves like the AWS IoT operation of the same name and
 * refuses what AWS IoT refuses with a {@link RegistryException}.
 */
public interface CertificateRegistry {

    /**
     * Registers a certificate (RegisterCertificate / RegisterCertificateWithoutCA, and the internal
     * registration of certificates the emulator issues).
     *
     * @param registration the PEM, status and options
     * @return the registered certificate
     * @throws RegistryException {@code ResourceAlreadyExistsException} (same id),
     *     {@code CertificateValidationException} (not a certificate), {@code ResourceNotFoundException}
     *     (unknown CA)
     */
    Certificate registerCertificate(CertificateRegistration registration);

    /**
     * Registers a certificate without a CA with a status (RegisterCertificateWithoutCA).
     *
     * @param certificatePem the certificate PEM
     * @param status the status
     * @return the registered certificate
     * @throws RegistryException see {@link #registerCertificate(CertificateRegistration)}
     */
    Certificate registerCertificate(String certificatePem, CertificateStatus status);

    /**
     * Describes a certificate.
     *
     * @param certificateId the id
     * @return the certificate
     * @throws RegistryException {@code ResourceNotFoundException}
     */
    Certificate describeCertificate(String certificateId);

    /**
     * Finds a certificate, temporary provisioning claims included.
     *
     * @param certificateId the id
     * @return the certificate, if it is registered
     */
    Optional<Certificate> findCertificate(String certificateId);

    /**
     * Finds a certificate by its ARN (a principal).
     *
     * @param certificateArn the ARN
     * @return the certificate, if it is registered
     */
    Optional<Certificate> findCertificateByArn(String certificateArn);

    /** @return every certificate except temporary provisioning claims, by id */
    List<Certificate> listCertificates();

    /**
     * Changes a certificate's status (UpdateCertificate). A REVOKED certificate cannot change, and a
     * PENDING_TRANSFER one cannot be updated, as in AWS IoT.
     *
     * @param certificateId the id
     * @param newStatus the new status
     * @return the certificate after the change
     * @throws RegistryException {@code ResourceNotFoundException}, {@code CertificateStateException}
     */
    Certificate updateCertificateStatus(String certificateId, CertificateStatus newStatus);

    /**
     * Sets or clears the claim expiry of a certificate (for tests of expired claims).
     *
     * @param certificateId the id
     * @param expiry the new expiry
     * @return the certificate after the change
     * @throws RegistryException {@code ResourceNotFoundException}
     */
    Certificate setClaimExpiry(String certificateId, Instant expiry);

    /**
     * Deletes a certificate (DeleteCertificate). An ACTIVE certificate cannot be deleted; one with
     * things attached cannot either; one with policies attached only with {@code forceDelete}, which
     * detaches them.
     *
     * @param certificateId the id
     * @param forceDelete whether to detach policies first
     * @throws RegistryException {@code ResourceNotFoundException}, {@code CertificateStateException},
     *     {@code DeleteConflictException}
     */
    void deleteCertificate(String certificateId, boolean forceDelete);

    /**
     * Registers a CA certificate (RegisterCACertificate).
     *
     * @param caCertificatePem the CA certificate PEM
     * @param active whether it is ACTIVE
     * @param autoRegistration whether auto-registration is on
     * @return the CA certificate
     * @throws RegistryException {@code ResourceAlreadyExistsException}, {@code CertificateValidationException}
     */
    default CaCertificate registerCaCertificate(String caCertificatePem, boolean active, boolean autoRegistration) {
        return registerCaCertificate(caCertificatePem, active, autoRegistration, null);
    }

    /**
     * Registers a CA certificate with a registration configuration (RegisterCACertificate with
     * {@code registrationConfig}): with auto-registration on, certificates it signed are provisioned
     * from that template on their first connection (AWS IoT developer guide, "Just-in-time
     * provisioning").
     *
     * @param caCertificatePem the CA certificate PEM
     * @param active whether it is ACTIVE
     * @param autoRegistration whether auto-registration is on
     * @param registrationConfig the just-in-time provisioning template, or {@code null} for none
     *     (just-in-time registration)
     * @return the CA certificate
     * @throws RegistryException {@code ResourceAlreadyExistsException}, {@code CertificateValidationException}
     */
    CaCertificate registerCaCertificate(String caCertificatePem, boolean active, boolean autoRegistration,
            CaRegistrationConfig registrationConfig);

    /**
     * Changes a CA certificate's status or auto-registration (UpdateCACertificate).
     *
     * @param certificateId the CA certificate id
     * @param active the new status ({@code true} for ACTIVE), or {@code null} to keep it
     * @param autoRegistration the new auto-registration, or {@code null} to keep it
     * @return the CA certificate after the change
     * @throws RegistryException {@code ResourceNotFoundException}
     */
    default CaCertificate updateCaCertificate(String certificateId, @Nullable Boolean active,
            @Nullable Boolean autoRegistration) {
        return updateCaCertificate(certificateId, active, autoRegistration, null, false);
    }

    /**
     * Changes a CA certificate's status, auto-registration or registration configuration
     * (UpdateCACertificate with {@code registrationConfig} and {@code removeAutoRegistration}).
     *
     * @param certificateId the CA certificate id
     * @param active the new status ({@code true} for ACTIVE), or {@code null} to keep it
     * @param autoRegistration the new auto-registration, or {@code null} to keep it
     * @param registrationConfig the new registration configuration, or {@code null} to keep it
     * @param removeRegistrationConfig whether to remove the registration configuration (the API's
     *     {@code removeAutoRegistration}); not together with a new one
     * @return the CA certificate after the change
     * @throws RegistryException {@code ResourceNotFoundException}; {@code InvalidRequestException} for a
     *     new configuration together with its removal
     */
    CaCertificate updateCaCertificate(String certificateId, @Nullable Boolean active, @Nullable Boolean autoRegistration,
            @Nullable CaRegistrationConfig registrationConfig, boolean removeRegistrationConfig);

    /**
     * Finds a CA certificate.
     *
     * @param certificateId the CA certificate id
     * @return the CA certificate, if registered
     */
    Optional<CaCertificate> findCaCertificate(String certificateId);

    /** @return every registered CA certificate */
    List<CaCertificate> listCaCertificates();

    /**
     * Deletes a CA certificate.
     *
     * @param certificateId the CA certificate id
     * @throws RegistryException {@code ResourceNotFoundException}; {@code CertificateStateException} if ACTIVE
     */
    void deleteCaCertificate(String certificateId);
}
