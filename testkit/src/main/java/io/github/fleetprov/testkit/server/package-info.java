/**
 * {@link io.github.fleetprov.testkit.server.LocalIotCoreServer}: LocalIotCore as a stand-alone server
 * ({@code bin/local-iot-core}) for the AWS CLI, the AWS SDKs of every language, MQTT clients and the
 * AWS IoT Device SDKs.
 */
@NullMarked
package io.github.fleetprov.testkit.server;

import org.jspecify.annotations.NullMarked;
