/** The {@code local-iot-core} server: options, start-up checks, endpoint files, lifecycle. Not API. */
package io.github.fleetprov.testkit.internal.server;
