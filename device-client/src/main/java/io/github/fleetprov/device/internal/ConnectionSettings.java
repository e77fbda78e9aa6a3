package io.github.fleetprov.device.internal;

import io.github.fleetprov.device.HttpProxy;

/**
 * Where and how to open MQTT connections.
 *
 * @param endpoint the host
 * @param port the port
 * @param certificateAuthorityPem the CA certificates to trust, PEM; {@code null} for the system's trust store
 * @param proxy the HTTP proxy, or {@code null}
 * @param webSocket SigV4 signing for MQTT over WebSockets, or {@code null} for MQTT over mutual TLS
 */
public record ConnectionSettings(String endpoint, int port, String certificateAuthorityPem, HttpProxy proxy,
        WebSocketSigning webSocket) {

    /**
     * Settings for MQTT over mutual TLS.
     *
     * @param endpoint the host
     * @param port the port
     * @param certificateAuthorityPem the CA certificates to trust, PEM; {@code null} for the system's trust store
     * @param proxy the HTTP proxy, or {@code null}
     */
    public ConnectionSettings(String endpoint, int port, String certificateAuthorityPem, HttpProxy proxy) {
        this(endpoint, port, certificateAuthorityPem, proxy, null);
    }
}
