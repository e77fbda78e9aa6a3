package io.github.fleetprov.testkit.internal.broker;

import java.util.concurrent.CompletableFuture;

/** What the emulator's MQTT APIs may do to clients: answer one client, or disconnect it. */
public interface MqttOutbound {

    /** What became of a reply. */
    enum Delivery {
        /** Handed to the client's session. */
        DELIVERED,
        /** The client has no subscription that matches the reply topic. */
        NOT_SUBSCRIBED,
        /** The broker could not deliver it (e.g. the client is gone). */
        FAILED
    }

    /**
     * Publishes a message to one client only (never to other subscribers of the topic).
     *
     * @param clientId the client
     * @param topic the topic
     * @param payload the payload
     * @return the delivery outcome
     */
    CompletableFuture<Delivery> publishToClient(String clientId, String topic, byte[] payload);

    /**
     * Disconnects a client.
     *
     * @param clientId the client
     * @return completes when the client is disconnected (true) or was not connected (false)
     */
    CompletableFuture<Boolean> disconnect(String clientId);
}
