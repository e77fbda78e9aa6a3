package io.github.fleetprov.device.internal;

import io.github.fleetprov.core.FleetProvisioningException;
import io.github.fleetprov.device.ConnectionLostException;
import io.github.fleetprov.device.ConnectionRefusedException;
import io.github.fleetprov.device.ProvisioningStep;
import io.github.fleetprov.device.ProvisioningTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import io.github.fleetprov.device.Qos;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import software.amazon.awssdk.crt.CrtRuntimeException;
import software.amazon.awssdk.crt.auth.credentials.CredentialsProvider;
import software.amazon.awssdk.crt.io.ExponentialBackoffRetryOptions.JitterMode;
import software.amazon.awssdk.crt.io.ClientBootstrap;
import software.amazon.awssdk.crt.io.SocketOptions;
import software.amazon.awssdk.crt.io.TlsContextOptions;
import software.amazon.awssdk.crt.mqtt5.packets.ConnectPacket;
import software.amazon.awssdk.crt.io.TlsContextPkcs11Options;
import software.amazon.awssdk.crt.mqtt5.Mqtt5Client;
import software.amazon.awssdk.crt.mqtt5.Mqtt5ClientOptions;
import software.amazon.awssdk.crt.mqtt5.OnAttemptingConnectReturn;
import software.amazon.awssdk.crt.mqtt5.OnConnectionFailureReturn;
import software.amazon.awssdk.crt.mqtt5.OnConnectionSuccessReturn;
import software.amazon.awssdk.crt.mqtt5.OnDisconnectionReturn;
import software.amazon.awssdk.crt.mqtt5.OnStoppedReturn;
import software.amazon.awssdk.crt.mqtt5.PublishResult;
import software.amazon.awssdk.crt.mqtt5.PublishReturn;
import software.amazon.awssdk.crt.mqtt5.QOS;
import software.amazon.awssdk.crt.mqtt5.packets.PubAckPacket;
import software.amazon.awssdk.crt.mqtt5.packets.PublishPacket;
import software.amazon.awssdk.crt.mqtt5.packets.SubAckPacket;
import software.amazon.awssdk.crt.mqtt5.packets.SubscribePacket;
import software.amazon.awssdk.iot.AwsIotMqtt5ClientBuilder;

/**
 * The fleet provisioning API on the Device SDK's MQTT 5 client, driving the topics directly: one
 * SUBSCRIBE for every reply topic before the first request, kept for the connection's life, replies
 * correlated by topic. Reply subscriptions use QoS 0 so the client sends no PUBACK between a reply and
 * the next request (aws-crt sockets do not set TCP_NODELAY); requests use QoS 1.
 */
public final class Mqtt5Transport extends CrtMqttTransport {

    private final CompletableFuture<Void> connected = new CompletableFuture<>();
    private final boolean iotCoreFlowControl;
    private Mqtt5Client client;
    private CredentialsProvider webSocketCredentials;
    private SharedTlsContext sharedTls;

    /** The keep-alive interval {@code AwsIotMqtt5ClientBuilder} sets by default, in seconds. */
    private static final long KEEP_ALIVE_SECONDS = 1200L;
    private static final long MAX_RECONNECT_DELAY_MS = 120_000L;

    /**
     * Creates an unopened transport for provisioning: no reconnecting by itself, and none of aws-crt's
     * AWS IoT Core flow control. That flow control paces every operation through token buckets sized for
     * IoT Core's per-connection limits (100 publishes per second, 512 KiB/s) and holds the first
     * operations of a new connection for about 10 ms each; a provisioning connection sends at most one
     * SUBSCRIBE and a few small requests on fixed topics, far inside those limits.
     *
     * @param settings endpoint, port, CA and proxy
     * @param identity the certificate and key to connect with
     * @param clientId the client id
     */
    public Mqtt5Transport(ConnectionSettings settings, TlsIdentity identity, String clientId) {
        this(settings, identity, clientId, false, false);
    }

    /**
     * Creates an unopened transport for an application's connection, with aws-crt's AWS IoT Core
     * validation and flow control, so that an application publishing fast stays inside IoT Core's
     * per-connection limits.
     *
     * @param settings endpoint, port, CA and proxy
     * @param identity the certificate and key to connect with
     * @param clientId the client id
     * @param reconnect {@code true} to let the client reconnect by itself after a lost connection (1 s to
     *     2 min backoff), {@code false} to leave reconnecting to the caller
     */
    public Mqtt5Transport(ConnectionSettings settings, TlsIdentity identity, String clientId, boolean reconnect) {
        this(settings, identity, clientId, reconnect, true);
    }

