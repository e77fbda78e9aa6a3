package io.github.fleetprov.core.mqtt;

import java.util.Objects;

/**
 * MQTT topic filter matching, as MQTT 3.1.1 section 4.7 and MQTT 5 section 4.7 define it.
 *
 * <ul>
 *   <li>Levels are separated by {@code /}; empty levels are levels too ({@code a//b} has three).</li>
 *   <li>{@code +} matches exactly one level, whatever it holds (also an empty one).</li>
 *   <li>{@code #} matches its parent level and any number of levels below it: {@code a/#} matches
 *       {@code a}, {@code a/b} and {@code a/b/c}.</li>
 *   <li>A filter that starts with a wildcard never matches a topic that starts with {@code $}
 *       (MQTT 3.1.1 section 4.7.2): {@code #} and {@code +/x} do not match {@code $aws/x};
 *       {@code $aws/#} does.</li>
 * </ul>
 *
 * <p>AWS IoT Core follows these rules for subscriptions and for the {@code $aws/...} reserved topics
 * (AWS IoT Core developer guide, "Topics": topic names and topic filters).
 * This class only matches: it does not reject malformed filters such as {@code a/#/b}; a filter
 * without wildcards matches only the topic equal to it.
 */
public final class MqttTopicFilter {

    private MqttTopicFilter() {
    }

    /**
     * Whether an MQTT topic name matches an MQTT topic filter.
     *
     * @param filter the topic filter, e.g. {@code $aws/provisioning-templates/+/provision/#}
     * @param topic the topic name a message was published to
     * @return {@code true} if a subscription to {@code filter} receives messages sent to {@code topic}
     */
    public static boolean matches(String filter, String topic) {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(topic, "topic");
        if (topic.startsWith("$") && (filter.startsWith("+") || filter.startsWith("#"))) {
            return false;
        }
        String[] f = filter.split("/", -1);
        String[] t = topic.split("/", -1);
        for (int i = 0; i < f.length; i++) {
            if (f[i].equals("#")) {
                return true;
            }
            if (i >= t.length) {
                return false;
            }
            if (!f[i].equals("+") && !f[i].equals(t[i])) {
                return false;
            }
        }
        return f.length == t.length;
    }
}
