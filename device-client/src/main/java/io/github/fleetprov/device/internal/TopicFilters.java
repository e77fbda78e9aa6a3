package io.github.fleetprov.device.internal;

import java.util.function.BiConsumer;

/** MQTT topic filter matching ({@code +} one level, {@code #} the rest). */
public final class TopicFilters {

    private TopicFilters() {
    }

    /**
     * Whether a topic matches a filter.
     *
     * @param filter the filter
     * @param topic the topic
     * @return {@code true} on a match
     */
    public static boolean matches(String filter, String topic) {
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

    /**
     * A subscription's filter and handler.
     *
     * @param filter the filter
     * @param handler the handler
     */
    public record Subscription(String filter, BiConsumer<String, byte[]> handler) {
    }
}
