package io.github.fleetprov.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.github.fleetprov.core.pki.Certificates;
import io.github.fleetprov.core.pki.KeyPairs;
import io.github.fleetprov.core.pki.Pem;
import io.github.fleetprov.core.pki.SelfSignedCertificates;
import io.github.fleetprov.testkit.event.Event;
import io.github.fleetprov.testkit.event.EventType;
import io.github.fleetprov.testkit.registry.Certificate;
import io.github.fleetprov.testkit.registry.CertificateStatus;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.crt.mqtt5.packets.PubAckPacket;
import software.amazon.awssdk.crt.mqtt5.packets.SubAckPacket;

/**
 * A device certificate registered without a CA (RegisterCertificateWithoutCA, the thin-edge.io flow:
 * self-signed, common name = device id) connects over mutual TLS with the AWS IoT Device SDK v2 MQTT 5
 * client, while unknown and inactive certificates are still refused, and the JVM's default trust is not
 * widened by it.
 */
@ExtendWith(LocalIotCoreExtension.class)
class SelfSignedCertificateConnectTest {

    private record Device(String id, X509Certificate certificate, String certificatePem, String privateKeyPem) {
        @Override
        public String toString() {
            return "Device[" + id + "]";
        }
    }

    private static Device selfSigned() {
        String id = "tedge-" + UUID.randomUUID().toString().substring(0, 8);
        KeyPair keys = KeyPairs.generate();
        X509Certificate certificate = SelfSignedCertificates.create(keys, id, Duration.ofDays(365));
        return new Device(id, certificate, Pem.certificateToPem(certificate), Pem.privateKeyToPem(keys.getPrivate()));
    }

    private static Certificate registerWithPolicy(LocalIotCore iot, Device device, CertificateStatus status) {
        Certificate registered = iot.registry().registerCertificate(device.certificatePem(), status);
        String policy = "SelfSigned-" + device.id();
        iot.registry().createPolicy(policy, "{\"Version\":\"2012-10-17\",\"Statement\":["
                + "{\"Effect\":\"Allow\",\"Action\":\"iot:Connect\",\"Resource\":\"arn:aws:iot:*:*:client/"
                + device.id() + "\"},"
                + "{\"Effect\":\"Allow\",\"Action\":[\"iot:Publish\",\"iot:Receive\"],"
                + "\"Resource\":\"arn:aws:iot:*:*:topic/te/device/" + device.id() + "/*\"},"
                + "{\"Effect\":\"Allow\",\"Action\":\"iot:Subscribe\","
                + "\"Resource\":\"arn:aws:iot:*:*:topicfilter/te/device/" + device.id() + "/*\"}]}");
        iot.registry().attachPolicy(policy, registered.certificateArn());
        return registered;
    }

    @Test
    void connect_withRegisteredActiveSelfSignedCertificate_connectsAndPublishes(LocalIotCore iot) throws Exception {
        Device device = selfSigned();
        Certificate registered = registerWithPolicy(iot, device, CertificateStatus.ACTIVE);
        assertThat(registered.certificateId()).isEqualTo(Certificates.awsCertificateId(device.certificate()));
        long mark = iot.events().lastSequence();
        String topic = "te/device/" + device.id() + "/m";

        try (Mqtt5TestClient client = Mqtt5TestClient.connect(iot, device.id(), device.certificatePem(),
                device.privateKeyPem())) {
            SubAckPacket suback = client.subscribe(topic);
            assertThat(suback.getReasonCodes()).containsExactly(SubAckPacket.SubAckReasonCode.GRANTED_QOS_1);
            PubAckPacket puback = client.publish(topic, "{\"temp\":21}").get(20, TimeUnit.SECONDS)
                    .getResultPubAck();
            assertThat(puback.getReasonCode()).isEqualTo(PubAckPacket.PubAckReasonCode.SUCCESS);
            assertThat(client.awaitMessage(topic, Duration.ofSeconds(20)))
                    .hasValueSatisfying(m -> assertThat(m.payload()).isEqualTo("{\"temp\":21}"));
        }
        assertThat(iot.events().since(mark)).filteredOn(e -> e.type() == EventType.CONNECT)
                .filteredOn(e -> e.clientId().filter(device.id()::equals).isPresent())
                .first().satisfies(e -> {
                    assertThat(e.outcome()).isEqualTo("ACCEPTED");
                    assertThat(e.details()).containsEntry("certificateId", registered.certificateId());
                });
    }

    @Test
    void connect_withJavaKeyManagerThatPicksByIssuer_sendsTheSelfSignedCertificateAndGetsConnack(LocalIotCore iot)
            throws Exception {
        Device device = selfSigned();
        registerWithPolicy(iot, device, CertificateStatus.ACTIVE);

        try (SSLSocket socket = javaClientSocket(iot, device)) {
            socket.startHandshake();
            byte[] connack = mqtt311Connect(socket, device.id());
            // CONNACK, remaining length 2, no session present, return code 0 (accepted)
            assertThat(connack).containsExactly(0x20, 0x02, 0x00, 0x00);
        }
    }

    @Test
    void connect_withJavaClientAndUnregisteredSelfSignedCertificate_isRefusedByTheServer(LocalIotCore iot)
            throws Exception {
        Device device = selfSigned();

        try (SSLSocket socket = javaClientSocket(iot, device)) {
            // the server rejects the certificate with a fatal alert and closes; depending on how far the
            // client got in writing its flight it sees the alert or a broken pipe (a read timeout, which
            // would mean the handshake was accepted, is neither)
            assertThatThrownBy(() -> {
                socket.startHandshake();
                socket.getInputStream().read();
            }).isInstanceOfAny(SSLHandshakeException.class, SocketException.class);
        }
    }

