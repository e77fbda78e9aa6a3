/** The embedded MQTT broker of {@code LocalIotCore} (HiveMQ CE) and its IoT extension. Not API. */
@NullMarked
package io.github.fleetprov.testkit.internal.broker;

import org.jspecify.annotations.NullMarked;
