package io.github.fleetprov.device.internal;

import io.github.fleetprov.core.FleetProvisioningException;
import io.github.fleetprov.device.ConnectionLostException;
import io.github.fleetprov.device.ConnectionRefusedException;
import io.github.fleetprov.device.ProvisioningStep;
import io.github.fleetprov.device.ProvisioningTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import io.github.fleetprov.device.Qos;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import software.amazon.awssdk.crt.CrtRuntimeException;
import software.amazon.awssdk.crt.auth.credentials.CredentialsProvider;
import software.amazon.awssdk.crt.io.SocketOptions;
import software.amazon.awssdk.crt.io.TlsContextPkcs11Options;
import software.amazon.awssdk.crt.mqtt.MqttClientConnection;
import software.amazon.awssdk.crt.mqtt.MqttClientConnectionEvents;
import software.amazon.awssdk.crt.mqtt.MqttMessage;
import software.amazon.awssdk.crt.mqtt.OnConnectionFailureReturn;
import software.amazon.awssdk.crt.mqtt.QualityOfService;
import software.amazon.awssdk.iot.AwsIotMqttConnectionBuilder;

/**
 * The fleet provisioning API on the Device SDK's MQTT 3.1.1 connection, driving the topics directly
 * like {@link Mqtt5Transport}.
 */
public final class Mqtt311Transport extends CrtMqttTransport {

    private volatile String lastError;
    private MqttClientConnection connection;
    private CompletableFuture<Boolean> connecting;
    private CredentialsProvider webSocketCredentials;

    /**
     * Creates an unopened transport.
     *
     * @param settings endpoint, port, CA and proxy
     * @param identity the certificate and key to connect with
     * @param clientId the client id
     */
    public Mqtt311Transport(ConnectionSettings settings, TlsIdentity identity, String clientId) {
        this(settings, identity, clientId, false);
    }

    /**
     * Creates an unopened transport.
     *
     * @param settings endpoint, port, CA and proxy
     * @param identity the certificate and key to connect with
     * @param clientId the client id
     * @param reconnect {@code true} to let the connection reconnect by itself (1 s to 2 min backoff)
     */
    public Mqtt311Transport(ConnectionSettings settings, TlsIdentity identity, String clientId, boolean reconnect) {
        super(settings, identity, clientId, reconnect);
    }

    @Override
    public void begin(Duration timeout) {
        if (connection == null) {
            connection = buildConnection(timeout);
            connection.onMessage(message -> dispatch(message.getTopic(), message.getPayload()));
            ConnectPacer.shared().awaitTurn(clientId);
            connecting = connection.connect();
        }
    }

    @Override
    public void open(List<FleetOperation> operations, Duration timeout) {
        String endpoint = endpointAddress();
        try {
            begin(timeout);
            connecting.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new ProvisioningTimeoutException(ProvisioningStep.CONNECT, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FleetProvisioningException("Interrupted while connecting", e);
        } catch (ExecutionException e) {
            throw classify(e.getCause(), endpoint);
        } catch (RuntimeException e) {
            throw classify(e, endpoint);
        } finally {
            ConnectPacer.shared().answered(clientId);
        }
        up = true;
        List<CompletableFuture<Integer>> subscriptions = new ArrayList<>();
        for (FleetOperation operation : operations) {
            subscriptions.add(connection.subscribe(operation.acceptedTopic(), QualityOfService.AT_MOST_ONCE));
            subscriptions.add(connection.subscribe(operation.rejectedTopic(), QualityOfService.AT_MOST_ONCE));
        }
        for (CompletableFuture<Integer> subscription : subscriptions) {
            try {
                subscription.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                throw new ProvisioningTimeoutException(ProvisioningStep.CONNECT, timeout);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FleetProvisioningException("Interrupted while subscribing", e);
            } catch (ExecutionException e) {
                throw new ConnectionRefusedException("SUBACK failure",
                        "The broker refused to subscribe to the fleet provisioning reply topics: check that the"
                        + " certificate's policy allows iot:Subscribe on their topicfilter ARNs.", false);
            }
        }
    }

    private ConnectionRefusedException classify(Throwable failure, String endpoint) {
        String name = lastError;
        String message = failure == null || failure.getMessage() == null ? "" : failure.getMessage();
        String connack = null;
        String lower = message.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("not authorized") || lower.contains("bad username") || lower.contains("identifier rejected")
                || lower.contains("not_authorized")) {
            connack = "NOT_AUTHORIZED";
        } else if (lower.contains("server unavailable")) {
            connack = "SERVER_UNAVAILABLE";
        }
        if (name == null) {
            name = message.isEmpty() ? (failure == null ? "unknown" : failure.getClass().getSimpleName()) : message;
        }
        return ConnectFailures.classify(name, connack, endpoint, clientId);
    }

