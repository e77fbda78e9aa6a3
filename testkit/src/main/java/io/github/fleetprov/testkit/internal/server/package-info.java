/** The {@code local-iot-core} server: options, start-up checks, endpoint files, lifecycle. Not API. */
@NullMarked
package io.github.fleetprov.testkit.internal.server;

import org.jspecify.annotations.NullMarked;
