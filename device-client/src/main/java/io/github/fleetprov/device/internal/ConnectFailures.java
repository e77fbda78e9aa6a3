package io.github.fleetprov.device.internal;

import io.github.fleetprov.device.ConnectionRefusedException;
import java.util.Locale;

/** Turns what aws-crt reports about a failed CONNECT into an error with a hint. */
public final class ConnectFailures {

    private ConnectFailures() {
    }

    /**
     * Classifies a failed connection attempt.
     *
     * @param errorName the aws-crt error name (for example {@code AWS_IO_TLS_ERROR_NEGOTIATION_FAILURE}), or {@code null}
     * @param connackReason the CONNACK reason code name, or {@code null} if none arrived
     * @param endpoint the endpoint host and port
     * @param clientId the client id
     * @return the exception to throw
     */
    public static ConnectionRefusedException classify(String errorName, String connackReason, String endpoint,
            String clientId) {
        String error = errorName == null ? "" : errorName.toUpperCase(Locale.ROOT);
        if (connackReason != null && !connackReason.isEmpty() && !"SUCCESS".equals(connackReason)) {
            boolean transientReason = connackReason.contains("SERVER_UNAVAILABLE") || connackReason.contains("SERVER_BUSY")
                    || connackReason.contains("QUOTA_EXCEEDED") || connackReason.contains("CONNECTION_RATE_EXCEEDED");
            String hint = transientReason ? "The broker is busy; retrying later may succeed."
                    : "The broker refused this certificate or client id: check that the certificate is registered,"
                    + " ACTIVE and not expired, and that its policy allows iot:Connect for client id '" + clientId + "'.";
            return new ConnectionRefusedException("CONNACK " + connackReason, hint, transientReason);
        }
        if (error.contains("TIMEOUT")) {
            return new ConnectionRefusedException(errorName, "The connection to " + endpoint + " timed out: the"
                    + " endpoint or the network is slow or overloaded; retrying may succeed.", true);
        }
        if (error.contains("WEBSOCKET_UPGRADE")) {
            return new ConnectionRefusedException(errorName, "The WebSocket upgrade to " + endpoint + " was refused:"
                    + " AWS IoT answers HTTP 403 to a SigV4 signature that does not match or has expired. Check the"
                    + " AWS credentials (access key, secret key, session token), the signing region (the endpoint's)"
                    + " and the device's clock.", false);
        }
        if (error.contains("TLS") || error.contains("X509") || error.contains("CERT")) {
            return new ConnectionRefusedException(errorName,
                    "The TLS handshake with " + endpoint + " failed: check that the CA certificate matches the"
                    + " endpoint's server certificate (Amazon Root CA 1 or 3 for AWS IoT Core) and that the client"
                    + " certificate is registered, ACTIVE and not expired."
                    + (endpoint.endsWith(":" + Alpn.HTTPS_PORT) ? " On port 443 AWS IoT also requires the ALPN protocol "
                    + Alpn.MQTT_PROTOCOL + " (mqttOverPort443()), and a proxy in the path must pass TLS through." : ""),
                    false);
        }
        if (error.contains("SOCKET_CONNECTION_REFUSED") || error.contains("SOCKET_TIMEOUT") || error.contains("DNS")
                || error.contains("NO_ADDRESS") || error.contains("NETWORK") || error.contains("HOST")) {
            return new ConnectionRefusedException(errorName, "Cannot reach " + endpoint
                    + ": check the endpoint, the port and the network (or proxy) path.", true);
        }
        if (error.contains("PROXY")) {
            return new ConnectionRefusedException(errorName, "The HTTP proxy refused the tunnel to " + endpoint
                    + ": check the proxy's address and credentials.", false);
        }
        return new ConnectionRefusedException(errorName == null ? "unknown error" : errorName,
                "The connection to " + endpoint + " was closed during CONNECT: the broker may have refused the client"
                + " certificate (expired, inactive or unknown), the CA may not match, or the network dropped it.",
                true);
    }
}
