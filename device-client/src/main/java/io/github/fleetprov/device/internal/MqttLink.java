package io.github.fleetprov.device.internal;

import io.github.fleetprov.device.Qos;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/** A provisioning transport that also publishes and subscribes to any topic. */
public interface MqttLink extends ProvisioningTransport {

    /**
     * Publishes a message.
     *
     * @param topic the topic
     * @param payload the payload
     * @param qos the quality of service
     * @return completes when sent (QoS 0) or acknowledged (QoS 1)
     */
    CompletableFuture<Void> publish(String topic, byte[] payload, Qos qos);

    /**
     * Subscribes to a topic filter.
     *
     * @param topicFilter the filter
     * @param qos the quality of service
     * @param handler called with topic and payload of each message
     * @return completes when the broker granted the subscription
     */
    CompletableFuture<Void> subscribe(String topicFilter, Qos qos, BiConsumer<String, byte[]> handler);
}
