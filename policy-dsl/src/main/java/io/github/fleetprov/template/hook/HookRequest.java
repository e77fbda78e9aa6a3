package io.github.fleetprov.template.hook;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import io.github.fleetprov.core.CopyableBuilder;
import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.core.ToCopyableBuilder;
import io.github.fleetprov.template.internal.HookJson;

/**
 * What AWS IoT sends to a pre-provisioning hook: {@code claimCertificateId}, {@code certificateId},
 * {@code certificatePem}, {@code templateArn}, {@code clientId} and the RegisterThing
 * {@code parameters}. Immutable. It holds no secret: certificates are public and the ownership
 * token is not part of it.
 */
public final class HookRequest implements ToCopyableBuilder<HookRequest.Builder, HookRequest> {

    private final String claimCertificateId;
    private final String certificateId;
    private final String certificatePem;
    private final String templateArn;
    private final String clientId;
    private final Map<String, String> parameters;

    private HookRequest(Builder b) {
        this.claimCertificateId = required(b.claimCertificateId, "claimCertificateId");
        this.certificateId = required(b.certificateId, "certificateId");
        this.certificatePem = required(b.certificatePem, "certificatePem");
        this.templateArn = required(b.templateArn, "templateArn");
        this.clientId = required(b.clientId, "clientId");
        this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(b.parameters));
    }

    private static String required(String value, String field) {
        if (value == null) {
            throw new InvalidInputException(field, "is required", "Set " + field + " on the HookRequest builder.");
        }
        return value;
    }

    /**
     * A new builder; every field is required except {@code parameters}.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A new builder holding this request's values.
     *
     * @return a new builder
     */
    @Override
    public Builder toBuilder() {
        Builder b = new Builder();
        b.claimCertificateId = claimCertificateId;
        b.certificateId = certificateId;
        b.certificatePem = certificatePem;
        b.templateArn = templateArn;
        b.clientId = clientId;
        b.parameters.putAll(parameters);
        return b;
    }

    /**
     * Reads the hook input JSON.
     *
     * @param json the input
     * @return the request
     * @throws io.github.fleetprov.core.InvalidInputException if a field is missing or has the wrong type
     *     (or the text is longer than 262,144 characters, checked before parsing: the RegisterThing
     *     parameters a hook sees and overrides fit in one 128 KB AWS IoT message)
     */
    public static HookRequest fromJson(String json) {
        return HookJson.readRequest(Objects.requireNonNull(json, "json"));
    }

    /**
     * The hook input as AWS IoT sends it.
     *
     * @return the JSON text
     */
    public String toJson() {
        return HookJson.write(this);
    }

    /**
     * The id of the claim certificate the device connected with.
     *
     * @return the claim certificate id
     */
    public String claimCertificateId() {
        return claimCertificateId;
    }

    /**
     * The id of the new device certificate.
     *
     * @return the certificate id
     */
    public String certificateId() {
        return certificateId;
    }

    /**
     * The new device certificate, PEM.
     *
     * @return the PEM
     */
    public String certificatePem() {
        return certificatePem;
    }

    /**
     * The ARN of the provisioning template.
     *
     * @return the template ARN
     */
    public String templateArn() {
        return templateArn;
    }

    /**
     * The MQTT client id of the device.
     *
     * @return the client id
     */
    public String clientId() {
        return clientId;
    }

    /**
     * The RegisterThing parameters.
     *
     * @return values by name
     */
    public Map<String, String> parameters() {
        return parameters;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HookRequest r
                && claimCertificateId.equals(r.claimCertificateId)
                && certificateId.equals(r.certificateId)
                && certificatePem.equals(r.certificatePem)
                && templateArn.equals(r.templateArn)
                && clientId.equals(r.clientId)
                && parameters.equals(r.parameters);
    }

    @Override
    public int hashCode() {
        return Objects.hash(claimCertificateId, certificateId, certificatePem, templateArn, clientId, parameters);
    }

    @Override
    public String toString() {
        return "HookRequest[certificateId=" + certificateId + ", templateArn=" + templateArn + ", clientId=" + clientId
                + ", parameters=" + parameters.keySet() + "]";
    }

    /** Builds a {@link HookRequest}. */
    public static final class Builder implements CopyableBuilder<Builder, HookRequest> {
        private String claimCertificateId;
        private String certificateId;
        private String certificatePem;
        private String templateArn;
        private String clientId;
        private final Map<String, String> parameters = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * The claim certificate id.
         *
         * @param claimCertificateId the id
         * @return this builder
         */
        public Builder claimCertificateId(String claimCertificateId) {
            this.claimCertificateId = claimCertificateId;
            return this;
        }

        /**
         * The new certificate id.
         *
         * @param certificateId the id
         * @return this builder
         */
        public Builder certificateId(String certificateId) {
            this.certificateId = certificateId;
            return this;
        }

        /**
         * The new certificate PEM.
         *
         * @param certificatePem the PEM
         * @return this builder
         */
        public Builder certificatePem(String certificatePem) {
            this.certificatePem = certificatePem;
            return this;
        }

        /**
         * The template ARN.
         *
         * @param templateArn the ARN
         * @return this builder
         */
        public Builder templateArn(String templateArn) {
            this.templateArn = templateArn;
            return this;
        }

        /**
         * The MQTT client id.
         *
         * @param clientId the client id
         * @return this builder
         */
        public Builder clientId(String clientId) {
            this.clientId = clientId;
            return this;
        }

        /**
         * Replaces the parameters.
         *
         * @param parameters values by name
         * @return this builder
         */
        public Builder parameters(Map<String, String> parameters) {
            Objects.requireNonNull(parameters, "parameters");
            this.parameters.clear();
            parameters.forEach(this::parameter);
            return this;
        }

        /**
         * Adds a parameter.
         *
         * @param name the name
         * @param value the value
         * @return this builder
         */
        public Builder parameter(String name, String value) {
            parameters.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Builds the request.
         *
         * @return the request
         * @throws InvalidInputException naming a missing field
         */
        @Override
        public HookRequest build() {
            return new HookRequest(this);
        }
    }
}