    private MqttClientConnection buildConnection(Duration timeout) {
        AwsIotMqttConnectionBuilder builder;
        TlsContextPkcs11Options pkcs11 = null;
        if (settings.webSocket() != null) {
            try {
                builder = AwsIotMqttConnectionBuilder.newDefaultBuilder();
            } catch (java.io.UnsupportedEncodingException e) {
                throw new FleetProvisioningException("aws-crt cannot build a WebSocket connection", e);
            }
            webSocketCredentials = settings.webSocket().crtProvider();
            builder.withWebsockets(true)
                    .withWebsocketSigningRegion(settings.webSocket().region())
                    .withWebsocketCredentialsProvider(webSocketCredentials);
        } else {
            // A key in a PKCS#11 token: aws-crt does the TLS private-key operations in the token.
            pkcs11 = identity.tokenKey()
                    .map(key -> Pkcs11Tokens.tlsOptions(key, identity.certificatePem())).orElse(null);
            builder = pkcs11 != null
                    ? AwsIotMqttConnectionBuilder.newMtlsPkcs11Builder(pkcs11)
                    : AwsIotMqttConnectionBuilder.newMtlsBuilder(identity.certificatePem(), identity.privateKeyPem());
        }
        // The client keeps its own reference to the socket options; this one is released when built.
        try (SocketOptions socket = socketOptions(timeout)) {
            builder.withEndpoint(settings.endpoint())
                    .withPort(settings.port())
                    .withSocketOptions(socket)
                    .withTimeoutMs((int) Math.min(Integer.MAX_VALUE, Math.max(1000L, timeout.toMillis())))
                    .withClientId(clientId)
                    .withCleanSession(true)
                    .withProtocolOperationTimeoutMs((int) Math.min(Integer.MAX_VALUE, timeout.toMillis() * 3))
                    .withReconnectTimeoutSecs(reconnect ? 1 : 60, 120)
                    .withConnectionEventCallbacks(new Events());
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

    @Override
    public Reply request(FleetOperation operation, byte[] payload, ProvisioningStep step, Duration timeout) {
        if (!up) {
            throw new ConnectionLostException(step, "not connected");
        }
        CompletableFuture<Reply> reply = router.expect(operation);
        try {
            connection.publish(new MqttMessage(operation.requestTopic(), payload, QualityOfService.AT_LEAST_ONCE))
                    .whenComplete((id, failure) -> {
                        if (failure != null) {
                            reply.completeExceptionally(new ReplyRouter.LostSignal("publish failed: "
                                    + failure.getClass().getSimpleName()));
                        }
                    });
            return ReplyRouter.await(reply, step, timeout);
        } finally {
            router.forget(operation, reply);
        }
    }

    @Override
    public CompletableFuture<Void> publish(String topic, byte[] payload, Qos qos) {
        QualityOfService level = qos == Qos.AT_MOST_ONCE ? QualityOfService.AT_MOST_ONCE
                : QualityOfService.AT_LEAST_ONCE;
        return connection.publish(new MqttMessage(topic, payload, level)).thenApply(id -> null);
    }

    @Override
    public CompletableFuture<Void> subscribe(String topicFilter, Qos qos, BiConsumer<String, byte[]> handler) {
        Subscription subscription = new Subscription(topicFilter, handler);
        subscriptions.add(subscription);
        QualityOfService level = qos == Qos.AT_MOST_ONCE ? QualityOfService.AT_MOST_ONCE
                : QualityOfService.AT_LEAST_ONCE;
        return connection.subscribe(topicFilter, level).whenComplete((id, failure) -> {
            if (failure != null) {
                subscriptions.remove(subscription);
            }
        }).thenApply(id -> null);
    }

    @Override
    public void close() {
        boolean wasUp = up;
        up = false;
        MqttClientConnection c = connection;
        connection = null;
        if (c != null) {
            if (wasUp) {
                try {
                    c.disconnect().get(2, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (ExecutionException | TimeoutException | RuntimeException ignored) {
                    // closing anyway
                }
            }
            c.close();
        }
        if (webSocketCredentials != null) {
            webSocketCredentials.close();
            webSocketCredentials = null;
        }
    }

    private final class Events implements MqttClientConnectionEvents {
        @Override
        public void onConnectionInterrupted(int errorCode) {
            boolean wasUp = up;
            up = false;
            if (wasUp) {
                router.connectionLost(errorName(errorCode));
            }
        }

        @Override
        public void onConnectionResumed(boolean sessionPresent) {
            if (reconnect) {
                up = true;
            }
        }

        @Override
        public void onConnectionFailure(OnConnectionFailureReturn failure) {
            lastError = errorName(failure.getErrorCode());
        }
    }
}
