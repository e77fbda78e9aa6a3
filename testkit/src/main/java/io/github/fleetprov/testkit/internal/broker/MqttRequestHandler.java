package io.github.fleetprov.testkit.internal.broker;

/**
 * An API served over MQTT by the emulator itself (the fleet provisioning API): the broker hands it
 * the requests published to its topics, and never delivers those requests to subscribers.
 */
public interface MqttRequestHandler {

    /**
     * Whether a topic is one of this API's request topics.
     *
     * @param topic the topic a client published to
     * @return whether the handler takes the request
     */
    boolean handles(String topic);

    /**
     * Whether a topic is one of this API's reply topics, which only the service may publish to.
     *
     * @param topic the topic a client published to
     * @return whether the topic is reserved for replies
     */
    boolean isReplyTopic(String topic);

    /**
     * Takes a request; the handler answers later through {@link MqttOutbound}.
     *
     * @param connection the requesting connection
     * @param topic the request topic
     * @param payload the request payload
     */
    void submit(Connection connection, String topic, byte[] payload);
}
