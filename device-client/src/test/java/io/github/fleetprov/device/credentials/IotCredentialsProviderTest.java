package io.github.fleetprov.device.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.core.pki.CertificateAuthority;
import io.github.fleetprov.core.pki.IssuedCertificate;
import io.github.fleetprov.core.pki.KeyAlgorithm;
import io.github.fleetprov.core.pki.Subject;
import io.github.fleetprov.core.store.DeviceIdentity;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * The provider against an mTLS HTTPS server (the JDK's) that answers like the AWS IoT credentials
 * provider: the thing-name header must match, the alias must exist, the client certificate must be
 * the device's.
 */
class IotCredentialsProviderTest {

    private static final CertificateAuthority CA = CertificateAuthority.create("Credentials test CA");
    private static final IssuedCertificate DEVICE = CA.issueWithKey(Subject.ofCommonName("device-1"),
            KeyAlgorithm.EC_P256, Duration.ofDays(1));

    private HttpsServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private final List<String> peerSubjects = Collections.synchronizedList(new ArrayList<>());
    private volatile Instant expiration = Instant.parse("2026-11-22T01:00:00Z");
    private volatile int forcedStatus;
    private MutableClock clock;

    @BeforeEach
    void startServer() throws Exception {
        clock = new MutableClock(Instant.parse("2026-11-22T00:00:00Z"));
        IssuedCertificate serverCert = CA.issueServerWithKey(List.of("localhost", "127.0.0.1"), Duration.ofDays(1));
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("server", serverCert.keyPair().getPrivate(), new char[0],
                new X509Certificate[] {serverCert.certificate()});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, new char[0]);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", CA.certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);

        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters params) {
                javax.net.ssl.SSLParameters parameters = getSSLContext().getDefaultSSLParameters();
                parameters.setNeedClientAuth(true);
                params.setSSLParameters(parameters);
            }
        });
        server.createContext("/role-aliases/", exchange -> {
            requests.incrementAndGet();
            SSLSession session = ((com.sun.net.httpserver.HttpsExchange) exchange).getSSLSession();
            peerSubjects.add(((X509Certificate) session.getPeerCertificates()[0]).getSubjectX500Principal().getName());
            String path = exchange.getRequestURI().getPath();
            String thing = exchange.getRequestHeaders().getFirst("x-amzn-iot-thingname");
            int status;
            String body;
            if (forcedStatus != 0) {
                status = forcedStatus;
                body = "{\"message\":\"Injected\"}";
            } else if (!path.equals("/role-aliases/DeviceRoleAlias/credentials")) {
                status = 404;
                body = "{\"message\":\"Role alias does not exist\"}";
            } else if (!"thing-1".equals(thing)) {
                status = 403;
                body = "{\"message\":\"Access Denied\"}";
            } else {
                status = 200;
                int n = requests.get();
                body = "{\"credentials\":{\"accessKeyId\":\"ASIAEXAMPLE" + n + "\",\"secretAccessKey\":\"secret-" + n
                        + "\",\"sessionToken\":\"token-" + n + "\",\"expiration\":\"" + expiration + "\"}}";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private IotCredentialsProvider.Builder provider() {
        return IotCredentialsProvider.builder()
                .endpoint("localhost:" + server.getAddress().getPort())
                .roleAlias("DeviceRoleAlias")
                .identity(DEVICE.certificate(), DEVICE.keyPair().getPrivate())
                .thingName("thing-1")
                .certificateAuthorityPem(CA.certificatePem())
                .clock(clock);
    }

    @Test
    void resolveCredentials_overMutualTls_returnsSessionCredentialsWithExpiration() {
        AwsCredentials credentials = provider().build().resolveCredentials();

        assertThat(credentials).isInstanceOf(AwsSessionCredentials.class);
        AwsSessionCredentials session = (AwsSessionCredentials) credentials;
        assertThat(session.accessKeyId()).isEqualTo("ASIAEXAMPLE1");
        assertThat(session.sessionToken()).isEqualTo("token-1");
        assertThat(session.expirationTime()).contains(expiration);
        assertThat(peerSubjects).containsExactly("CN=device-1");
    }

    @Test
    void resolveCredentials_whileFresh_usesTheCache() {
        IotCredentialsProvider provider = provider().build();

        provider.resolveCredentials();
        clock.advance(Duration.ofMinutes(50));
        AwsCredentials second = provider.resolveCredentials();

        assertThat(requests).hasValue(1);
        assertThat(second.accessKeyId()).isEqualTo("ASIAEXAMPLE1");
    }

    @Test
    void resolveCredentials_withinRefreshWindow_fetchesNewCredentials() {
        IotCredentialsProvider provider = provider().refreshBefore(Duration.ofMinutes(5)).build();
        provider.resolveCredentials();
        expiration = Instant.parse("2026-11-22T02:00:00Z");
        clock.advance(Duration.ofMinutes(56));

        AwsCredentials refreshed = provider.resolveCredentials();

        assertThat(requests).hasValue(2);
        assertThat(refreshed.accessKeyId()).isEqualTo("ASIAEXAMPLE2");
    }

    @Test
    void resolveCredentials_whenRefreshFailsBeforeExpiry_keepsTheCachedCredentials() {
        IotCredentialsProvider provider = provider().build();
        provider.resolveCredentials();
        forcedStatus = 503;
        clock.advance(Duration.ofMinutes(57));

        assertThat(provider.resolveCredentials().accessKeyId()).isEqualTo("ASIAEXAMPLE1");
    }

    @Test
    void resolveCredentials_whenExpiredAndServerFails_throwsRetryableError() {
        IotCredentialsProvider provider = provider().build();
        provider.resolveCredentials();
        forcedStatus = 503;
        clock.advance(Duration.ofMinutes(61));

        assertThatThrownBy(provider::resolveCredentials)
                .isInstanceOfSatisfying(IotCredentialsException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(503);
                    assertThat(e.isRetryable()).isTrue();
                });
    }

    @Test
    void resolveCredentials_fromManyThreads_makesOneRequest() throws Exception {
        IotCredentialsProvider provider = provider().build();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<AwsCredentials>> results = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                results.add(pool.submit(provider::resolveCredentials));
            }
            for (Future<AwsCredentials> result : results) {
                assertThat(result.get().accessKeyId()).isEqualTo("ASIAEXAMPLE1");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(requests).hasValue(1);
    }

    @Test
    void resolveCredentials_whenThingNameDoesNotMatch_throwsAccessDenied() {
        IotCredentialsProvider provider = provider().thingName("someone-else").build();

        assertThatThrownBy(provider::resolveCredentials)
                .isInstanceOf(CredentialsAccessDeniedException.class)
                .hasMessageContaining("403")
                .hasMessageContaining("iot:AssumeRoleWithCertificate")
                .hasMessageContaining("someone-else");
    }

    @Test
    void resolveCredentials_whenRoleAliasUnknown_throwsRoleAliasNotFound() {
        IotCredentialsProvider provider = provider().roleAlias("NoSuchAlias").build();

        assertThatThrownBy(provider::resolveCredentials)
                .isInstanceOf(RoleAliasNotFoundException.class)
                .hasMessageContaining("NoSuchAlias");
    }

    @Test
    void resolveCredentials_whenServerAnswers400_throwsInvalidRequest() {
        forcedStatus = 400;

        assertThatThrownBy(() -> provider().build().resolveCredentials())
                .isInstanceOfSatisfying(InvalidCredentialsRequestException.class,
                        e -> assertThat(e.isRetryable()).isFalse());
    }

    @Test
    void resolveCredentials_whenCaDoesNotMatchServer_throwsWithoutLeakingSecrets() {
        CertificateAuthority other = CertificateAuthority.create("Other CA");

        assertThatThrownBy(() -> provider().certificateAuthorityPem(other.certificatePem()).build()
                .resolveCredentials())
                .isInstanceOfSatisfying(IotCredentialsException.class, e -> assertThat(e.statusCode()).isZero())
                .hasMessageContaining("did not answer");
    }

    @Test
    void build_withoutRoleAlias_namesTheField() {
        assertThatThrownBy(() -> IotCredentialsProvider.builder().endpoint("example.com")
                .identity(DEVICE.certificate(), DEVICE.keyPair().getPrivate()).thingName("t").build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("roleAlias: is required");
    }

    @Test
    void build_withUrlAsEndpoint_namesTheFieldAndTheFix() {
        assertThatThrownBy(() -> provider().endpoint("https://example.com/").build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("endpoint: must be a host or host:port");
    }

    @Test
    void builder_fromProvisionedDevice_sendsItsThingName() {
        DeviceIdentity device = DeviceIdentity.builder().thingName("thing-1").certificate(DEVICE.certificate())
                .privateKey(DEVICE.keyPair().getPrivate()).endpoint("localhost").build();

        AwsCredentials credentials = provider().device(device).build().resolveCredentials();

        assertThat(credentials.accessKeyId()).startsWith("ASIAEXAMPLE");
    }

    @Test
    void toString_neverShowsSecrets() {
        IotCredentialsProvider provider = provider().build();
        AwsCredentials credentials = provider.resolveCredentials();

        assertThat(provider.toString()).doesNotContain("secret-").doesNotContain("token-");
        assertThat(credentials.toString()).doesNotContain("secret-1");
    }

    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
