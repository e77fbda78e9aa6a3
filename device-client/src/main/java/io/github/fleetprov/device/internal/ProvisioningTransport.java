package io.github.fleetprov.device.internal;

import io.github.fleetprov.device.ProvisioningStep;
import java.time.Duration;
import java.util.List;

/**
 * An MQTT connection that speaks the fleet provisioning API: it subscribes once to the reply topics
 * of every operation it will use, before the first request, and keeps the subscriptions for the
 * connection's life. One request per operation is in flight at a time; the reply is correlated by its
 * topic.
 */
public interface ProvisioningTransport extends AutoCloseable {

    /**
     * Starts connecting without waiting, so that the caller can prepare its first request (make a key
     * and a CSR) while the TLS handshake runs; {@link #open} then waits for it. Does nothing by default.
     *
     * @param timeout the time limit for connecting
     */
    default void begin(Duration timeout) {
    }

    /**
     * Connects (or finishes what {@link #begin} started) and subscribes to the accepted and rejected
     * topics of the operations.
     *
     * @param operations the operations this connection will use
     * @param timeout the time limit for connecting and subscribing
     * @throws io.github.fleetprov.device.ConnectionRefusedException if the broker or TLS refused the connection
     * @throws io.github.fleetprov.device.ProvisioningTimeoutException if connecting took too long
     */
    void open(List<FleetOperation> operations, Duration timeout);

    /**
     * Publishes a request and waits for its reply.
     *
     * @param operation the operation
     * @param payload the request payload
     * @param step the step the request belongs to (for errors)
     * @param timeout the time limit for the reply
     * @return the reply
     * @throws io.github.fleetprov.device.ProvisioningTimeoutException if no reply came in time
     * @throws io.github.fleetprov.device.ConnectionLostException if the connection dropped
     */
    Reply request(FleetOperation operation, byte[] payload, ProvisioningStep step, Duration timeout);

    /**
     * Whether the connection is up.
     *
     * @return {@code true} while connected
     */
    boolean isConnected();

    /** Disconnects and releases the connection's native resources. Idempotent. */
    @Override
    void close();
}
