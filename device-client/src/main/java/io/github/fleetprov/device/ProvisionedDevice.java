package io.github.fleetprov.device;

import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.core.pki.Certificates;
import io.github.fleetprov.core.pki.Pem;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A device's own identity: its thing, its certificate and private key, the device configuration the
 * provisioning template returned, and the endpoint it connects to.
 *
 * <p>Returned by {@link FleetProvisioningClient#provision()}; can also be built for an identity made
 * otherwise (for example a registered self-signed certificate, see {@link DeviceCertificates}).
 * Immutable; {@link #toString()} never shows the private key.
 */
public final class ProvisionedDevice {

    private final String thingName;
    private final String certificateId;
    private final X509Certificate certificate;
    private final String certificatePem;
    private final PrivateKey privateKey;
    private final Map<String, String> deviceConfiguration;
    private final String endpoint;
    private final int port;
    private final Path storeDirectory;

    private ProvisionedDevice(Builder b) {
        this.thingName = b.thingName;
        this.certificate = b.certificate;
        this.certificatePem = Pem.certificateToPem(b.certificate);
        this.certificateId = b.certificateId != null ? b.certificateId : Certificates.awsCertificateId(b.certificate);
        this.privateKey = b.privateKey;
        this.deviceConfiguration = Map.copyOf(b.deviceConfiguration);
        this.endpoint = b.endpoint;
        this.port = b.port;
        this.storeDirectory = b.storeDirectory;
    }

    /**
     * A builder for an identity.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding this identity's values.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder().thingName(thingName).certificate(certificate).privateKey(privateKey)
                .certificateId(certificateId).deviceConfiguration(deviceConfiguration).endpoint(endpoint).port(port);
        b.storeDirectory = storeDirectory;
        return b;
    }

    /**
     * The thing's name, which is also the client id the device connects with by default.
     *
     * @return the thing name
     */
    public String thingName() {
        return thingName;
    }

    /**
     * The AWS IoT certificate id (lower-case hex SHA-256 of the certificate's DER encoding).
     *
     * @return the certificate id
     */
    public String certificateId() {
        return certificateId;
    }

    /**
     * The device certificate.
     *
     * @return the certificate
     */
    public X509Certificate certificate() {
        return certificate;
    }

    /**
     * The device certificate as PEM.
     *
     * @return the PEM text
     */
    public String certificatePem() {
        return certificatePem;
    }

    /**
     * The device's private key.
     *
     * @return the key
     */
    public PrivateKey privateKey() {
        return privateKey;
    }

    /**
     * The {@code DeviceConfiguration} the provisioning template returned.
     *
     * @return an unmodifiable map, empty if there was none
     */
    public Map<String, String> deviceConfiguration() {
        return deviceConfiguration;
    }

    /**
     * The AWS IoT data endpoint (host name) the device connects to.
     *
     * @return the endpoint
     */
    public String endpoint() {
        return endpoint;
    }

    /**
     * The MQTT port, 8883 unless configured otherwise.
     *
     * @return the port
     */
    public int port() {
        return port;
    }

    /**
     * The credential-store directory this identity is kept in.
     *
     * @return the directory, empty for an identity that was not stored
     */
    public Optional<Path> storeDirectory() {
        return Optional.ofNullable(storeDirectory);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ProvisionedDevice)) {
            return false;
        }
        ProvisionedDevice other = (ProvisionedDevice) o;
        return port == other.port && thingName.equals(other.thingName) && certificateId.equals(other.certificateId)
                && privateKey.equals(other.privateKey) && deviceConfiguration.equals(other.deviceConfiguration)
                && endpoint.equals(other.endpoint) && Objects.equals(storeDirectory, other.storeDirectory);
    }

    @Override
    public int hashCode() {
        return Objects.hash(thingName, certificateId, endpoint, port);
    }

    @Override
    public String toString() {
        return "ProvisionedDevice[thingName=" + thingName + ", certificateId=" + certificateId + ", endpoint="
                + endpoint + ":" + port + ", deviceConfiguration=" + deviceConfiguration + ", privateKey=***]";
    }

    /** Builds a {@link ProvisionedDevice}. */
    public static final class Builder {
        private String thingName;
        private String certificateId;
        private X509Certificate certificate;
        private PrivateKey privateKey;
        private Map<String, String> deviceConfiguration = new LinkedHashMap<>();
        private String endpoint;
        private int port = 8883;
        private Path storeDirectory;

        private Builder() {
        }

        /**
         * The thing name (required).
         *
         * @param thingName the thing name
         * @return this builder
         */
        public Builder thingName(String thingName) {
            this.thingName = Objects.requireNonNull(thingName, "thingName");
            return this;
        }

        /**
         * The certificate id; computed from the certificate when not set.
         *
         * @param certificateId the AWS IoT certificate id
         * @return this builder
         */
        public Builder certificateId(String certificateId) {
            this.certificateId = Objects.requireNonNull(certificateId, "certificateId");
            return this;
        }

        /**
         * The device certificate (required).
         *
         * @param certificate the certificate
         * @return this builder
         */
        public Builder certificate(X509Certificate certificate) {
            this.certificate = Objects.requireNonNull(certificate, "certificate");
            return this;
        }

        /**
         * The device's private key (required).
         *
         * @param privateKey the key
         * @return this builder
         */
        public Builder privateKey(PrivateKey privateKey) {
            this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
            return this;
        }

        /**
         * The device configuration.
         *
         * @param deviceConfiguration the configuration (copied)
         * @return this builder
         */
        public Builder deviceConfiguration(Map<String, String> deviceConfiguration) {
            this.deviceConfiguration = new LinkedHashMap<>(Objects.requireNonNull(deviceConfiguration,
                    "deviceConfiguration"));
            return this;
        }

        /**
         * The AWS IoT data endpoint host name (required).
         *
         * @param endpoint the host name
         * @return this builder
         */
        public Builder endpoint(String endpoint) {
            this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
            return this;
        }

        /**
         * The MQTT port (default 8883).
         *
         * @param port the port
         * @return this builder
         */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /**
         * The credential-store directory the identity is kept in.
         *
         * @param storeDirectory the directory
         * @return this builder
         */
        public Builder storeDirectory(Path storeDirectory) {
            this.storeDirectory = Objects.requireNonNull(storeDirectory, "storeDirectory");
            return this;
        }

        /**
         * Validates and builds the identity.
         *
         * @return the identity
         * @throws InvalidInputException naming the missing or inconsistent field
         */
        public ProvisionedDevice build() {
            require(thingName, "thingName");
            require(certificate, "certificate");
            require(privateKey, "privateKey");
            require(endpoint, "endpoint");
            if (thingName.isBlank()) {
                throw new InvalidInputException("thingName", "is blank", "Give the thing's name.");
            }
            if (port < 1 || port > 65535) {
                throw new InvalidInputException("port", "must be between 1 and 65535, was " + port, "Use 8883 or 443.");
            }
            if (!Certificates.matches(certificate, privateKey)) {
                throw new InvalidInputException("privateKey", "the private key does not belong to the certificate",
                        "Pass the key the certificate was issued for.");
            }
            return new ProvisionedDevice(this);
        }

        private static void require(Object value, String field) {
            if (value == null) {
                throw new InvalidInputException(field, "is required", "Set " + field + " on the builder.");
            }
        }
    }
}
