/** The fleet provisioning MQTT API of {@code LocalIotCore}. Not API. */
package io.github.fleetprov.testkit.internal.provisioning;
