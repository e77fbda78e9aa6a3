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
 * A device's own identity: its certificate and private key, the AWS IoT certificate id, the thing it
 * was registered as, the data endpoint and MQTT port it connects to, and the device configuration
 * that the provisioning template returned.
 *
 * <p>This is the one model of a device identity in fleetprov: the credential store reads and writes
 * it, the device client's {@code FleetProvisioningClient.provision()} returns it, and
 * {@code DeviceConnection}, {@code DeviceClients} and {@code IotCredentialsProvider} take it.
 *
 * <p>Immutable. {@link Builder#build()} checks that the certificate parses, that the private key
 * belongs to it, and that a given certificate id is the certificate's. {@link #toString()} never shows
 * the private key.
 */
public final class DeviceIdentity {

    /** The MQTT port over TLS that AWS IoT Core listens on (developer guide, "Device communication protocols"). */
    public static final int DEFAULT_PORT = 8883;

    private final String certificatePem;
    private final PrivateKey privateKey;
    private final String certificateId;
    private final String thingName;
    private final String endpoint;
    private final int port;
    private final Map<String, String> deviceConfiguration;
    private final X509Certificate certificate;

    private DeviceIdentity(Builder b, X509Certificate certificate, String certificateId) {
        this.certificatePem = b.certificatePem;
        this.privateKey = b.privateKey;
        this.certificateId = certificateId;
        this.thingName = b.thingName;
        this.endpoint = b.endpoint;
        this.port = b.port;
        this.deviceConfiguration = Map.copyOf(b.deviceConfiguration);
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
                .thingName(thingName).endpoint(endpoint).port(port).deviceConfiguration(deviceConfiguration);
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

    /** @return the thing name, also the client id the device connects with by default */
    public String thingName() {
        return thingName;
    }

    /** @return the AWS IoT data endpoint host name, e.g. {@code abc123-ats.iot.eu-west-1.amazonaws.com} */
    public String endpoint() {
        return endpoint;
    }

    /** @return the MQTT port, {@value #DEFAULT_PORT} unless set otherwise */
    public int port() {
        return port;
    }

    /**
     * The {@code DeviceConfiguration} section of the provisioning template, as RegisterThing returned
     * it (AWS IoT developer guide, "Device provisioning MQTT API", RegisterThing response).
     *
     * @return an unmodifiable map, empty if the template has none
     */
    public Map<String, String> deviceConfiguration() {
        return deviceConfiguration;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        return o instanceof DeviceIdentity d && port == d.port && certificatePem.equals(d.certificatePem)
                && privateKey.equals(d.privateKey) && certificateId.equals(d.certificateId)
                && thingName.equals(d.thingName) && endpoint.equals(d.endpoint)
                && deviceConfiguration.equals(d.deviceConfiguration);
    }

    @Override
    public int hashCode() {
        return Objects.hash(certificatePem, privateKey, certificateId, thingName, endpoint, port, deviceConfiguration);
    }

    /** @return thing name, certificate id, endpoint, port and device configuration keys; never the private key */
    @Override
    public String toString() {
        return "DeviceIdentity[thingName=" + thingName + ", certificateId=" + certificateId + ", endpoint=" + endpoint
                + ":" + port + ", deviceConfiguration=" + deviceConfiguration.keySet() + ", privateKey=***]";
    }

    /** Builds a {@link DeviceIdentity}. */
    public static final class Builder {
        private String certificatePem;
        private PrivateKey privateKey;
        private String certificateId;
        private String thingName;
        private String endpoint;
        private int port = DEFAULT_PORT;
        private final Map<String, String> deviceConfiguration = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * @param certificatePem the device certificate (PEM), required (or {@link #certificate(X509Certificate)})
         * @return this builder
         */
        public Builder certificatePem(String certificatePem) {
            this.certificatePem = certificatePem;
            return this;
        }

        /**
         * @param certificate the device certificate, written as PEM; replaces {@link #certificatePem(String)}
         * @return this builder
         */
        public Builder certificate(X509Certificate certificate) {
            this.certificatePem = Pem.certificateToPem(Objects.requireNonNull(certificate, "certificate"));
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
         * @param endpoint the AWS IoT data endpoint host name, required
         * @return this builder
         */
        public Builder endpoint(String endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        /**
         * @param port the MQTT port, 1 to 65535 (default {@value DeviceIdentity#DEFAULT_PORT})
         * @return this builder
         */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /**
         * Replaces the device configuration.
         *
         * @param deviceConfiguration string keys and values (copied)
         * @return this builder
         */
        public Builder deviceConfiguration(Map<String, String> deviceConfiguration) {
            Objects.requireNonNull(deviceConfiguration, "deviceConfiguration");
            this.deviceConfiguration.clear();
            deviceConfiguration.forEach(this::putDeviceConfiguration);
            return this;
        }

        /**
         * Adds one device configuration entry.
         *
         * @param key the key
         * @param value the value
         * @return this builder
         */
        public Builder putDeviceConfiguration(String key, String value) {
            this.deviceConfiguration.put(Objects.requireNonNull(key, "deviceConfiguration key"),
                    Objects.requireNonNull(value, "deviceConfiguration[" + key + "]"));
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
            if (port < 1 || port > 65535) {
                throw new InvalidInputException("port", "must be between 1 and 65535, was " + port,
                        "Use 8883 (MQTT over TLS) or 443 (with ALPN).");
            }
            X509Certificate cert = Identities.certificate(certificatePem, privateKey);
            String id = Identities.certificateId(cert, certificateId);
            return new DeviceIdentity(this, cert, id);
        }
    }
}
