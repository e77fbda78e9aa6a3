package io.github.fleetprov.core.store;

import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.core.pki.Pem;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A provisioned device's own identity: its certificate and private key, the AWS IoT certificate id,
 * the thing it was registered as, the data endpoint, and free-form metadata (e.g. the device
 * configuration RegisterThing returned).
 *
 * <p>Immutable. {@link Builder#build()} checks that the certificate parses, that the private key
 * belongs to it, and that a given certificate id is the certificate's. {@link #toString()} never shows
 * the private key.
 */
public final class DeviceIdentity {

    private final String certificatePem;
    private final PrivateKey privateKey;
    private final String certificateId;
    private final String thingName;
    private final String endpoint;
    private final Map<String, String> metadata;
    private final X509Certificate certificate;

    private DeviceIdentity(Builder b, X509Certificate certificate, String certificateId) {
        this.certificatePem = b.certificatePem;
        this.privateKey = b.privateKey;
        this.certificateId = certificateId;
        this.thingName = b.thingName;
        this.endpoint = b.endpoint;
        this.metadata = Map.copyOf(b.metadata);
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
    public DeviceIdentity copy(Consumer<Builder> edit) {
        Objects.requireNonNull(edit, "edit");
        Builder b = toBuilder();
        edit.accept(b);
        return b.build();
    }

    /** @return a builder holding this identity's values */
    public Builder toBuilder() {
        return new Builder().certificatePem(certificatePem).privateKey(privateKey).certificateId(certificateId)
                .thingName(thingName).endpoint(endpoint).metadata(metadata);
    }

    /** @return the device certificate as PEM */
    public String certificatePem() {
        return certificatePem;
    }

    /** @return the device certificate */
    public X509Certificate certificate() {
        return certificate;
    }

    /** @return the private key (a secret: never log it) */
    public PrivateKey privateKey() {
        return privateKey;
    }

    /** @return the private key as PKCS#8 PEM (a secret: never log it) */
    public String privateKeyPem() {
        return Pem.privateKeyToPem(privateKey);
    }

    /** @return the AWS IoT certificate id (64 lower-case hex digits) */
    public String certificateId() {
        return certificateId;
    }

    /** @return the thing name */
    public String thingName() {
        return thingName;
    }

    /** @return the AWS IoT data endpoint, e.g. {@code abc123-ats.iot.eu-west-1.amazonaws.com} or {@code localhost:8883} */
    public String endpoint() {
        return endpoint;
    }

    /** @return free-form metadata, e.g. the device configuration from RegisterThing; unmodifiable */
    public Map<String, String> metadata() {
        return metadata;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof DeviceIdentity)) {
            return false;
        }
        DeviceIdentity d = (DeviceIdentity) o;
        return certificatePem.equals(d.certificatePem) && privateKey.equals(d.privateKey)
                && certificateId.equals(d.certificateId) && thingName.equals(d.thingName)
                && endpoint.equals(d.endpoint) && metadata.equals(d.metadata);
    }

    @Override
    public int hashCode() {
        return Objects.hash(certificatePem, privateKey, certificateId, thingName, endpoint, metadata);
    }

    /** @return thing name, certificate id, endpoint and metadata keys; never the private key */
    @Override
    public String toString() {
        return "DeviceIdentity[thingName=" + thingName + ", certificateId=" + certificateId + ", endpoint=" + endpoint
                + ", metadata=" + metadata.keySet() + ", privateKey=***]";
    }

    /** Builds a {@link DeviceIdentity}. */
    public static final class Builder {
        private String certificatePem;
        private PrivateKey privateKey;
        private String certificateId;
        private String thingName;
        private String endpoint;
        private final Map<String, String> metadata = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * @param certificatePem the device certificate (PEM), required
         * @return this builder
         */
        public Builder certificatePem(String certificatePem) {
            this.certificatePem = certificatePem;
            return this;
        }

        /**
         * @param privateKey the device's private key, required; must belong to the certificate
         * @return this builder
         */
        public Builder privateKey(PrivateKey privateKey) {
            this.privateKey = privateKey;
            return this;
        }

        /**
         * @param certificateId the AWS IoT certificate id; optional, computed from the certificate if unset
         * @return this builder
         */
        public Builder certificateId(String certificateId) {
            this.certificateId = certificateId;
            return this;
        }

        /**
         * @param thingName the thing name, required
         * @return this builder
         */
        public Builder thingName(String thingName) {
            this.thingName = thingName;
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
         * Replaces the metadata.
         *
         * @param metadata string keys and values
         * @return this builder
         */
        public Builder metadata(Map<String, String> metadata) {
            Objects.requireNonNull(metadata, "metadata");
            this.metadata.clear();
            metadata.forEach(this::putMetadata);
            return this;
        }

        /**
         * Adds one metadata entry.
         *
         * @param key the key
         * @param value the value
         * @return this builder
         */
        public Builder putMetadata(String key, String value) {
            this.metadata.put(Objects.requireNonNull(key, "metadata key"), Objects.requireNonNull(value, "metadata[" + key + "]"));
            return this;
        }

        /**
         * Validates and builds the identity.
         *
         * @return the identity
         * @throws InvalidInputException naming the missing or inconsistent field
         */
        public DeviceIdentity build() {
            Identities.required("thingName", thingName, "Give the thing name RegisterThing returned.");
            Identities.required("endpoint", endpoint, "Give the AWS IoT data endpoint (DescribeEndpoint iot:Data-ATS).");
            X509Certificate cert = Identities.certificate(certificatePem, privateKey);
            String id = Identities.certificateId(cert, certificateId);
            return new DeviceIdentity(this, cert, id);
        }
    }
}
