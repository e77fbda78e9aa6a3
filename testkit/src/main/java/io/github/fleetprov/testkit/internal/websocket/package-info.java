/**
 * AWS IoT Core's MQTT over WebSockets with SigV4 for {@code LocalIotCore}: a wss listener that checks
 * the query-string signature of each upgrade against the credentials the emulator issued, then relays
 * the MQTT bytes to the embedded broker under the caller's IAM identity.
 */
@org.jspecify.annotations.NullMarked
package io.github.fleetprov.testkit.internal.websocket;