    /** A JSSE client whose PKIX key manager sends a certificate only if its issuer is one the server names. */
    private static SSLSocket javaClientSocket(LocalIotCore iot, Device device) throws Exception {
        char[] password = "changeit".toCharArray();
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        keyStore.load(null, null);
        keyStore.setKeyEntry("device", Pem.readPrivateKey(device.privateKeyPem()), password,
                new X509Certificate[] {device.certificate()});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
        kmf.init(keyStore, password);
        KeyStore trustStore = KeyStore.getInstance("PKCS12");
        trustStore.load(null, null);
        trustStore.setCertificateEntry("local-ca", iot.certificateAuthority().certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(trustStore);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(iot.mqttHost(), iot.mqttPort());
        socket.setSoTimeout(20_000);
        return socket;
    }

    /** Sends an MQTT 3.1.1 CONNECT (clean session, keep-alive 60 s) and reads the 4-byte CONNACK. */
    private static byte[] mqtt311Connect(SSLSocket socket, String clientId) throws IOException {
        byte[] id = clientId.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream variable = new ByteArrayOutputStream();
        variable.write(new byte[] {0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04, 0x02, 0x00, 0x3C});
        variable.write(id.length >> 8);
        variable.write(id.length & 0xFF);
        variable.write(id);
        OutputStream out = socket.getOutputStream();
        out.write(0x10);
        out.write(variable.size());
        variable.writeTo(out);
        out.flush();
        byte[] connack = new DataInputStream(socket.getInputStream()).readNBytes(4);
        if (connack.length < 4) {
            throw new EOFException("the broker closed the connection before CONNACK");
        }
        return connack;
    }

    @Test
    void connect_withUnregisteredSelfSignedCertificate_failsTheTlsHandshake(LocalIotCore iot) {
        Device device = selfSigned();
        long mark = iot.events().lastSequence();

        try (Mqtt5TestClient client = Mqtt5TestClient.start(iot, device.id(), device.certificatePem(),
                device.privateKeyPem())) {
            assertThat(client.failed()).succeedsWithin(Duration.ofSeconds(30));
            assertThat(client.connected()).isNotDone();
        }
        // refused by the TLS layer: the authenticator never saw a CONNECT for this client
        assertThat(iot.events().since(mark))
                .noneMatch(e -> e.type() == EventType.CONNECT && e.clientId().filter(device.id()::equals).isPresent());
    }

    @Test
    void connect_withRegisteredInactiveSelfSignedCertificate_isRefusedAndExplained(LocalIotCore iot) {
        Device device = selfSigned();
        Certificate registered = registerWithPolicy(iot, device, CertificateStatus.INACTIVE);
        long mark = iot.events().lastSequence();

        try (Mqtt5TestClient client = Mqtt5TestClient.start(iot, device.id(), device.certificatePem(),
                device.privateKeyPem())) {
            assertThat(client.failed()).succeedsWithin(Duration.ofSeconds(30));
            assertThat(client.connected()).isNotDone();
        }
        assertThat(iot.events().since(mark)).filteredOn(e -> e.type() == EventType.CONNECT)
                .filteredOn(e -> e.clientId().filter(device.id()::equals).isPresent())
                .first().satisfies(e -> {
                    assertThat(e.outcome()).isEqualTo("REFUSED");
                    assertThat(e.message()).contains("INACTIVE");
                    assertThat(e.details()).containsEntry("certificateId", registered.certificateId());
                });
    }

    @Test
    void defaultJvmTrust_whileBrokerRuns_stillRejectsASelfSignedServerEvenWhenRegistered(LocalIotCore iot)
            throws Exception {
        KeyPair keys = KeyPairs.generate();
        X509Certificate selfSigned = SelfSignedCertificates.create(keys, "localhost", Duration.ofDays(1));
        // registered in the emulator too: registry trust must stay confined to the broker's listener
        iot.registry().registerCertificate(Pem.certificateToPem(selfSigned), CertificateStatus.ACTIVE);
        char[] password = "changeit".toCharArray();
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        keyStore.load(null, null);
        keyStore.setKeyEntry("server", keys.getPrivate(), password, new X509Certificate[] {selfSigned});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("SunX509");
        kmf.init(keyStore, password);
        SSLContext serverContext = SSLContext.getInstance("TLS");
        serverContext.init(kmf.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverContext));
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        try {
            URL url = new URL("https://localhost:" + server.getAddress().getPort() + "/");

            HttpsURLConnection byDefault = (HttpsURLConnection) url.openConnection();
            assertThatThrownBy(byDefault::getResponseCode).isInstanceOf(SSLHandshakeException.class)
                    .hasMessageContaining("PKIX path building failed");

            SSLContext fresh = SSLContext.getInstance("TLS");
            fresh.init(null, null, null);
            HttpsURLConnection withFreshContext = (HttpsURLConnection) url.openConnection();
            withFreshContext.setSSLSocketFactory(fresh.getSocketFactory());
            assertThatThrownBy(withFreshContext::getResponseCode).isInstanceOf(SSLHandshakeException.class)
                    .hasMessageContaining("PKIX path building failed");
        } finally {
            server.stop(0);
        }
    }
}
