package io.github.fleetprov.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fleetprov.core.pki.IssuedCertificate;
import io.github.fleetprov.testkit.event.EventType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.crt.mqtt5.PublishResult;
import software.amazon.awssdk.crt.mqtt5.packets.PubAckPacket;

/**
 * The MQTT listener that, like AWS IoT's port 443 for X.509 clients, requires the ALPN protocol
 * {@code x-amzn-mqtt-ca}: the Device SDK connects through it with its certificate's policy enforced, and
 * TLS clients that offer no ALPN, another protocol, or no TLS at all are refused.
 */
@ExtendWith(LocalIotCoreExtension.class)
class AlpnListenerTest {

    private static IssuedCertificate device(LocalIotCore iot, String thing) {
        String policy = "Alpn-" + thing;
        iot.registry().createPolicy(policy, "{\"Version\":\"2012-10-17\",\"Statement\":["
                + "{\"Effect\":\"Allow\",\"Action\":\"iot:Connect\",\"Resource\":\"arn:aws:iot:*:*:client/" + thing + "\"},"
                + "{\"Effect\":\"Allow\",\"Action\":\"iot:Publish\",\"Resource\":\"arn:aws:iot:*:*:topic/alpn/" + thing
                + "/*\"}]}");
        return iot.createDeviceCertificate(thing, policy);
    }

    private static SSLSocket tlsSocket(LocalIotCore iot, IssuedCertificate cert, String... alpn) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("device", cert.keyPair().getPrivate(), new char[0], new Certificate[] {cert.certificate()});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, new char[0]);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", iot.certificateAuthority().certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(),
                iot.mqttAlpnPort());
        socket.setSoTimeout(20_000);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setApplicationProtocols(alpn);
        socket.setSSLParameters(parameters);
        return socket;
    }

    @Test
    void deviceSdk_connectsThroughAlpnListener_andItsPolicyIsEnforced(LocalIotCore iot) {
        String thing = "alpn-" + UUID.randomUUID().toString().substring(0, 8);
        IssuedCertificate cert = device(iot, thing);
        try (Mqtt5TestClient client = Mqtt5TestClient.connect(iot, thing, cert.certificatePem(), cert.privateKeyPem(),
                builder -> builder.withPort((long) iot.mqttAlpnPort()))) {
            PublishResult allowed = client.publish("alpn/" + thing + "/telemetry", "{}").orTimeout(20, TimeUnit.SECONDS)
                    .join();
            PublishResult denied = client.publish("alpn/someone-else/telemetry", "{}").orTimeout(20, TimeUnit.SECONDS)
                    .join();
            assertThat(allowed.getResultPubAck().getReasonCode().getValue()).as("success codes are below 0x80")
                    .isLessThan(0x80);
            assertThat(denied.getResultPubAck().getReasonCode())
                    .isEqualTo(PubAckPacket.PubAckReasonCode.NOT_AUTHORIZED);
        }
    }

    @Test
    void tlsClientWithMqttAlpn_completesHandshakeWithBrokerCertificate(LocalIotCore iot) throws Exception {
        IssuedCertificate cert = device(iot, "alpn-jdk-" + UUID.randomUUID().toString().substring(0, 8));
        try (SSLSocket socket = tlsSocket(iot, cert, "x-amzn-mqtt-ca")) {
            socket.startHandshake();
            assertThat(socket.getSession().getPeerCertificates()[0])
                    .isNotEqualTo(iot.certificateAuthority().certificate());
            assertThat(socket.getSession().getProtocol()).startsWith("TLSv1.");
        }
    }

    @Test
    void tlsClientWithoutAlpn_isRefusedWithNoApplicationProtocol(LocalIotCore iot) throws Exception {
        IssuedCertificate cert = device(iot, "alpn-none-" + UUID.randomUUID().toString().substring(0, 8));
        long before = iot.events().lastSequence();
        try (SSLSocket socket = tlsSocket(iot, cert)) {
            assertThatThrownBy(socket::startHandshake).isInstanceOf(SSLHandshakeException.class)
                    .hasMessageContaining("no_application_protocol");
        }
        assertThat(iot.events().await(e -> e.sequence() > before && e.type() == EventType.CONNECT
                && "REFUSED".equals(e.outcome()) && e.message().contains("offers no ALPN protocol"),
                Duration.ofSeconds(10))).isPresent();
    }

    @Test
    void tlsClientOfferingOnlyHttpAlpn_isRefused(LocalIotCore iot) throws Exception {
        IssuedCertificate cert = device(iot, "alpn-http-" + UUID.randomUUID().toString().substring(0, 8));
        try (SSLSocket socket = tlsSocket(iot, cert, "http/1.1", "x-amzn-http-ca")) {
            assertThatThrownBy(socket::startHandshake).isInstanceOf(SSLHandshakeException.class)
                    .hasMessageContaining("no_application_protocol");
        }
    }

    @Test
    void plainTextClient_getsAnAlertAndTheConnectionCloses(LocalIotCore iot) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), iot.mqttAlpnPort())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] answer = in.readAllBytes();
            assertThat(answer).containsExactly(0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x32);
        }
    }

    @Test
    void builder_refusesAlpnPortOutOfRange() {
        assertThatThrownBy(() -> LocalIotCore.builder().mqttAlpnPort(70000))
                .isInstanceOf(io.github.fleetprov.core.InvalidInputException.class)
                .hasMessageContaining("mqttAlpnPort");
    }
}
