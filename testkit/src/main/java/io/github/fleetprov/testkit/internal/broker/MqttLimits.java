package io.github.fleetprov.testkit.internal.broker;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * AWS IoT Core's message broker limits, as the developer guide states them (AWS IoT Core endpoints
 * and quotas, "Message broker and protocol limits and quotas"; the MQTT page, "AWS IoT differences from
 * MQTT specifications") and as the AWS SDKs encode them (aws-c-mqtt, {@code mqtt5_utils.h}:
 * {@code AWS_IOT_CORE_MAXIMUM_CLIENT_ID_LENGTH 128}, {@code AWS_IOT_CORE_MAXIMUM_TOPIC_LENGTH 256},
 * {@code AWS_IOT_CORE_MAXIMUM_TOPIC_SEGMENTS 8}, {@code AWS_IOT_CORE_MAXIMUM_SUSBCRIPTIONS_PER_SUBSCRIBE 8},
 * and {@code aws_mqtt_is_valid_topic_for_iot_core}, which skips the Basic Ingest prefix before counting).
 */
public final class MqttLimits {

    /** Client id size: 128 bytes of UTF-8 ({@code AWS_IOT_CORE_MAXIMUM_CLIENT_ID_LENGTH}). */
    public static final int MAX_CLIENT_ID_BYTES = 128;
    /** Topic size: 256 bytes of UTF-8, Basic Ingest prefix not counted ({@code AWS_IOT_CORE_MAXIMUM_TOPIC_LENGTH}). */
    public static final int MAX_TOPIC_BYTES = 256;
    /**
     * Forward slashes in a topic or topic filter: 7, Basic Ingest prefix not counted (8 segments,
     * {@code AWS_IOT_CORE_MAXIMUM_TOPIC_SEGMENTS}).
     */
    public static final int MAX_TOPIC_SLASHES = 7;
    /** PUBLISH payload: 128 KB; a larger one is a {@code CLIENT_ERROR} ({@code PAYLOAD_LIMIT_EXCEEDED}). */
    public static final int MAX_PAYLOAD_BYTES = 128 * 1024;
    /** Topic filters in one SUBSCRIBE: 8 ({@code AWS_IOT_CORE_MAXIMUM_SUSBCRIPTIONS_PER_SUBSCRIBE}). */
    public static final int MAX_FILTERS_PER_SUBSCRIBE = 8;
    /** The highest QoS AWS IoT Core supports: 1 (the MQTT page: "QoS levels 0 and 1 only"). */
    public static final int MAX_QOS = 1;
    /**
     * CONNECT requests per second per client id: 1 (quotas: "Connect requests per second per client
     * ID"); a faster one is throttled.
     */
    public static final long CONNECT_INTERVAL_NANOS = 1_000_000_000L;

    /** {@code $aws/rules/<rule name>/}: Basic Ingest's prefix, which the topic limits do not count. */
    private static final Pattern BASIC_INGEST = Pattern.compile("^\\$aws/rules/[^/]+/");

    private MqttLimits() {
    }

    /**
     * Whether a client id is longer than AWS allows.
     *
     * @param clientId the client id
     * @return whether it has more than {@value #MAX_CLIENT_ID_BYTES} bytes of UTF-8
     */
    public static boolean clientIdTooLong(String clientId) {
        return clientId.getBytes(StandardCharsets.UTF_8).length > MAX_CLIENT_ID_BYTES;
    }

    /**
     * Whether a topic is a Basic Ingest topic ({@code $aws/rules/<rule name>/...}), whose messages go
     * to the rule and to no subscriber.
     *
     * @param topic a topic name
     * @return whether it starts with the Basic Ingest prefix
     */
    public static boolean isBasicIngest(String topic) {
        return BASIC_INGEST.matcher(topic).find();
    }

    /**
     * Checks a topic or topic filter against the size and depth limits.
     *
     * @param topic a topic name or topic filter
     * @return what is wrong with it, or empty when it is within the limits
     */
    public static Optional<String> topicViolation(String topic) {
        Matcher m = BASIC_INGEST.matcher(topic);
        String counted = m.find() ? topic.substring(m.end()) : topic;
        int bytes = counted.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_TOPIC_BYTES) {
            return Optional.of("the topic has " + bytes + " bytes; AWS IoT Core allows " + MAX_TOPIC_BYTES
                    + " (the $aws/rules/<rule>/ prefix not counted)");
        }
        long slashes = counted.chars().filter(c -> c == '/').count();
        if (slashes > MAX_TOPIC_SLASHES) {
            return Optional.of("the topic has " + slashes + " forward slashes; AWS IoT Core allows "
                    + MAX_TOPIC_SLASHES + " (the $aws/rules/<rule>/ prefix not counted)");
        }
        return Optional.empty();
    }
}
