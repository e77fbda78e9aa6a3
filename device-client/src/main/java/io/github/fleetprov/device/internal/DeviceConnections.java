package io.github.fleetprov.device.internal;

import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.core.pki.AmazonRootCas;
import io.github.fleetprov.core.store.DeviceIdentity;
import io.github.fleetprov.device.ConnectionRefusedException;
import io.github.fleetprov.device.DeviceConnection;
import io.github.fleetprov.device.HttpProxy;
import io.github.fleetprov.device.MqttVersion;
import io.github.fleetprov.device.Qos;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/** Opens {@link DeviceConnection}s. */
public final class DeviceConnections {

    private DeviceConnections() {
    }

    /**
     * A builder for a connection with a device identity.
     *
     * @param device the identity
     * @return the builder
     */
    public static DeviceConnection.Builder builder(DeviceIdentity device) {
        return new BuilderImpl(Objects.requireNonNull(device, "device"));
    }

    /**
     * A builder for a connection over WebSockets signed with AWS credentials.
     *
     * @param endpoint the data endpoint host
     * @param region the endpoint's region
     * @param credentials the AWS credentials
     * @return the builder
     */
    public static DeviceConnection.WebSocketBuilder webSocketBuilder(String endpoint, String region,
            AwsCredentialsProvider credentials) {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(credentials, "credentials");
        if (endpoint.isBlank()) {
            throw new InvalidInputException("endpoint", "is blank", "Give the AWS IoT data endpoint (iot:Data-ATS).");
        }
        if (region.isBlank()) {
            throw new InvalidInputException("region", "is blank",
                    "Give the endpoint's region, e.g. eu-west-1; the SigV4 signature names it.");
        }
        return new WebSocketBuilderImpl(endpoint, region, credentials);
    }

    private static final class WebSocketBuilderImpl implements DeviceConnection.WebSocketBuilder {
        private final String endpoint;
        private final String region;
        private final AwsCredentialsProvider credentials;
        private String clientId;
        private int port = Alpn.HTTPS_PORT;
        private String caPem;
        private MqttVersion version = MqttVersion.MQTT_5;
        private HttpProxy proxy;
        private Duration timeout = Duration.ofSeconds(10);

        WebSocketBuilderImpl(String endpoint, String region, AwsCredentialsProvider credentials) {
            this.endpoint = endpoint;
            this.region = region;
            this.credentials = credentials;
        }

        @Override
        public DeviceConnection.WebSocketBuilder clientId(String clientId) {
            this.clientId = Objects.requireNonNull(clientId, "clientId");
            return this;
        }

        @Override
        public DeviceConnection.WebSocketBuilder port(int port) {
            if (port < 1 || port > 65535) {
                throw new InvalidInputException("port", "must be between 1 and 65535, was " + port,
                        "Use 443, where AWS IoT serves MQTT over WebSockets.");
            }
            this.port = port;
            return this;
        }

        @Override
        public DeviceConnection.WebSocketBuilder certificateAuthorityPem(String pem) {
            this.caPem = Objects.requireNonNull(pem, "pem");
            return this;
        }

        @Override
        public DeviceConnection.WebSocketBuilder mqttVersion(MqttVersion version) {
            this.version = Objects.requireNonNull(version, "version");
            return this;
        }

        @Override
        public DeviceConnection.WebSocketBuilder httpProxy(HttpProxy proxy) {
            this.proxy = Objects.requireNonNull(proxy, "proxy");
            return this;
        }

