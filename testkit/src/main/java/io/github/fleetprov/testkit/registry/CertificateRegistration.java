package io.github.fleetprov.testkit.registry;

import io.github.fleetprov.core.CopyableBuilder;
import io.github.fleetprov.core.ToCopyableBuilder;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What to register a certificate with: its PEM, its status, optionally the registered CA that issued
 * it, a claim expiry (after which connections with it are refused), and for a temporary provisioning
 * claim the one template it may provision with.
 */
public final class CertificateRegistration
        implements ToCopyableBuilder<CertificateRegistration.Builder, CertificateRegistration> {

    private final String certificatePem;
    private final CertificateStatus status;
    private final String caCertificateId;
    private final Instant claimExpiry;
    private final String claimTemplateName;
    private final CertificateMode mode;

    private CertificateRegistration(Builder b) {
        this.mode = b.mode;
        this.certificatePem = b.certificatePem;
        this.status = b.status;
        this.caCertificateId = b.caCertificateId;
        this.claimExpiry = b.claimExpiry;
        this.claimTemplateName = b.claimTemplateName;
    }

    /**
     * A builder for a certificate given in PEM.
     *
     * @param certificatePem the certificate in PEM
     * @return the builder
     */
    public static Builder builder(String certificatePem) {
        return new Builder(certificatePem);
    }

    /**
     * A new builder holding this registration's values.
     *
     * @return a new builder
     */
    @Override
    public Builder toBuilder() {
        Builder b = new Builder(certificatePem);
        b.status = status;
        b.caCertificateId = caCertificateId;
        b.claimExpiry = claimExpiry;
        b.claimTemplateName = claimTemplateName;
        b.mode = mode;
        return b;
    }

    /** @return the certificate PEM */
    public String certificatePem() {
        return certificatePem;
    }

    /** @return the status to register with (default {@link CertificateStatus#ACTIVE}) */
    public CertificateStatus status() {
        return status;
    }

    /** @return the registered CA certificate id, if any */
    public Optional<String> caCertificateId() {
        return Optional.ofNullable(caCertificateId);
    }

    /** @return the certificate mode: {@link CertificateMode#SNI_ONLY} when registered without a CA */
    public CertificateMode mode() {
        return mode;
    }

    /** @return the claim expiry, if any */
    public Optional<Instant> claimExpiry() {
        return Optional.ofNullable(claimExpiry);
    }

    /** @return the template of a temporary provisioning claim, if it is one */
    public Optional<String> claimTemplateName() {
        return Optional.ofNullable(claimTemplateName);
    }

    /** Builds a {@link CertificateRegistration}. */
    public static final class Builder implements CopyableBuilder<Builder, CertificateRegistration> {
        private final String certificatePem;
        private CertificateStatus status = CertificateStatus.ACTIVE;
        private String caCertificateId;
        private Instant claimExpiry;
        private String claimTemplateName;
        private CertificateMode mode = CertificateMode.DEFAULT;

        private Builder(String certificatePem) {
            this.certificatePem = Objects.requireNonNull(certificatePem, "certificatePem");
        }

        /**
         * Sets the status.
         *
         * @param status the status
         * @return this builder
         */
        public Builder status(CertificateStatus status) {
            this.status = Objects.requireNonNull(status, "status");
            return this;
        }

        /**
         * Sets the registered CA that issued the certificate.
         *
         * @param caCertificateId the CA certificate id
         * @return this builder
         */
        public Builder caCertificateId(String caCertificateId) {
            this.caCertificateId = Objects.requireNonNull(caCertificateId, "caCertificateId");
            return this;
        }

        /**
         * Sets when connections with this certificate stop being accepted.
         *
         * @param claimExpiry the expiry
         * @return this builder
         */
        public Builder claimExpiry(Instant claimExpiry) {
            this.claimExpiry = Objects.requireNonNull(claimExpiry, "claimExpiry");
            return this;
        }

        /**
         * Marks the certificate as a temporary provisioning claim (CreateProvisioningClaim) for a template:
         * it may connect and provision with that template only, and it is not listed.
         *
         * @param templateName the template
         * @return this builder
         */
        public Builder provisioningClaimFor(String templateName) {
            this.claimTemplateName = Objects.requireNonNull(templateName, "templateName");
            return this;
        }

        /**
         * Marks the certificate as registered without a CA (RegisterCertificateWithoutCA), which makes
         * its mode {@link CertificateMode#SNI_ONLY}.
         *
         * @return this builder
         */
        public Builder withoutCa() {
            this.mode = CertificateMode.SNI_ONLY;
            return this;
        }

        /** @return the registration */
        @Override
        public CertificateRegistration build() {
            return new CertificateRegistration(this);
        }
    }
}
