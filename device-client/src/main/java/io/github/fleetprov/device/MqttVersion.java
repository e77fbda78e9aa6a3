package io.github.fleetprov.device;

/** The MQTT protocol version a client speaks to AWS IoT Core. */
public enum MqttVersion {
    /** MQTT 5, the default. */
    MQTT_5,
    /** MQTT 3.1.1. */
    MQTT_3_1_1
}
