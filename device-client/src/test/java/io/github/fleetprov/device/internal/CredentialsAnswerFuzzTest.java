package io.github.fleetprov.device.internal;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.github.fleetprov.core.FleetProvisioningException;
import io.github.fleetprov.core.pki.CertificateAuthority;
import io.github.fleetprov.core.pki.IssuedCertificate;
import io.github.fleetprov.core.pki.KeyAlgorithm;
import io.github.fleetprov.core.pki.Subject;
import io.github.fleetprov.core.testing.FuzzGuard;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * Fuzzes the device's reader of AWS IoT credentials-provider answers, through
 * {@link CredentialsFetcher#fetch()} against a local HTTPS server that answers with the fuzzed status
 * and body.
 *
 * <p>The first byte picks the HTTP status (mostly 200, also 400, 403, 404, 429, 500 and 503); the rest
 * is the body. Property: a fetch returns session credentials or throws a
 * {@link FleetProvisioningException} ({@code IotCredentialsException} and its subtypes), within
 * {@link FuzzGuard}'s bound. Regression inputs: {@code src/test/resources/io/github/fleetprov/device/internal/CredentialsAnswerFuzzTestInputs/credentialsAnswer/}.
 */
class CredentialsAnswerFuzzTest {

    private static final int[] STATUSES = {200, 200, 200, 200, 400, 403, 404, 429, 500, 503};
    private static HttpsServer server;
    private static CredentialsFetcher fetcher;
    private static volatile int status;
    private static volatile byte[] body = new byte[0];

    @BeforeAll
    static void start() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("Credentials fuzz CA");
        IssuedCertificate serverCert = ca.issueServerWithKey(List.of("localhost", "127.0.0.1"), Duration.ofDays(1));
        IssuedCertificate device = ca.issueWithKey(Subject.ofCommonName("device-1"), KeyAlgorithm.EC_P256,
                Duration.ofDays(1));
        SSLContext context = CredentialsFetcher.sslContext(serverCert.certificate(), serverCert.keyPair().getPrivate(),
                List.of(ca.certificate()));
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        server.createContext("/role-aliases/", exchange -> {
            byte[] answer = body;
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
        fetcher = new CredentialsFetcher("localhost:" + server.getAddress().getPort(), "DeviceRoleAlias", "thing-1",
                device.certificate(), device.keyPair().getPrivate(), ca.certificatePem(), null, null,
                Duration.ofSeconds(30));
        status = 200;
        body = ("{\"credentials\":{\"accessKeyId\":\"ASIAWARMUP\",\"secretAccessKey\":\"s\",\"sessionToken\":\"t\","
                + "\"expiration\":\"2026-11-22T01:00:00Z\"}}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        fetcher.fetch();
    }

    @AfterAll
    static void stop() {
        FuzzGuard.report(CredentialsAnswerFuzzTest.class);
        server.stop(0);
    }

    @FuzzTest(maxDuration = "10s")
    void credentialsAnswer(byte[] data) {
        FuzzGuard.input();
        status = STATUSES[(data.length == 0 ? 0 : data[0] & 0xff) % STATUSES.length];
        body = data.length == 0 ? data : Arrays.copyOfRange(data, 1, data.length);
        AwsSessionCredentials credentials = FuzzGuard.check(FleetProvisioningException.class, fetcher::fetch);
        if (credentials != null && (credentials.accessKeyId().isEmpty() || credentials.expirationTime().isEmpty())) {
            throw new AssertionError("credentials without an access key id or an expiration were accepted");
        }
    }
}
