/**
 * The ALPN-gated MQTT listener: AWS IoT's port 443 for X.509 clients, in front of the broker's mutual-TLS
 * listener. Not API.
 */
@NullMarked
package io.github.fleetprov.testkit.internal.alpn;

import org.jspecify.annotations.NullMarked;