    private Mqtt5Transport(ConnectionSettings settings, TlsIdentity identity, String clientId, boolean reconnect,
            boolean iotCoreFlowControl) {
        super(settings, identity, clientId, reconnect);
        this.iotCoreFlowControl = iotCoreFlowControl;
    }

    @Override
    public void begin(Duration timeout) {
        if (client == null) {
            client = buildClient(timeout);
            ConnectPacer.shared().awaitTurn(clientId);
            client.start();
        }
    }

    @Override
    public void open(List<FleetOperation> operations, Duration timeout) {
        begin(timeout);
        try {
            connected.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new ProvisioningTimeoutException(ProvisioningStep.CONNECT, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FleetProvisioningException("Interrupted while connecting", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof FleetProvisioningException failure) {
                throw failure;
            }
            throw new FleetProvisioningException("Connecting failed", e.getCause());
        }
        if (operations.isEmpty()) {
            return;
        }
        SubscribePacket.SubscribePacketBuilder subscribe = new SubscribePacket.SubscribePacketBuilder();
        for (FleetOperation operation : operations) {
            subscribe.withSubscription(operation.acceptedTopic(), QOS.AT_MOST_ONCE);
            subscribe.withSubscription(operation.rejectedTopic(), QOS.AT_MOST_ONCE);
        }
        SubAckPacket subAck = await(client.subscribe(subscribe.build()), ProvisioningStep.CONNECT, timeout);
        List<SubAckPacket.SubAckReasonCode> codes = subAck.getReasonCodes();
        List<String> refused = new java.util.ArrayList<>();
        String reason = null;
        int i = 0;
        for (FleetOperation operation : operations) {
            for (String topic : List.of(operation.acceptedTopic(), operation.rejectedTopic())) {
                SubAckPacket.SubAckReasonCode code = i < codes.size() ? codes.get(i) : null;
                if (code != null && code.getValue() >= 0x80) {
                    refused.add(topic);
                    reason = String.valueOf(code);
                }
                i++;
            }
        }
        if (!refused.isEmpty()) {
            throw new ConnectionRefusedException("SUBACK " + reason + " for " + String.join(", ", refused),
                    "The broker refused to subscribe to fleet provisioning reply topics: check that the"
                    + " certificate's policy allows iot:Subscribe on their topicfilter ARNs and iot:Receive on"
                    + " their topic ARNs, and that the template name is the one the policy names.", false);
        }
    }

    private Mqtt5Client buildClient(Duration timeout) {
        if (settings.webSocket() == null && identity != null && identity.tokenKey().isEmpty()) {
            return buildSharedTlsClient(timeout);
        }
        AwsIotMqtt5ClientBuilder builder;
        TlsContextPkcs11Options pkcs11 = null;
        if (settings.webSocket() != null) {
            AwsIotMqtt5ClientBuilder.WebsocketSigv4Config sigv4 = new AwsIotMqtt5ClientBuilder.WebsocketSigv4Config();
            sigv4.region = settings.webSocket().region();
            webSocketCredentials = settings.webSocket().crtProvider();
            sigv4.credentialsProvider = webSocketCredentials;
            builder = AwsIotMqtt5ClientBuilder.newWebsocketMqttBuilderWithSigv4Auth(settings.endpoint(), sigv4);
        } else {
            // A key in a PKCS#11 token: aws-crt does the TLS private-key operations in the token.
            pkcs11 = identity.tokenKey()
                    .map(key -> Pkcs11Tokens.tlsOptions(key, identity.certificatePem())).orElse(null);
            builder = pkcs11 != null
                    ? AwsIotMqtt5ClientBuilder.newDirectMqttBuilderWithMtlsFromPkcs11(settings.endpoint(), pkcs11)
                    : AwsIotMqtt5ClientBuilder.newDirectMqttBuilderWithMtlsFromMemory(settings.endpoint(),
                            identity.certificatePem(), identity.privateKeyPem());
        }
        // The client keeps its own reference to the socket options; this one is released when built.
        try (SocketOptions socket = socketOptions(timeout)) {
            builder.withPort((long) settings.port())
                    .withSocketOptions(socket)
                    .withClientId(clientId)
                    .withSessionBehavior(Mqtt5ClientOptions.ClientSessionBehavior.CLEAN)
                    .withConnackTimeoutMs(connackTimeoutMs(timeout))
                    .withMinReconnectDelayMs(minReconnectDelayMs())
                    .withMaxReconnectDelayMs(MAX_RECONNECT_DELAY_MS)
                    .withRetryJitterMode(JitterMode.Decorrelated)
                    .withAckTimeoutSeconds(ackTimeoutSeconds(timeout))
                    .withExtendedValidationAndFlowControlOptions(flowControl())
                    .withLifeCycleEvents(new Events())
                    .withPublishEvents(this::onPublish);
            if (settings.certificateAuthorityPem() != null) {
                builder.withCertificateAuthority(settings.certificateAuthorityPem());
            }
            if (settings.proxy() != null) {
                builder.withHttpProxyOptions(ProxyOptions.crt(settings.proxy()));
            }
            try {
                return builder.build();
            } catch (CrtRuntimeException e) {
                if (pkcs11 != null) {
                    throw Pkcs11Tokens.tlsFailure(identity.tokenKey().orElseThrow(), e);
                }
                throw e;
            }
        } finally {
            builder.close();
            if (pkcs11 != null) {
                pkcs11.close();
            }
        }
    }

    // The settings both client builders get (the SDK's builder and the shared-context one), in one place.

    private static long connackTimeoutMs(Duration timeout) {
        return Math.max(1000L, timeout.toMillis());
    }

    private static long ackTimeoutSeconds(Duration timeout) {
        return Math.max(1L, timeout.toSeconds() * 3);
    }

    private long minReconnectDelayMs() {
        return reconnect ? 1_000L : 60_000L;
    }

    private Mqtt5ClientOptions.ExtendedValidationAndFlowControlOptions flowControl() {
        return iotCoreFlowControl
                ? Mqtt5ClientOptions.ExtendedValidationAndFlowControlOptions.AWS_IOT_CORE_DEFAULTS
                : Mqtt5ClientOptions.ExtendedValidationAndFlowControlOptions.NONE;
    }

    private void onPublish(Mqtt5Client client, PublishReturn publish) {
        PublishPacket packet = publish.getPublishPacket();
        dispatch(packet.getTopic(), packet.getPayload());
    }

    /**
     * A client for a software key over mutual TLS, on a TLS context shared with every other open
     * connection that has the same certificate, key, CA and ALPN (see
     * {@link CrtMqttTransport#acquireTlsContext}), and on aws-crt's process-wide default client bootstrap
     * and event loop group. It sets what {@code AwsIotMqtt5ClientBuilder} sets for a direct mutual-TLS
     * connection: ALPN {@value Alpn#MQTT_PROTOCOL} wherever aws-crt supports ALPN, keep-alive 1200 s.
     */
    private Mqtt5Client buildSharedTlsClient(Duration timeout) {
        // The SDK's mutual-TLS builders offer the protocol on every port wherever aws-crt supports ALPN.
        String alpn = TlsContextOptions.isAlpnSupported() ? Alpn.MQTT_PROTOCOL : null;
        SharedTlsContext tls = acquireTlsContext(identity, settings.certificateAuthorityPem(), alpn);
        try (SocketOptions socket = socketOptions(timeout)) {
            Mqtt5ClientOptions.Mqtt5ClientOptionsBuilder options =
                    new Mqtt5ClientOptions.Mqtt5ClientOptionsBuilder(settings.endpoint(), (long) settings.port())
                    .withBootstrap(ClientBootstrap.getOrCreateStaticDefault())
                    .withTlsContext(tls.context())
                    .withSocketOptions(socket)
                    .withConnectOptions(new ConnectPacket.ConnectPacketBuilder()
                            .withClientId(clientId)
                            .withKeepAliveIntervalSeconds(KEEP_ALIVE_SECONDS)
                            .build())
                    .withSessionBehavior(Mqtt5ClientOptions.ClientSessionBehavior.CLEAN)
                    .withConnackTimeoutMs(connackTimeoutMs(timeout))
                    .withMinReconnectDelayMs(minReconnectDelayMs())
                    .withMaxReconnectDelayMs(MAX_RECONNECT_DELAY_MS)
                    .withRetryJitterMode(JitterMode.Decorrelated)
                    .withAckTimeoutSeconds(ackTimeoutSeconds(timeout))
                    .withExtendedValidationAndFlowControlOptions(flowControl())
                    .withLifecycleEvents(new Events())
                    .withPublishEvents(this::onPublish);
            if (settings.proxy() != null) {
                options.withHttpProxyOptions(ProxyOptions.crt(settings.proxy()));
            }
            Mqtt5Client built = new Mqtt5Client(options.build());
            sharedTls = tls;
            return built;
        } catch (RuntimeException e) {
            tls.release();
            throw e;
        }
    }

    @Override
    public Reply request(FleetOperation operation, byte[] payload, ProvisioningStep step, Duration timeout) {
        if (!up) {
            throw new ConnectionLostException(step, "not connected");
        }
        CompletableFuture<Reply> reply = router.expect(operation);
        try {
            PublishPacket packet = new PublishPacket.PublishPacketBuilder(operation.requestTopic(),
                    QOS.AT_LEAST_ONCE, payload).build();
            CompletableFuture<PublishResult> published = client.publish(packet);
            published.whenComplete((result, failure) -> {
                if (failure != null) {
                    reply.completeExceptionally(new ReplyRouter.LostSignal("publish failed: "
                            + failure.getClass().getSimpleName()));
                } else if (result != null && result.getResultPubAck() != null
                        && result.getResultPubAck().getReasonCode().getValue() >= 0x80) {
                    PubAckPacket.PubAckReasonCode code = result.getResultPubAck().getReasonCode();
                    reply.completeExceptionally(new ConnectionRefusedException("PUBACK " + code,
                            "The broker refused the request: check that the certificate's policy allows iot:Publish on "
                            + operation.requestTopic() + ".", false));
                }
            });
            return ReplyRouter.await(reply, step, timeout);
        } finally {
            router.forget(operation, reply);
        }
    }

    private static <T> T await(CompletableFuture<T> future, ProvisioningStep step, Duration timeout) {
        try {
            return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new ProvisioningTimeoutException(step, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FleetProvisioningException("Interrupted during " + step, e);
        } catch (ExecutionException e) {
            throw new ConnectionLostException(step, e.getCause().getClass().getSimpleName());
        }
    }

    @Override
    public CompletableFuture<Void> publish(String topic, byte[] payload, Qos qos) {
        QOS level = qos == Qos.AT_MOST_ONCE ? QOS.AT_MOST_ONCE : QOS.AT_LEAST_ONCE;
        return client.publish(new PublishPacket.PublishPacketBuilder(topic, level, payload).build())
                .thenApply(result -> {
                    if (result != null && result.getResultPubAck() != null
                            && result.getResultPubAck().getReasonCode().getValue() >= 0x80) {
                        throw new FleetProvisioningException("The broker refused the message on " + topic + ": PUBACK "
                                + result.getResultPubAck().getReasonCode() + ". Check the certificate's policy.");
                    }
                    return null;
                });
    }

    @Override
    public CompletableFuture<Void> subscribe(String topicFilter, Qos qos, BiConsumer<String, byte[]> handler) {
        Subscription subscription = new Subscription(topicFilter, handler);
        subscriptions.add(subscription);
        QOS level = qos == Qos.AT_MOST_ONCE ? QOS.AT_MOST_ONCE : QOS.AT_LEAST_ONCE;
        return client.subscribe(new SubscribePacket.SubscribePacketBuilder(topicFilter, level).build())
                .thenApply(subAck -> {
                    for (SubAckPacket.SubAckReasonCode code : subAck.getReasonCodes()) {
                        if (code.getValue() >= 0x80) {
                            subscriptions.remove(subscription);
                            throw new FleetProvisioningException("The broker refused the subscription to "
                                    + topicFilter + ": SUBACK " + code + ". Check the certificate's policy.");
                        }
                    }
                    return null;
                });
    }

    @Override
    public void close() {
        up = false;
        Mqtt5Client c = client;
        client = null;
        if (c != null) {
            try {
                c.stop();
            } catch (RuntimeException ignored) {
                // already stopped
            }
            c.close();
        }
        SharedTlsContext tls = sharedTls;
        sharedTls = null;
        if (tls != null) {
            tls.release();
        }
        if (webSocketCredentials != null) {
            webSocketCredentials.close();
            webSocketCredentials = null;
        }
    }

    private final class Events implements Mqtt5ClientOptions.LifecycleEvents {
        @Override
        public void onAttemptingConnect(Mqtt5Client c, OnAttemptingConnectReturn r) {
            // nothing to do
        }

        @Override
        public void onConnectionSuccess(Mqtt5Client c, OnConnectionSuccessReturn r) {
            ConnectPacer.shared().answered(clientId);
            up = true;
            connected.complete(null);
        }

        @Override
        public void onConnectionFailure(Mqtt5Client c, OnConnectionFailureReturn r) {
            ConnectPacer.shared().answered(clientId);
            String connack = r.getConnAckPacket() == null ? null : String.valueOf(r.getConnAckPacket().getReasonCode());
            connected.completeExceptionally(ConnectFailures.classify(errorName(r.getErrorCode()), connack,
                    endpointAddress(), clientId));
        }

        @Override
        public void onDisconnection(Mqtt5Client c, OnDisconnectionReturn r) {
            boolean wasUp = up;
            up = false;
            if (wasUp) {
                router.connectionLost(errorName(r.getErrorCode()));
            }
        }

        @Override
        public void onStopped(Mqtt5Client c, OnStoppedReturn r) {
            up = false;
        }
    }
}