        @Override
        public DeviceConnection.WebSocketBuilder connectTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isZero() || timeout.isNegative()) {
                throw new InvalidInputException("connectTimeout", "must be positive", "Use for example 10 seconds.");
            }
            this.timeout = timeout;
            return this;
        }

        @Override
        public DeviceConnection connect() {
            if (clientId == null || clientId.isEmpty()) {
                throw new InvalidInputException("clientId", "is missing",
                        "Give the MQTT client id with clientId(..); the IAM policy's iot:Connect names it.");
            }
            ConnectionSettings settings = new ConnectionSettings(endpoint, port,
                    caPem != null ? caPem : AmazonRootCas.pem(), proxy, new WebSocketSigning(region, credentials));
            MqttLink link = version == MqttVersion.MQTT_3_1_1 ? new Mqtt311Transport(settings, null, clientId, true)
                    : new Mqtt5Transport(settings, null, clientId, true);
            try {
                link.open(List.of(), timeout);
            } catch (RuntimeException e) {
                link.close();
                throw e;
            }
            return new Connection(link, clientId);
        }
    }

    private static final class BuilderImpl implements DeviceConnection.Builder {
        private final DeviceIdentity device;
        private String caPem;
        private Path caFile;
        private String clientId;
        private String endpoint;
        private int port;
        private boolean alpn;
        private MqttVersion version = MqttVersion.MQTT_5;
        private HttpProxy proxy;
        private Duration timeout = Duration.ofSeconds(10);

        BuilderImpl(DeviceIdentity device) {
            this.device = device;
            this.clientId = device.thingName();
            this.endpoint = device.endpoint();
            this.port = device.port();
        }

        @Override
        public DeviceConnection.Builder certificateAuthorityPem(String pem) {
            this.caPem = Objects.requireNonNull(pem, "pem");
            return this;
        }

        @Override
        public DeviceConnection.Builder certificateAuthority(Path file) {
            this.caFile = Objects.requireNonNull(file, "file");
            return this;
        }

        @Override
        public DeviceConnection.Builder clientId(String clientId) {
            this.clientId = Objects.requireNonNull(clientId, "clientId");
            return this;
        }

        @Override
        public DeviceConnection.Builder endpoint(String endpoint) {
            this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
            return this;
        }

        @Override
        public DeviceConnection.Builder port(int port) {
            if (port < 1 || port > 65535) {
                throw new InvalidInputException("port", "must be between 1 and 65535, was " + port,
                        "Use 8883, or mqttOverPort443() for port 443 with the ALPN protocol " + Alpn.MQTT_PROTOCOL
                        + ".");
            }
            this.port = port;
            return this;
        }

        @Override
        public DeviceConnection.Builder mqttOverPort443() {
            this.port = Alpn.HTTPS_PORT;
            this.alpn = true;
            return this;
        }

        @Override
        public DeviceConnection.Builder mqttVersion(MqttVersion version) {
            this.version = Objects.requireNonNull(version, "version");
            return this;
        }

        @Override
        public DeviceConnection.Builder httpProxy(HttpProxy proxy) {
            this.proxy = Objects.requireNonNull(proxy, "proxy");
            return this;
        }

        @Override
        public DeviceConnection.Builder connectTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isZero() || timeout.isNegative()) {
                throw new InvalidInputException("connectTimeout", "must be positive", "Use for example 10 seconds.");
            }
            this.timeout = timeout;
            return this;
        }

        @Override
        public DeviceConnection connect() {
            String ca = caPem;
            if (caFile != null) {
                try {
                    ca = Files.readString(caFile, StandardCharsets.US_ASCII);
                } catch (IOException e) {
                    throw new InvalidInputException("certificateAuthority", "cannot read " + caFile,
                            "Check that the CA file exists and is readable.", e);
                }
            }
            if (ca == null) {
                ca = AmazonRootCas.pem();
            }
            if (alpn || port == Alpn.HTTPS_PORT) {
                Alpn.requireSupported(alpn ? "mqttOverPort443" : "port");
            }
            ConnectionSettings settings = new ConnectionSettings(endpoint, port, ca, proxy);
            TlsIdentity identity = new TlsIdentity(device.certificate(), device.privateKey());
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                MqttLink link = version == MqttVersion.MQTT_3_1_1
                        ? new Mqtt311Transport(settings, identity, clientId, true)
                        : new Mqtt5Transport(settings, identity, clientId, true);
                try {
                    link.open(List.of(), timeout);
                    return new Connection(link, clientId);
                } catch (ConnectionRefusedException e) {
                    link.close();
                    // AWS IoT Core throttles a second CONNECT of a client id within a second (another process
                    // may have used it; MQTT 3.1.1 clients see only a closed connection): a retryable refusal is
                    // tried again in the pacer's next slot, a second or more later, within the time limit.
                    if (!e.isRetryable() || System.nanoTime() + ConnectPacer.MIN_INTERVAL.toNanos() >= deadline) {
                        throw e;
                    }
                } catch (RuntimeException e) {
                    link.close();
                    throw e;
                }
            }
        }

    }

    private static final class Connection implements DeviceConnection {
        private final MqttLink link;
        private final String clientId;

        Connection(MqttLink link, String clientId) {
            this.link = link;
            this.clientId = clientId;
        }

        @Override
        public String clientId() {
            return clientId;
        }

        @Override
        public synchronized CompletableFuture<Void> publish(String topic, byte[] payload, Qos qos) {
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(payload, "payload");
            Objects.requireNonNull(qos, "qos");
            return link.publish(topic, payload, qos);
        }

        @Override
        public synchronized CompletableFuture<Void> subscribe(String topicFilter, Qos qos,
                BiConsumer<String, byte[]> handler) {
            Objects.requireNonNull(topicFilter, "topicFilter");
            Objects.requireNonNull(qos, "qos");
            Objects.requireNonNull(handler, "handler");
            return link.subscribe(topicFilter, qos, handler);
        }

        @Override
        public boolean isConnected() {
            return link.isConnected();
        }

        @Override
        public synchronized void close() {
            link.close();
        }

        @Override
        public String toString() {
            return "DeviceConnection[clientId=" + clientId + ", connected=" + link.isConnected() + "]";
        }
    }
}
