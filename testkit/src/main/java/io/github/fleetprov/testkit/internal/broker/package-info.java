/** The embedded MQTT broker of {@code LocalIotCore} (HiveMQ CE) and its IoT extension. Not API. */
package io.github.fleetprov.testkit.internal.broker;
