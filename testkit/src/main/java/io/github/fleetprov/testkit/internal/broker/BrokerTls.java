package io.github.fleetprov.testkit.internal.broker;

import io.github.fleetprov.core.pki.CertificateAuthority;
import io.github.fleetprov.core.pki.IssuedCertificate;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * The broker's TLS material: a server certificate for {@code localhost} and {@code 127.0.0.1} issued
 * by the local CA, in a key store, and a trust store holding the local CA, plus the same certificate
 * under {@link RegistryTrust}'s marker alias so that the broker's trust manager also accepts client
 * certificates registered without a CA.
 */
final class BrokerTls {

    private final Path keyStore;
    private final Path trustStore;
    private final String password;

    private BrokerTls(Path keyStore, Path trustStore, String password) {
        this.keyStore = keyStore;
        this.trustStore = trustStore;
        this.password = password;
    }

    static BrokerTls write(CertificateAuthority ca, String trustMarkerAlias, Path dir, List<String> serverNames)
            throws IOException {
        byte[] secret = new byte[18];
        new SecureRandom().nextBytes(secret);
        String password = HexFormat.of().formatHex(secret);
        IssuedCertificate server = ca.issueServerWithKey(serverNames, Duration.ofDays(825));
        try {
            KeyStore keys = KeyStore.getInstance("JKS");
            keys.load(null, null);
            keys.setKeyEntry("server", server.keyPair().getPrivate(), password.toCharArray(),
                    new Certificate[] {server.certificate(), ca.certificate()});
            KeyStore trust = KeyStore.getInstance("JKS");
            trust.load(null, null);
            trust.setCertificateEntry("local-ca", ca.certificate());
            trust.setCertificateEntry(trustMarkerAlias, ca.certificate());
            Path keyPath = dir.resolve("server-keystore.jks");
            Path trustPath = dir.resolve("client-truststore.jks");
            try (OutputStream out = Files.newOutputStream(keyPath)) {
                keys.store(out, password.toCharArray());
            }
            try (OutputStream out = Files.newOutputStream(trustPath)) {
                trust.store(out, password.toCharArray());
            }
            return new BrokerTls(keyPath, trustPath, password);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot write the broker's key and trust stores", e);
        }
    }

    String configXml(String bindAddress, int port, int relayPort) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<hivemq>\n"
                + "  <listeners>\n"
                + "    <tls-tcp-listener>\n"
                + "      <port>" + port + "</port>\n"
                + "      <bind-address>" + bindAddress + "</bind-address>\n"
                + "      <name>local-iot-mtls</name>\n"
                + "      <tls>\n"
                + "        <protocols><protocol>TLSv1.3</protocol><protocol>TLSv1.2</protocol></protocols>\n"
                + "        <keystore>\n"
                + "          <path>" + keyStore.toAbsolutePath() + "</path>\n"
                + "          <password>" + password + "</password>\n"
                + "          <private-key-password>" + password + "</private-key-password>\n"
                + "        </keystore>\n"
                + "        <truststore>\n"
                + "          <path>" + trustStore.toAbsolutePath() + "</path>\n"
                + "          <password>" + password + "</password>\n"
                + "        </truststore>\n"
                + "        <client-authentication-mode>REQUIRED</client-authentication-mode>\n"
                + "      </tls>\n"
                + "    </tls-tcp-listener>\n"
                // Plain MQTT on loopback for the WebSocket listener's relay only (see RelayedIdentities).
                + "    <tcp-listener>\n"
                + "      <port>" + relayPort + "</port>\n"
                + "      <bind-address>127.0.0.1</bind-address>\n"
                + "      <name>" + IotBrokerExtension.RELAY_LISTENER + "</name>\n"
                + "    </tcp-listener>\n"
                + "  </listeners>\n"
                // AWS IoT Core supports QoS 0 and 1 only: CONNACK says maximum QoS 1, a QoS 2 PUBLISH
                // disconnects the client and a QoS 2 subscription (MQTT 5) is granted QoS 1.
                + "  <mqtt><quality-of-service><max-qos>1</max-qos></quality-of-service></mqtt>\n"
                + "  <persistence><mode>in-memory</mode></persistence>\n"
                + "  <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>\n"
                + "</hivemq>\n";
    }
}
