package io.github.fleetprov.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fleetprov.testkit.event.EventType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;

/**
 * LocalIotCore's MQTT over WebSockets listener answers upgrades it cannot accept over real TLS (its
 * server certificate from the emulator's CA) with the HTTP status AWS IoT uses, before upgrading.
 * Signed upgrades are covered end to end with the Device SDK in the device client's tests.
 */
class WebSocketListenerTest {

    private final LocalIotCore iot = LocalIotCore.shared();

    /** Sends one HTTP request over TLS and returns the response head and body. */
    private String exchange(String request) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", iot.certificateAuthority().certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("localhost", iot.webSocketPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return readAll(socket.getInputStream());
        }
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            out.write(buffer, 0, n);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private String upgrade(String path, String protocol) {
        return "GET " + path + " HTTP/1.1\r\nHost: localhost:" + iot.webSocketPort() + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + (protocol == null ? "" : "Sec-WebSocket-Protocol: " + protocol + "\r\n") + "\r\n";
    }

    @Test
    void unsignedUpgrade_isRefusedWith403AndRecorded() throws Exception {
        long mark = iot.events().lastSequence();

        String response = exchange(upgrade("/mqtt", "mqtt"));

        assertThat(response).startsWith("HTTP/1.1 403").contains("X-Amz-Signature").doesNotContain("101");
        assertThat(iot.events().since(mark)).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo(EventType.CONNECT);
            assertThat(e.outcome()).isEqualTo("REFUSED");
            assertThat(e.details()).containsEntry("transport", "wss");
        });
    }

    @Test
    void upgradeWithAForgedSignature_isRefusedWith403() throws Exception {
        String query = "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=ASIAFORGED0000000000%2F20250101%2F"
                + iot.region() + "%2Fiotdevicegateway%2Faws4_request&X-Amz-Date=20250101T000000Z"
                + "&X-Amz-SignedHeaders=host&X-Amz-Signature=" + "ab".repeat(32);

        assertThat(exchange(upgrade("/mqtt" + query, "mqtt"))).startsWith("HTTP/1.1 403");
    }

    @Test
    void upgradeOnAnotherPath_isNotFound() throws Exception {
        assertThat(exchange(upgrade("/ws", "mqtt"))).startsWith("HTTP/1.1 404").contains("/mqtt");
    }

    @Test
    void upgradeWithoutTheMqttSubprotocol_isABadRequest() throws Exception {
        assertThat(exchange(upgrade("/mqtt", null))).startsWith("HTTP/1.1 400").contains("Sec-WebSocket-Protocol: mqtt");
    }

    @Test
    void plainGet_isABadRequest() throws Exception {
        assertThat(exchange("GET /mqtt HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 400");
    }
}
