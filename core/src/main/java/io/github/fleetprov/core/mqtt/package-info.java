/**
 * MQTT helpers shared by the device client and the emulator ({@link io.github.fleetprov.core.mqtt.MqttTopicFilter}).
 *
 * <p>Everything in this package is non-null unless documented otherwise.
 */
@NullMarked
package io.github.fleetprov.core.mqtt;

import org.jspecify.annotations.NullMarked;
