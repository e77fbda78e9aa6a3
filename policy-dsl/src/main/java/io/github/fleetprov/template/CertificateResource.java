package io.github.fleetprov.template;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

import io.github.fleetprov.core.InvalidInputException;
import org.jspecify.annotations.Nullable;

/**
 * An {@code AWS::IoT::Certificate} resource. The certificate is given in exactly one way: by
 * {@code CertificateId} (the only way fleet provisioning and JITP templates accept), by
 * {@code CertificateSigningRequest}, or by {@code CertificatePem} with an optional
 * {@code CACertificatePem}. {@code Status} defaults to ACTIVE and may be written in any casing.
 * Immutable.
 */
public final class CertificateResource implements TemplateResource {

    private final String logicalName;
    private final Expression certificateId;
    private final Expression certificateSigningRequest;
    private final Expression certificatePem;
    private final Expression caCertificatePem;
    private final Expression status;
    private final Map<OverrideProperty, OverrideAction> overrideSettings;

    private CertificateResource(Builder b) {
        this.logicalName = b.logicalName;
        this.certificateId = b.certificateId;
        this.certificateSigningRequest = b.certificateSigningRequest;
        this.certificatePem = b.certificatePem;
        this.caCertificatePem = b.caCertificatePem;
        this.status = b.status;
        this.overrideSettings = Collections.unmodifiableMap(new LinkedHashMap<>(b.overrideSettings));
    }

    /**
     * A new builder; the logical name defaults to {@code "certificate"}.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder that starts from this resource.
     *
     * @return the builder
     */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * A copy with changes.
     *
     * @param changes what to change
     * @return the changed copy
     */
    public CertificateResource copy(Consumer<Builder> changes) {
        Builder b = toBuilder();
        changes.accept(b);
        return b.build();
    }

    @Override
    public String logicalName() {
        return logicalName;
    }

    @Override
    public ResourceType type() {
        return ResourceType.CERTIFICATE;
    }

    /**
     * {@code CertificateId}.
     *
     * @return the id expression, if the certificate is given by id
     */
    public Optional<Expression> certificateId() {
        return Optional.ofNullable(certificateId);
    }

    /**
     * {@code CertificateSigningRequest}.
     *
     * @return the CSR expression, if the certificate is given by CSR
     */
    public Optional<Expression> certificateSigningRequest() {
        return Optional.ofNullable(certificateSigningRequest);
    }

    /**
     * {@code CertificatePem}.
     *
     * @return the certificate PEM expression, if given
     */
    public Optional<Expression> certificatePem() {
        return Optional.ofNullable(certificatePem);
    }

    /**
     * {@code CACertificatePem}.
     *
     * @return the CA certificate PEM expression, if given
     */
    public Optional<Expression> caCertificatePem() {
        return Optional.ofNullable(caCertificatePem);
    }

    /**
     * {@code Status} as written (e.g. {@code "Active"} or {@code "ACTIVE"}).
     *
     * @return the status expression, if set (AWS defaults to ACTIVE)
     */
    public Optional<Expression> status() {
        return Optional.ofNullable(status);
    }

    @Override
    public Map<OverrideProperty, OverrideAction> overrideSettings() {
        return overrideSettings;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CertificateResource c
                && logicalName.equals(c.logicalName)
                && Objects.equals(certificateId, c.certificateId)
                && Objects.equals(certificateSigningRequest, c.certificateSigningRequest)
                && Objects.equals(certificatePem, c.certificatePem)
                && Objects.equals(caCertificatePem, c.caCertificatePem)
                && Objects.equals(status, c.status)
                && overrideSettings.equals(c.overrideSettings);
    }

    @Override
    public int hashCode() {
        return Objects.hash(logicalName, certificateId, certificateSigningRequest, certificatePem, caCertificatePem,
                status, overrideSettings);
    }

    @Override
    public String toString() {
        return "CertificateResource[" + logicalName + "]";
    }

    /** Builds a {@link CertificateResource}. */
    public static final class Builder {
        private String logicalName = "certificate";
        private Expression certificateId;
        private Expression certificateSigningRequest;
        private Expression certificatePem;
        private Expression caCertificatePem;
        private Expression status;
        private final Map<OverrideProperty, OverrideAction> overrideSettings = new LinkedHashMap<>();

        private Builder() {
        }

