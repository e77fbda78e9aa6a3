package io.github.fleetprov.device;

/** MQTT quality of service levels that AWS IoT Core supports. */
public enum Qos {
    /** At most once (QoS 0). */
    AT_MOST_ONCE,
    /** At least once (QoS 1). */
    AT_LEAST_ONCE
}
