package io.github.fleetprov.device.internal;

import io.github.fleetprov.core.mqtt.MqttTopicFilter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import software.amazon.awssdk.crt.CRT;
import software.amazon.awssdk.crt.io.SocketOptions;
import software.amazon.awssdk.crt.io.TlsContext;
import software.amazon.awssdk.crt.io.TlsContextOptions;

/**
 * What the MQTT 5 and MQTT 3.1.1 transports share: the connection settings, the reply router for the
 * fleet provisioning topics, the application's subscriptions, the connection state, and the aws-crt
 * details (socket options, error names).
 */
abstract class CrtMqttTransport implements MqttLink {

    final ConnectionSettings settings;
    final TlsIdentity identity;
    final String clientId;
    final boolean reconnect;
    final ReplyRouter router = new ReplyRouter();
    final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    volatile boolean up;

    CrtMqttTransport(ConnectionSettings settings, TlsIdentity identity, String clientId, boolean reconnect) {
        this.settings = settings;
        this.identity = identity;
        this.clientId = clientId;
        this.reconnect = reconnect;
    }

    /** @return {@code host:port}, for messages */
    final String endpointAddress() {
        return settings.endpoint() + ":" + settings.port();
    }

    /**
     * Hands an incoming message to the reply router and to every application subscription whose
     * filter matches its topic.
     */
    final void dispatch(String topic, byte[] payload) {
        router.onMessage(topic, payload);
        for (Subscription subscription : subscriptions) {
            if (MqttTopicFilter.matches(subscription.filter(), topic)) {
                subscription.handler().accept(topic, payload);
            }
        }
    }

    /**
     * An application subscription: its topic filter and its handler.
     *
     * @param filter the MQTT topic filter
     * @param handler receives the topic and the payload of every matching message
     */
    record Subscription(String filter, BiConsumer<String, byte[]> handler) {
    }

    /**
     * Socket options for every MQTT connection the client makes: the connect timeout is the step's time
     * limit (at least one second), and {@code TCP_NODELAY} is on. With Nagle's algorithm on, the records
     * of the TLS 1.3 client's second flight (and any two small MQTT packets written back to back) wait
     * for the peer's delayed ACK, about 40 ms on Linux per stall. aws-crt before 0.48 left Nagle's
     * algorithm on and offered no option; later releases have {@code SocketOptions.tcpNoDelay}, whose
     * {@code DEFAULT} leaves the choice to the native library, so it is set explicitly here.
     */
    static SocketOptions socketOptions(Duration timeout) {
        SocketOptions socket = new SocketOptions();
        socket.connectTimeoutMs = (int) Math.min(Integer.MAX_VALUE, Math.max(1000L, timeout.toMillis()));
        socket.tcpNoDelay = SocketOptions.TcpNoDelay.ON;
        return socket;
    }

    /**
     * Takes a reference to the aws-crt TLS context for a software key, a CA and an ALPN protocol, making
     * it if no open connection holds one. aws-crt builds a new native TLS context (s2n configuration,
     * system trust store loaded and then replaced by the given CA, certificate and key parsed) for every
     * client that {@code AwsIotMqtt5ClientBuilder} builds; every device provisioning with the same claim
     * certificate would pay for it on each connection. A context holds no per-connection state (aws-c-io
     * makes a TLS connection from it per socket), so connections with the same certificate, key, CA and
     * ALPN share one. Each {@link #acquire} is matched by one {@link SharedTlsContext#release()}; the
     * native context is freed when the last connection using it has been closed (an aws-crt client keeps
     * its own native reference as long as it lives).
     *
     * @param identity the certificate and software key
     * @param certificateAuthorityPem the CA to trust, or {@code null} for the system's trust store
     * @param alpn the ALPN protocol to offer, or {@code null}
     * @return a reference to release when the connection is closed
     */
    static SharedTlsContext acquireTlsContext(TlsIdentity identity, String certificateAuthorityPem, String alpn) {
        String certificatePem = identity.certificatePem();
        String keyPem = identity.privateKeyPem();
        TlsKey key = new TlsKey(digest(certificatePem, keyPem, certificateAuthorityPem, alpn));
        synchronized (TLS_CONTEXTS) {
            SharedTlsContext shared = TLS_CONTEXTS.get(key);
            if (shared == null) {
                try (TlsContextOptions options = TlsContextOptions.createWithMtls(certificatePem, keyPem)) {
                    if (certificateAuthorityPem != null) {
                        options.withCertificateAuthority(certificateAuthorityPem);
                    }
                    if (alpn != null) {
                        options.withAlpnList(alpn);
                    }
                    shared = new SharedTlsContext(key, new TlsContext(options));
                }
                TLS_CONTEXTS.put(key, shared);
            }
            shared.users++;
            return shared;
        }
    }

    /** @return how many TLS contexts open connections hold now, for tests */
    static int sharedTlsContexts() {
        synchronized (TLS_CONTEXTS) {
            return TLS_CONTEXTS.size();
        }
    }

    private static final Map<TlsKey, SharedTlsContext> TLS_CONTEXTS = new HashMap<>();

    /** What a TLS context is made of, as a SHA-256 digest: the key's PEM is never kept in the map. */
    private record TlsKey(String sha256) {
    }

    private static String digest(String... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : parts) {
                byte[] bytes = part == null ? new byte[0] : part.getBytes(StandardCharsets.UTF_8);
                sha.update((byte) (part == null ? 0 : 1));
                sha.update(java.nio.ByteBuffer.allocate(4).putInt(bytes.length).array());
                sha.update(bytes);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** One connection's reference to a TLS context that other connections may share. */
    static final class SharedTlsContext {
        private final TlsKey key;
        private final TlsContext context;
        private int users;
        private boolean released;

        private SharedTlsContext(TlsKey key, TlsContext context) {
            this.key = key;
            this.context = context;
        }

        /** @return the aws-crt context, for a client's options */
        TlsContext context() {
            return context;
        }

        /** Gives this connection's reference back; the last one frees the context's Java handle. */
        void release() {
            synchronized (TLS_CONTEXTS) {
                if (--users == 0 && !released) {
                    released = true;
                    TLS_CONTEXTS.remove(key, this);
                    context.close();
                }
            }
        }
    }

    /** The aws-crt name of an error code, or {@code "error <code>"} where the native library cannot say. */
    static String errorName(int code) {
        try {
            return CRT.awsErrorName(code);
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            return "error " + code;
        }
    }

    @Override
    public final boolean isConnected() {
        return up;
    }
}
