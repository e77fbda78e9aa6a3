/** The fleet provisioning MQTT API of {@code LocalIotCore}. Not API. */
@NullMarked
package io.github.fleetprov.testkit.internal.provisioning;

import org.jspecify.annotations.NullMarked;
