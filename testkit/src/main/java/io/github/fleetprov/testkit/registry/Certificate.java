package io.github.fleetprov.testkit.registry;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A certificate registered with the emulated AWS IoT, as the registry holds it at one moment (an
 * immutable snapshot). Its id is the lower-case hex SHA-256 of the DER encoding, as in AWS IoT.
 */
public final class Certificate {

    private final String certificateId;
    private final String certificateArn;
    private final String certificatePem;
    private final X509Certificate certificate;
    private final CertificateStatus status;
    private final String caCertificateId;
    private final Instant claimExpiry;
    private final String claimTemplateName;
    private final String generationId;
    private final Instant creationDate;
    private final Instant lastModifiedDate;
    private final CertificateMode mode;

    /**
     * Creates a snapshot.
     *
     * @param certificateId the AWS IoT certificate id
     * @param certificateArn the certificate ARN ({@code arn:...:cert/<id>}), the principal of attachments
     * @param certificatePem the PEM text
     * @param certificate the parsed certificate
     * @param status the status
     * @param caCertificateId the registered CA certificate that issued it, or {@code null}
     * @param claimExpiry when the certificate stops being accepted as a claim, or {@code null}
     * @param claimTemplateName for a temporary provisioning claim, the template it may provision with, or {@code null}
     * @param generationId changes with every status change
     * @param creationDate when it was registered
     * @param lastModifiedDate when it last changed
     */
    public Certificate(String certificateId, String certificateArn, String certificatePem, X509Certificate certificate,
            CertificateStatus status, @Nullable String caCertificateId, @Nullable Instant claimExpiry, @Nullable String claimTemplateName,
            String generationId, Instant creationDate, Instant lastModifiedDate) {
        this(certificateId, certificateArn, certificatePem, certificate, status, caCertificateId, claimExpiry,
                claimTemplateName, generationId, creationDate, lastModifiedDate, CertificateMode.DEFAULT);
    }

    /**
     * Creates a snapshot.
     *
     * @param certificateId the AWS IoT certificate id
     * @param certificateArn the certificate ARN ({@code arn:...:cert/<id>}), the principal of attachments
     * @param certificatePem the PEM text
     * @param certificate the parsed certificate
     * @param status the status
     * @param caCertificateId the registered CA certificate that issued it, or {@code null}
     * @param claimExpiry when the certificate stops being accepted as a claim, or {@code null}
     * @param claimTemplateName for a temporary provisioning claim, the template it may provision with, or {@code null}
     * @param generationId changes with every status change
     * @param creationDate when it was registered
     * @param lastModifiedDate when it last changed
     * @param mode how devices must connect with it
     */
    public Certificate(String certificateId, String certificateArn, String certificatePem, X509Certificate certificate,
            CertificateStatus status, @Nullable String caCertificateId, @Nullable Instant claimExpiry, @Nullable String claimTemplateName,
            String generationId, Instant creationDate, Instant lastModifiedDate, CertificateMode mode) {
        this.certificateId = Objects.requireNonNull(certificateId, "certificateId");
        this.certificateArn = Objects.requireNonNull(certificateArn, "certificateArn");
        this.certificatePem = Objects.requireNonNull(certificatePem, "certificatePem");
        this.certificate = Objects.requireNonNull(certificate, "certificate");
        this.status = Objects.requireNonNull(status, "status");
        this.caCertificateId = caCertificateId;
        this.claimExpiry = claimExpiry;
        this.claimTemplateName = claimTemplateName;
        this.generationId = Objects.requireNonNull(generationId, "generationId");
        this.creationDate = Objects.requireNonNull(creationDate, "creationDate");
        this.lastModifiedDate = Objects.requireNonNull(lastModifiedDate, "lastModifiedDate");
        this.mode = Objects.requireNonNull(mode, "mode");
    }

    /** @return the AWS IoT certificate id (lower-case hex SHA-256 of the DER) */
    public String certificateId() {
        return certificateId;
    }

    /** @return the certificate ARN, the principal used in policy and thing attachments */
    public String certificateArn() {
        return certificateArn;
    }

    /** @return the certificate in PEM */
    public String certificatePem() {
        return certificatePem;
    }

    /** @return the parsed X.509 certificate */
    public X509Certificate certificate() {
        return certificate;
    }

    /** @return the status */
    public CertificateStatus status() {
        return status;
    }

    /** @return the id of the registered CA certificate that issued it, if it was registered with one */
    public Optional<String> caCertificateId() {
        return Optional.ofNullable(caCertificateId);
    }

    /** @return when the certificate stops being accepted (claims from CreateProvisioningClaim: 5 minutes) */
    public Optional<Instant> claimExpiry() {
        return Optional.ofNullable(claimExpiry);
    }

    /** @return for a temporary provisioning claim, the only template it may provision with */
    public Optional<String> claimTemplateName() {
        return Optional.ofNullable(claimTemplateName);
    }

    /**
     * Whether this is a temporary provisioning claim (from CreateProvisioningClaim); such claims are
     * not listed among the account's certificates.
     *
     * @return {@code true} for a temporary provisioning claim
     */
    public boolean isProvisioningClaim() {
        return claimTemplateName != null;
    }

    /** @return the generation id, which changes with every status change */
    public String generationId() {
        return generationId;
    }

    /** @return when the certificate was registered */
    public Instant creationDate() {
        return creationDate;
    }

    /** @return when the certificate last changed */
    public Instant lastModifiedDate() {
        return lastModifiedDate;
    }

    /**
     * The certificate mode (DescribeCertificate's {@code certificateMode}).
     *
     * @return {@link CertificateMode#SNI_ONLY} for a certificate registered without a CA
     */
    public CertificateMode certificateMode() {
        return mode;
    }

    /**
     * A copy with another status, generation id and modification time.
     *
     * @param newStatus the status
     * @param newGenerationId the generation id
     * @param now the modification time
     * @return the copy
     */
    public Certificate withStatus(CertificateStatus newStatus, String newGenerationId, Instant now) {
        return new Certificate(certificateId, certificateArn, certificatePem, certificate, newStatus, caCertificateId,
                claimExpiry, claimTemplateName, newGenerationId, creationDate, now, mode);
    }

    /**
     * A copy with another claim expiry.
     *
     * @param expiry the new expiry, or {@code null} for none
     * @param now the modification time
     * @return the copy
     */
    public Certificate withClaimExpiry(@Nullable Instant expiry, Instant now) {
        return new Certificate(certificateId, certificateArn, certificatePem, certificate, status, caCertificateId,
                expiry, claimTemplateName, generationId, creationDate, now, mode);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Certificate c)) {
            return false;
        }
        return certificateId.equals(c.certificateId) && certificateArn.equals(c.certificateArn)
                && status == c.status && Objects.equals(caCertificateId, c.caCertificateId)
                && Objects.equals(claimExpiry, c.claimExpiry) && Objects.equals(claimTemplateName, c.claimTemplateName)
                && generationId.equals(c.generationId) && creationDate.equals(c.creationDate)
                && lastModifiedDate.equals(c.lastModifiedDate);
    }

    @Override
    public int hashCode() {
        return Objects.hash(certificateId, status, generationId, lastModifiedDate);
    }

    @Override
    public String toString() {
        return "Certificate{" + certificateId + ", " + status
                + (claimExpiry == null ? "" : ", claimExpiry=" + claimExpiry)
                + (claimTemplateName == null ? "" : ", claimTemplate=" + claimTemplateName) + "}";
    }
}
