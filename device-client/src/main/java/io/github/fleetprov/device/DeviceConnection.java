package io.github.fleetprov.device;

import io.github.fleetprov.core.store.DeviceIdentity;
import io.github.fleetprov.device.internal.DeviceConnections;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * An open MQTT connection with a device's own identity, ready to publish telemetry.
 *
 * <pre>{@code
 * try (DeviceConnection connection = DeviceConnection.builder(device).connect()) {
 *     connection.publish("dt/" + device.thingName() + "/telemetry", payload, Qos.AT_LEAST_ONCE).join();
 * }
 * }</pre>
 *
 * <p>A lost connection is re-established by the Device SDK (backoff from 1 s to 2 min); sessions are
 * clean, so subscriptions must be made again after {@link #isConnected()} turned {@code true} again.
 * For full control over the Device SDK's clients, {@link DeviceClients} returns its builders
 * configured for the identity instead. Thread-safe.
 */
public interface DeviceConnection extends AutoCloseable {

    /**
     * A builder for a connection with the device's identity, to the device's endpoint and port, with
     * the thing name as client id and Amazon Root CA 1 and 3 as trust anchors.
     *
     * @param device the identity
     * @return the builder
     */
    static Builder builder(DeviceIdentity device) {
        return DeviceConnections.builder(device);
    }

    /**
     * A builder for MQTT over WebSockets with AWS credentials instead of a certificate, for devices and
     * gateways behind networks or proxies that pass only HTTPS: {@code wss://<endpoint>:443/mqtt} with
     * the upgrade signed with SigV4 (service {@code iotdevicegateway}) by the Device SDK, optionally
     * through an HTTP proxy (CONNECT tunnel). AWS IoT then authorizes the connection with the IAM
     * policies of the credentials' identity ({@code iot:Connect}, {@code iot:Publish},
     * {@code iot:Subscribe}, {@code iot:Receive}), not with AWS IoT policies (AWS IoT Core developer
     * guide, "MQTT over the WebSocket protocol" and "Protocols": MQTT over WSS, SigV4, port 443).
     *
     * <pre>{@code
     * try (DeviceConnection connection = DeviceConnection.webSocketBuilder(endpoint, "eu-west-1", credentials)
     *         .clientId("gateway-7").connect()) {
     *     connection.publish("dt/gateway-7/telemetry", payload, Qos.AT_LEAST_ONCE).join();
     * }
     * }</pre>
     *
     * @param endpoint the AWS IoT data endpoint host ({@code iot:Data-ATS})
     * @param region the endpoint's region, which the signature names
     * @param credentials the AWS credentials, asked again on each connection attempt (for example an
     *     {@link io.github.fleetprov.device.credentials.IotCredentialsProvider})
     * @return the builder
     * @throws io.github.fleetprov.core.InvalidInputException if the endpoint or region is blank
     */
    static WebSocketBuilder webSocketBuilder(String endpoint, String region,
            software.amazon.awssdk.auth.credentials.AwsCredentialsProvider credentials) {
        return DeviceConnections.webSocketBuilder(endpoint, region, credentials);
    }

    /**
     * The client id this connection uses.
     *
     * @return the client id
     */
    String clientId();

    /**
     * Publishes a message.
     *
     * @param topic the topic
     * @param payload the payload
     * @param qos the quality of service
     * @return completes when the message was sent (QoS 0) or acknowledged (QoS 1); fails with a
     *     {@link io.github.fleetprov.core.FleetProvisioningException} if the broker refused it
     */
    CompletableFuture<Void> publish(String topic, byte[] payload, Qos qos);

    /**
     * Subscribes to a topic filter.
     *
     * @param topicFilter the topic filter
     * @param qos the quality of service
     * @param handler called with each message's topic and payload, on the MQTT client's thread
     * @return completes when the broker granted the subscription
     */
    CompletableFuture<Void> subscribe(String topicFilter, Qos qos, BiConsumer<String, byte[]> handler);

    /**
     * Whether the connection is up.
     *
     * @return {@code true} while connected
     */
    boolean isConnected();

    /** Disconnects and releases the connection's native resources. Idempotent. */
    @Override
    void close();

    /** Builds and opens a {@link DeviceConnection}. */
    interface Builder {

        /**
         * The CA certificates the endpoint's server certificate must chain to (default Amazon Root CA 1 and 3).
         *
         * @param pem PEM certificates
         * @return this builder
         */
        Builder certificateAuthorityPem(String pem);

        /**
         * The CA certificates from a PEM file.
         *
         * @param file the file
         * @return this builder
         */
        Builder certificateAuthority(Path file);

        /**
         * The client id (default the thing name).
         *
         * @param clientId the client id
         * @return this builder
         */
        Builder clientId(String clientId);

        /**
         * The endpoint host (default the device's).
         *
         * @param endpoint the host
         * @return this builder
         */
        Builder endpoint(String endpoint);

        /**
         * The port (default the device's). Port 443 implies {@link #mqttOverPort443()}.
         *
         * @param port the port
         * @return this builder
         */
        Builder port(int port);

        /**
         * Connects the way AWS IoT serves MQTT with an X.509 client certificate on port 443, for networks
         * that pass only port 443: port 443, with the TLS extension ALPN offering the protocol
         * {@code x-amzn-mqtt-ca} in the ClientHello, which AWS IoT requires on that port (AWS IoT Core
         * developer guide, "Protocols": protocols, authentication and port mappings). The Device SDK's
         * mutual-TLS builders put that protocol in their ALPN list wherever aws-crt supports ALPN; this
         * option makes it a requirement that {@link #connect()} checks. A {@link #port(int)} given after
         * this call changes only the port (a TLS pass-through proxy, an emulator's listener) and keeps the
         * ALPN requirement.
         *
         * @return this builder
         */
        Builder mqttOverPort443();

        /**
         * The MQTT version (default MQTT 5).
         *
         * @param version the version
         * @return this builder
         */
        Builder mqttVersion(MqttVersion version);

        /**
         * An HTTP proxy to tunnel through.
         *
         * @param proxy the proxy
         * @return this builder
         */
        Builder httpProxy(HttpProxy proxy);

        /**
         * How long to wait for the connection (default 10 s).
         *
         * @param timeout a positive duration
         * @return this builder
         */
        Builder connectTimeout(Duration timeout);

        /**
         * Connects and waits until the broker accepted the connection.
         *
         * @return the open connection
         * @throws ConnectionRefusedException if the connection was refused, with a hint
         * @throws ProvisioningTimeoutException if connecting took too long (step {@link ProvisioningStep#CONNECT})
         */
        DeviceConnection connect();
    }

    /** Builds and opens a {@link DeviceConnection} over WebSockets signed with AWS credentials. */
    interface WebSocketBuilder {

        /**
         * The client id (required: a SigV4 connection has no thing name to default to).
         *
         * @param clientId the client id
         * @return this builder
         */
        WebSocketBuilder clientId(String clientId);

        /**
         * The port (default 443, where AWS IoT serves MQTT over WebSockets).
         *
         * @param port the port
         * @return this builder
         */
        WebSocketBuilder port(int port);

        /**
         * The CA certificates the endpoint's server certificate must chain to (default Amazon Root CA 1 and 3).
         *
         * @param pem PEM certificates
         * @return this builder
         */
        WebSocketBuilder certificateAuthorityPem(String pem);

        /**
         * The MQTT version (default MQTT 5).
         *
         * @param version the version
         * @return this builder
         */
        WebSocketBuilder mqttVersion(MqttVersion version);

        /**
         * An HTTP proxy to tunnel through (HTTP CONNECT to the endpoint's port).
         *
         * @param proxy the proxy
         * @return this builder
         */
        WebSocketBuilder httpProxy(HttpProxy proxy);

        /**
         * How long to wait for the connection (default 10 s).
         *
         * @param timeout a positive duration
         * @return this builder
         */
        WebSocketBuilder connectTimeout(Duration timeout);

        /**
         * Connects and waits until the broker accepted the connection.
         *
         * @return the open connection
         * @throws io.github.fleetprov.core.InvalidInputException if no client id was given
         * @throws ConnectionRefusedException if the upgrade (HTTP 403: signature wrong or expired) or the
         *     CONNECT (the identity's IAM policy does not allow iot:Connect) was refused, with a hint
         * @throws ProvisioningTimeoutException if connecting took too long (step {@link ProvisioningStep#CONNECT})
         */
        DeviceConnection connect();
    }
}
