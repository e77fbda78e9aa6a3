package io.github.fleetprov.core.store;

import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.core.pki.Pem;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A certificate that fleet provisioning issued but that is not registered yet: the state between
 * CreateCertificateFromCsr (or CreateKeysAndCertificate) and a successful RegisterThing. Persisting it
 * lets a device that restarts resume with RegisterThing instead of requesting a second certificate,
 * as long as the ownership token is valid (one hour).
 *
 * <p>Immutable. {@link #toString()} never shows the private key or the ownership token.
 */
public final class PendingIdentity {

    private final String certificatePem;
    private final PrivateKey privateKey;
    private final String certificateId;
    private final String ownershipToken;
    private final Instant tokenExpiry;
    private final String templateName;
    private final Map<String, String> parameters;
    private final X509Certificate certificate;

    private PendingIdentity(Builder b, X509Certificate certificate, String certificateId) {
        this.certificatePem = b.certificatePem;
        this.privateKey = b.privateKey;
        this.certificateId = certificateId;
        this.ownershipToken = b.ownershipToken;
        this.tokenExpiry = b.tokenExpiry;
        this.templateName = b.templateName;
        this.parameters = Map.copyOf(b.parameters);
        this.certificate = certificate;
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
    public PendingIdentity copy(Consumer<Builder> edit) {
        Objects.requireNonNull(edit, "edit");
        Builder b = toBuilder();
        edit.accept(b);
        return b.build();
    }

    /** @return a builder holding this identity's values */
    public Builder toBuilder() {
        return new Builder().certificatePem(certificatePem).privateKey(privateKey).certificateId(certificateId)
                .ownershipToken(ownershipToken).tokenExpiry(tokenExpiry).templateName(templateName)
                .parameters(parameters);
    }

    /** @return the new certificate as PEM */
    public String certificatePem() {
        return certificatePem;
    }

    /** @return the new certificate */
    public X509Certificate certificate() {
        return certificate;
    }

    /** @return the new certificate's private key (a secret: never log it) */
    public PrivateKey privateKey() {
        return privateKey;
    }

    /** @return the private key as PKCS#8 PEM (a secret: never log it) */
    public String privateKeyPem() {
        return Pem.privateKeyToPem(privateKey);
    }

    /** @return the AWS IoT certificate id */
    public String certificateId() {
        return certificateId;
    }

    /** @return the certificate ownership token for RegisterThing (a secret: never log it) */
    public String ownershipToken() {
        return ownershipToken;
    }

    /** @return when the ownership token stops being accepted */
    public Instant tokenExpiry() {
        return tokenExpiry;
    }

    /**
     * Whether the ownership token has expired at an instant.
     *
     * @param now the instant
     * @return {@code true} if {@code now} is at or after {@link #tokenExpiry()}
     */
    public boolean isExpired(Instant now) {
        Objects.requireNonNull(now, "now");
        return !now.isBefore(tokenExpiry);
    }

    /** @return the provisioning template RegisterThing is to be called with */
    public String templateName() {
        return templateName;
    }

    /** @return the template parameters RegisterThing is to be called with; unmodifiable, may be empty */
    public Map<String, String> parameters() {
        return parameters;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        return o instanceof PendingIdentity p && certificatePem.equals(p.certificatePem) && privateKey.equals(p.privateKey)
                && certificateId.equals(p.certificateId) && ownershipToken.equals(p.ownershipToken)
                && tokenExpiry.equals(p.tokenExpiry) && templateName.equals(p.templateName)
                && parameters.equals(p.parameters);
    }

    @Override
    public int hashCode() {
        return Objects.hash(certificatePem, privateKey, certificateId, ownershipToken, tokenExpiry, templateName, parameters);
    }

    /** @return certificate id, template, expiry and parameter names; never the key or the token */
    @Override
    public String toString() {
        return "PendingIdentity[certificateId=" + certificateId + ", templateName=" + templateName + ", tokenExpiry="
                + tokenExpiry + ", parameters=" + parameters.keySet() + ", ownershipToken=***, privateKey=***]";
    }

    /** Builds a {@link PendingIdentity}. */
    public static final class Builder {
        private String certificatePem;
        private PrivateKey privateKey;
        private String certificateId;
        private String ownershipToken;
        private Instant tokenExpiry;
        private String templateName;
        private final Map<String, String> parameters = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * @param certificatePem the issued certificate (PEM), required
         * @return this builder
         */
        public Builder certificatePem(String certificatePem) {
            this.certificatePem = certificatePem;
            return this;
        }

        /**
         * @param certificate the issued certificate, written as PEM; replaces {@link #certificatePem(String)}
         * @return this builder
         */
        public Builder certificate(X509Certificate certificate) {
            this.certificatePem = Pem.certificateToPem(Objects.requireNonNull(certificate, "certificate"));
            return this;
        }

        /**
         * @param privateKey its private key, required
         * @return this builder
         */
        public Builder privateKey(PrivateKey privateKey) {
            this.privateKey = privateKey;
            return this;
        }

        /**
         * @param certificateId the id the service returned; optional, computed if unset, checked if set
         * @return this builder
         */
        public Builder certificateId(String certificateId) {
            this.certificateId = certificateId;
            return this;
        }

        /**
         * @param ownershipToken the certificateOwnershipToken, required
         * @return this builder
         */
        public Builder ownershipToken(String ownershipToken) {
            this.ownershipToken = ownershipToken;
            return this;
        }

        /**
         * @param tokenExpiry when the token expires (one hour after issue), required
         * @return this builder
         */
        public Builder tokenExpiry(Instant tokenExpiry) {
            this.tokenExpiry = tokenExpiry;
            return this;
        }

        /**
         * @param templateName the provisioning template name, required
         * @return this builder
         */
        public Builder templateName(String templateName) {
            this.templateName = templateName;
            return this;
        }

        /**
         * Replaces the template parameters.
         *
         * @param parameters parameter names and values
         * @return this builder
         */
        public Builder parameters(Map<String, String> parameters) {
            Objects.requireNonNull(parameters, "parameters");
            this.parameters.clear();
            parameters.forEach((k, v) -> this.parameters.put(Objects.requireNonNull(k, "parameter name"),
                    Objects.requireNonNull(v, "parameters[" + k + "]")));
            return this;
        }

        /**
         * Validates and builds the pending identity.
         *
         * @return the pending identity
         * @throws InvalidInputException naming the missing or inconsistent field
         */
        public PendingIdentity build() {
            Identities.required("ownershipToken", ownershipToken,
                    "Give the certificateOwnershipToken from the CreateCertificateFromCsr or CreateKeysAndCertificate answer.");
            Identities.required("templateName", templateName, "Give the provisioning template name.");
            if (tokenExpiry == null) {
                throw new InvalidInputException("tokenExpiry", "tokenExpiry is required",
                        "Give the time the token was issued plus one hour.");
            }
            X509Certificate cert = Identities.certificate(certificatePem, privateKey);
            return new PendingIdentity(this, cert, Identities.certificateId(cert, certificateId));
        }
    }
}
