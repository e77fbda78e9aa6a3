package io.github.fleetprov.core.store;

import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.core.pki.Pem;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The fleet's shared claim identity: the claim certificate and key a device uses once, to request its
 * own certificate through fleet provisioning, plus the endpoint and (optionally) the provisioning
 * template it is meant for.
 *
 * <p>Immutable. {@link Builder#build()} checks that the private key belongs to the certificate.
 * {@link #toString()} never shows the private key.
 */
public final class ClaimIdentity {

    private final String certificatePem;
    private final PrivateKey privateKey;
    private final String endpoint;
    private final String templateName;
    private final X509Certificate certificate;
    private final String certificateId;

    private ClaimIdentity(Builder b, X509Certificate certificate, String certificateId) {
        this.certificatePem = b.certificatePem;
        this.privateKey = b.privateKey;
        this.endpoint = b.endpoint;
        this.templateName = b.templateName;
        this.certificate = certificate;
        this.certificateId = certificateId;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A copy with some values changed.
     *
     * @param edit changes to apply to a builder holding this value's fields
     * @return the changed copy, validated like {@link Builder#build()}
     */
    public ClaimIdentity copy(Consumer<Builder> edit) {
        Objects.requireNonNull(edit, "edit");
        Builder b = toBuilder();
        edit.accept(b);
        return b.build();
    }

    /** @return a builder holding this identity's values */
    public Builder toBuilder() {
        return new Builder().certificatePem(certificatePem).privateKey(privateKey).endpoint(endpoint)
                .templateName(templateName);
    }

    /** @return the claim certificate as PEM */
    public String certificatePem() {
        return certificatePem;
    }

    /** @return the claim certificate */
    public X509Certificate certificate() {
        return certificate;
    }

    /** @return the claim certificate's AWS IoT id */
    public String certificateId() {
        return certificateId;
    }

    /** @return the claim private key (a secret: never log it) */
    public PrivateKey privateKey() {
        return privateKey;
    }

    /** @return the claim private key as PKCS#8 PEM (a secret: never log it) */
    public String privateKeyPem() {
        return Pem.privateKeyToPem(privateKey);
    }

    /** @return the AWS IoT data endpoint */
    public String endpoint() {
        return endpoint;
    }

    /** @return the provisioning template the claim is for, if recorded */
    public Optional<String> templateName() {
        return Optional.ofNullable(templateName);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        return o instanceof ClaimIdentity c && certificatePem.equals(c.certificatePem) && privateKey.equals(c.privateKey)
                && endpoint.equals(c.endpoint) && Objects.equals(templateName, c.templateName);
    }

    @Override
    public int hashCode() {
        return Objects.hash(certificatePem, privateKey, endpoint, templateName);
    }

    /** @return certificate id, endpoint and template; never the private key */
    @Override
    public String toString() {
        return "ClaimIdentity[certificateId=" + certificateId + ", endpoint=" + endpoint + ", templateName="
                + templateName + ", privateKey=***]";
    }

    /** Builds a {@link ClaimIdentity}. */
    public static final class Builder {
        private String certificatePem;
        private PrivateKey privateKey;
        private String endpoint;
        private String templateName;

        private Builder() {
        }

        /**
         * @param certificatePem the claim certificate (PEM), required
         * @return this builder
         */
        public Builder certificatePem(String certificatePem) {
            this.certificatePem = certificatePem;
            return this;
        }

        /**
         * @param privateKey the claim private key, required
         * @return this builder
         */
        public Builder privateKey(PrivateKey privateKey) {
            this.privateKey = privateKey;
            return this;
        }

        /**
         * @param endpoint the AWS IoT data endpoint, required
         * @return this builder
         */
        public Builder endpoint(String endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        /**
         * @param templateName the provisioning template name, or {@code null} if not recorded
         * @return this builder
         */
        public Builder templateName(@Nullable String templateName) {
            this.templateName = templateName;
            return this;
        }

        /**
         * Validates and builds the identity.
         *
         * @return the identity
         * @throws InvalidInputException naming the missing or inconsistent field
         */
        public ClaimIdentity build() {
            Identities.required("endpoint", endpoint, "Give the AWS IoT data endpoint (DescribeEndpoint iot:Data-ATS).");
            if (templateName != null) {
                Identities.required("templateName", templateName, "Give the template name, or leave it unset.");
            }
            X509Certificate cert = Identities.certificate(certificatePem, privateKey);
            return new ClaimIdentity(this, cert, Identities.certificateId(cert, null));
        }
    }
}
