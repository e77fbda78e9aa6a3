package io.github.fleetprov.core.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fleetprov.core.InvalidInputException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CertificateAuthorityTest {

    private static final CertificateAuthority CA = CertificateAuthority.create("fleetprov test CA");

    @Test
    void issue_fromCsr_givesClientCertificateThatChainsToCa() throws Exception {
        KeyPair device = KeyPairs.generate();
        Subject subject = Subject.builder().commonName("dev-9").organization("Acme").build();
        X509Certificate cert = CA.issue(CertificateSigningRequest.create(device, subject), Duration.ofDays(30));

        assertThat(Subject.of(cert.getSubjectX500Principal())).isEqualTo(subject);
        assertThat(cert.getPublicKey()).isEqualTo(device.getPublic());
        assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
        assertThat(cert.getBasicConstraints()).isEqualTo(-1);
        assertThat(Certificates.matches(cert, device.getPrivate())).isTrue();
        validate(cert);
    }

    @Test
    void create_givesTenYearEcCaCertificate() {
        CertificateInfo info = CertificateInfo.of(CA.certificate());

        assertThat(CA.certificate().getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(info.keyType()).contains(KeyAlgorithm.EC_P256);
        assertThat(Duration.between(info.notBefore(), info.notAfter())).isGreaterThanOrEqualTo(Duration.ofDays(3650));
        assertThat(CA.certificatePem()).startsWith("-----BEGIN CERTIFICATE-----");
    }

    @Test
    void of_reloadsCaFromPem_andRejectsWrongKeyOrNonCa() {
        CertificateAuthority reloaded = CertificateAuthority.of(
                Pem.readCertificate(CA.certificatePem()), Pem.readPrivateKey(Pem.privateKeyToPem(CA.privateKey())));
        X509Certificate cert = reloaded.issueWithKey(Subject.ofCommonName("x"), KeyAlgorithm.EC_P384,
                Duration.ofDays(1)).certificate();
        validate(cert);

        assertThatThrownBy(() -> CertificateAuthority.of(CA.certificate(), KeyPairs.generate().getPrivate()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("privateKey: the private key does not belong");
        IssuedCertificate leaf = CA.issueWithKey(Subject.ofCommonName("leaf"), KeyAlgorithm.EC_P256, Duration.ofDays(1));
        assertThatThrownBy(() -> CertificateAuthority.of(leaf.certificate(), leaf.keyPair().getPrivate()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("certificate: the certificate is not a CA certificate");
    }

    @Test
    void issueServerCertificate_whenNoNamesOrBadName_throws() {
        KeyPair pair = KeyPairs.generate();
        assertThatThrownBy(() -> CA.issueServerCertificate(pair.getPublic(), List.of(), Duration.ofDays(1)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("hostnamesAndIps: no host name or IP address given");
        assertThatThrownBy(() -> CA.issueServerCertificate(pair.getPublic(), List.of("local host"), Duration.ofDays(1)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("hostnamesAndIps[0]");
        assertThatThrownBy(() -> CA.issueServerCertificate(pair.getPublic(), List.of("localhost"), Duration.ZERO))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("validity: the validity PT0S is not positive");
    }

    /** A JSSE server with a CA-issued server certificate is accepted by a JSSE client with HTTPS hostname checks. */
    @ParameterizedTest
    @ValueSource(strings = {"localhost", "127.0.0.1"})
    void issueServerCertificate_isAcceptedByJavaTlsWithHostnameVerification(String host) throws Exception {
        IssuedCertificate server = CA.issueServerWithKey(List.of("localhost", "127.0.0.1"), Duration.ofDays(1));
        IssuedCertificate client = CA.issueWithKey(Subject.ofCommonName("client"), KeyAlgorithm.EC_P256, Duration.ofDays(1));

        SSLContext serverContext = context(server);
        SSLContext clientContext = context(client);
        try (SSLServerSocket listener = (SSLServerSocket) serverContext.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listener.setNeedClientAuth(true);
            CompletableFuture<Integer> served = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket s = (SSLSocket) listener.accept()) {
                    InputStream in = s.getInputStream();
                    int b = in.read();
                    s.getOutputStream().write(b + 1);
                    s.getOutputStream().flush();
                    return b;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (SSLSocket socket = (SSLSocket) clientContext.getSocketFactory().createSocket(host, listener.getLocalPort())) {
                SSLParameters params = socket.getSSLParameters();
                params.setEndpointIdentificationAlgorithm("HTTPS");
                socket.setSSLParameters(params);
                OutputStream out = socket.getOutputStream();
                out.write(41);
                out.flush();
                assertThat(socket.getInputStream().read()).isEqualTo(42);
                assertThat(socket.getSession().getPeerCertificates()[0]).isEqualTo(server.certificate());
            }
            assertThat(served).succeedsWithin(Duration.ofSeconds(30)).isEqualTo(41);
        }
    }

    private static SSLContext context(IssuedCertificate identity) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("id", identity.keyPair().getPrivate(), new char[0],
                new X509Certificate[] {identity.certificate(), CA.certificate()});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, new char[0]);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", CA.certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLSv1.3");
        context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return context;
    }

    private static void validate(X509Certificate cert) {
        try {
            PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(CA.certificate(), null)));
            params.setRevocationEnabled(false);
            CertPathValidator.getInstance("PKIX").validate(
                    CertificateFactory.getInstance("X.509").generateCertPath(List.of(cert)), params);
        } catch (Exception e) {
            throw new AssertionError("certificate does not chain to the CA: " + e, e);
        }
    }
}
