package io.github.fleetprov.device.internal;

import io.github.fleetprov.core.mqtt.MqttTopicFilter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import software.amazon.awssdk.crt.CRT;
import software.amazon.awssdk.crt.io.SocketOptions;

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