        private Builder(CertificateResource r) {
            logicalName = r.logicalName;
            certificateId = r.certificateId;
            certificateSigningRequest = r.certificateSigningRequest;
            certificatePem = r.certificatePem;
            caCertificatePem = r.caCertificatePem;
            status = r.status;
            overrideSettings.putAll(r.overrideSettings);
        }

        /**
         * The logical name (key in {@code Resources}).
         *
         * @param logicalName e.g. {@code "certificate"}
         * @return this builder
         */
        public Builder logicalName(String logicalName) {
            this.logicalName = Objects.requireNonNull(logicalName, "logicalName");
            return this;
        }

        /**
         * {@code CertificateId}, usually {@code Expression.ref(PseudoParameter.CERTIFICATE_ID)}.
         *
         * @param certificateId the id expression, or {@code null} to clear
         * @return this builder
         */
        public Builder certificateId(@Nullable Expression certificateId) {
            this.certificateId = certificateId;
            return this;
        }

        /**
         * {@code CertificateSigningRequest} (bulk registration templates).
         *
         * @param csr the CSR expression, or {@code null} to clear
         * @return this builder
         */
        public Builder certificateSigningRequest(@Nullable Expression csr) {
            this.certificateSigningRequest = csr;
            return this;
        }

        /**
         * {@code CertificatePem}.
         *
         * @param certificatePem the PEM expression, or {@code null} to clear
         * @return this builder
         */
        public Builder certificatePem(@Nullable Expression certificatePem) {
            this.certificatePem = certificatePem;
            return this;
        }

        /**
         * {@code CACertificatePem}, only together with {@code CertificatePem}.
         *
         * @param caCertificatePem the CA PEM expression, or {@code null} to clear
         * @return this builder
         */
        public Builder caCertificatePem(@Nullable Expression caCertificatePem) {
            this.caCertificatePem = caCertificatePem;
            return this;
        }

        /**
         * {@code Status} written as the constant ({@code "ACTIVE"}, {@code "INACTIVE"}).
         *
         * @param status the status
         * @return this builder
         */
        public Builder status(CertificateStatus status) {
            return status(Expression.literal(Objects.requireNonNull(status, "status").name()));
        }

        /**
         * {@code Status} written exactly as given, e.g. {@code "Active"}; must be ACTIVE or
         * INACTIVE in some casing.
         *
         * @param status the status text
         * @return this builder
         */
        public Builder status(String status) {
            return status(Expression.literal(status));
        }

        /**
         * {@code Status} as any expression, or {@code null} to leave it out.
         *
         * @param status the status expression
         * @return this builder
         */
        public Builder status(Expression status) {
            this.status = status;
            return this;
        }

        /**
         * Sets the {@code OverrideSettings} action for {@link OverrideProperty#STATUS}.
         *
         * @param property {@link OverrideProperty#STATUS}
         * @param action the action (not MERGE)
         * @return this builder
         */
        public Builder override(OverrideProperty property, OverrideAction action) {
            overrideSettings.put(Objects.requireNonNull(property, "property"), Objects.requireNonNull(action, "action"));
            return this;
        }

        /**
         * Builds the resource.
         *
         * @return the resource
         * @throws InvalidInputException if the certificate is given in no way or in more than one,
         *     the status is not ACTIVE/INACTIVE, or an override is not allowed
         */
        public CertificateResource build() {
            String at = "/Resources/" + logicalName;
            TemplateResources.requireLogicalName(logicalName);
            int ways = (certificateId != null ? 1 : 0) + (certificateSigningRequest != null ? 1 : 0)
                    + (certificatePem != null ? 1 : 0);
            if (ways != 1) {
                throw new InvalidInputException(at + "/Properties",
                        ways == 0 ? "the certificate is not given" : "the certificate is given in more than one way",
                        "Set exactly one of CertificateId, CertificateSigningRequest or CertificatePem "
                                + "(fleet provisioning and JITP templates use CertificateId).");
            }
            if (caCertificatePem != null && certificatePem == null) {
                throw new InvalidInputException(at + "/Properties/CACertificatePem", "is set without CertificatePem",
                        "Give CACertificatePem only together with CertificatePem.");
            }
            if (status instanceof Expression.Literal lit && CertificateStatus.parse(lit.value()).isEmpty()) {
                throw new InvalidInputException(at + "/Properties/Status", "'" + lit.value() + "' is not a status",
                        "Use ACTIVE or INACTIVE.");
            }
            TemplateResources.checkOverrides(at, ResourceType.CERTIFICATE, overrideSettings);
            return new CertificateResource(this);
        }
    }
}
