package io.github.fleetprov.core.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fleetprov.core.testing.OpenSsl;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** fleetprov and OpenSSL read each other's keys, CSRs and certificates. */
class OpenSslInteropTest {

    @TempDir
    Path dir;

    @BeforeEach
    void requireOpenSsl() {
        OpenSsl.require();
    }

    private Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text, StandardCharsets.US_ASCII);
        return p;
    }

    private static String sha256sumOfDer(Path pem) {
        byte[] der = OpenSsl.ok("x509", "-in", pem.toString(), "-outform", "der").stdout();
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void certificateId_ofCertificateMadeByOpenssl_equalsSha256OfOpensslDer() throws Exception {
        Path key = dir.resolve("k.pem");
        Path cert = dir.resolve("c.pem");
        OpenSsl.ok("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", key.toString(), "-out", cert.toString(), "-subj", "/CN=openssl-device", "-days", "2");
        X509Certificate c = Pem.readCertificate(Files.readString(cert));

        assertThat(Certificates.awsCertificateId(c)).isEqualTo(sha256sumOfDer(cert)).hasSize(64);
        assertThat(CertificateInfo.of(c).certificateId()).isEqualTo(sha256sumOfDer(cert));
        assertThat(Certificates.matches(c, Pem.readPrivateKey(Files.readString(key)))).isTrue();
    }

    @Test
    void certificateId_ofCertificateMadeByCore_equalsSha256OfOpensslDer() throws Exception {
        X509Certificate c = SelfSignedCertificates.create(KeyPairs.generate(), "core-device", Duration.ofDays(1));
        Path cert = write("c.pem", Pem.certificateToPem(c));

        assertThat(Certificates.awsCertificateId(c)).isEqualTo(sha256sumOfDer(cert));
    }

    @Test
    void sha1Thumbprint_equalsOpensslFingerprintWithoutColons() throws Exception {
        X509Certificate c = SelfSignedCertificates.create(KeyPairs.generate(), "my-device", Duration.ofDays(1));
        Path cert = write("c.pem", Pem.certificateToPem(c));
        String out = OpenSsl.ok("x509", "-in", cert.toString(), "-noout", "-fingerprint", "-sha1").out().trim();

        String expected = out.substring(out.indexOf('=') + 1).replace(":", "");
        assertThat(CertificateInfo.of(c).sha1Thumbprint()).isEqualTo(expected).matches("[0-9A-F]{40}");
    }

    @ParameterizedTest
    @EnumSource(value = KeyAlgorithm.class, names = {"EC_P256", "EC_P384", "RSA_2048"})
    void privateKeyToPem_isReadByOpensslPkey(KeyAlgorithm algorithm) throws Exception {
        KeyPair pair = KeyPairs.generate(algorithm);
        Path key = write("k.pem", Pem.privateKeyToPem(pair.getPrivate()));

        String pub = OpenSsl.ok("pkey", "-in", key.toString(), "-pubout").out();
        assertThat(pub).isEqualTo(Pem.publicKeyToPem(pair.getPublic()));
        OpenSsl.ok("pkey", "-in", key.toString(), "-check", "-noout");
    }

    @ParameterizedTest
    @EnumSource(value = KeyAlgorithm.class, names = {"EC_P256", "RSA_2048"})
    void encryptedPrivateKeyToPem_isReadByOpensslWithPassword(KeyAlgorithm algorithm) throws Exception {
        KeyPair pair = KeyPairs.generate(algorithm);
        Path key = write("k.pem", Pem.privateKeyToPem(pair.getPrivate(), "s3cret pass".toCharArray()));

        String pub = OpenSsl.ok("pkey", "-in", key.toString(), "-passin", "pass:s3cret pass", "-pubout").out();
        assertThat(pub).isEqualTo(Pem.publicKeyToPem(pair.getPublic()));
        assertThat(OpenSsl.run(null, "pkey", "-in", key.toString(), "-passin", "pass:wrong", "-pubout").exitCode())
                .isNotZero();
    }

    @ParameterizedTest
    @EnumSource(value = KeyAlgorithm.class, names = {"EC_P256", "EC_P384", "RSA_2048"})
    void csr_isVerifiedByOpensslReq(KeyAlgorithm algorithm) throws Exception {
        KeyPair pair = KeyPairs.generate(algorithm);
        Subject subject = Subject.builder().commonName("device-42").organization("Example Corp").country("DE")
                .serialNumber("SN-0042").build();
        Path csr = write("r.pem", CertificateSigningRequest.create(pair, subject, java.util.List.of("device-42.example.com")).toPem());

        OpenSsl.Result r = OpenSsl.ok("req", "-in", csr.toString(), "-verify", "-noout", "-subject", "-nameopt", "RFC2253");
        assertThat(r.stderr() + r.out()).contains("verify OK");
        assertThat(r.out()).contains("CN=device-42").contains("O=Example Corp").contains("C=DE")
                .contains("serialNumber=SN-0042");
        assertThat(OpenSsl.ok("req", "-in", csr.toString(), "-noout", "-text").out())
                .contains("DNS:device-42.example.com");
    }

    @Test
    void csrMadeByOpenssl_isParsedAndVerified() throws Exception {
        Path key = dir.resolve("k.pem");
        Path csr = dir.resolve("r.pem");
        OpenSsl.ok("req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-out", csr.toString(),
                "-subj", "/C=US/O=Acme/CN=sensor-7");
        CertificateSigningRequest parsed = CertificateSigningRequest.parse(Files.readString(csr));

        assertThat(parsed.verifySignature()).isTrue();
        assertThat(parsed.subject().commonName()).contains("sensor-7");
        assertThat(parsed.subject().organization()).contains("Acme");
        assertThat(parsed.publicKey()).isEqualTo(Pem.readKeyPair(Files.readString(key)).getPublic());
    }

    @Test
    void readPrivateKey_readsOpensslPkcs8() throws Exception {
        Path key = dir.resolve("k.pem");
        OpenSsl.ok("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384", "-out", key.toString());
        String pem = Files.readString(key);
        assertThat(pem).contains("BEGIN PRIVATE KEY");

        KeyPair pair = Pem.readKeyPair(pem);
        assertThat(KeyAlgorithm.of(pair.getPrivate())).isEqualTo(KeyAlgorithm.EC_P384);
        assertThat(Pem.publicKeyToPem(pair.getPublic()))
                .isEqualTo(OpenSsl.ok("pkey", "-in", key.toString(), "-pubout").out());
    }

    @Test
    void readPrivateKey_readsOpensslTraditionalPkcs1Rsa() throws Exception {
        Path key = dir.resolve("k.pem");
        OpenSsl.ok("genrsa", "-traditional", "-out", key.toString(), "2048");
        String pem = Files.readString(key);
        assertThat(pem).contains("BEGIN RSA PRIVATE KEY");

        KeyPair pair = Pem.readKeyPair(pem);
        assertThat(KeyAlgorithm.of(pair.getPrivate())).isEqualTo(KeyAlgorithm.RSA_2048);
        assertThat(Pem.publicKeyToPem(pair.getPublic()))
                .isEqualTo(OpenSsl.ok("pkey", "-in", key.toString(), "-pubout").out());
    }

    @Test
    void readPrivateKey_readsOpensslSec1WithCurveParameters() throws Exception {
        Path key = dir.resolve("k.pem");
        OpenSsl.ok("ecparam", "-name", "prime256v1", "-genkey", "-out", key.toString());
        String pem = Files.readString(key);
        assertThat(pem).contains("BEGIN EC PARAMETERS").contains("BEGIN EC PRIVATE KEY");

        KeyPair pair = Pem.readKeyPair(pem);
        assertThat(KeyAlgorithm.of(pair.getPrivate())).isEqualTo(KeyAlgorithm.EC_P256);
        assertThat(Pem.publicKeyToPem(pair.getPublic()))
                .isEqualTo(OpenSsl.ok("pkey", "-in", key.toString(), "-pubout").out());
        // Re-written as PKCS#8, which aws-crt accepts.
        assertThat(Pem.privateKeyToPem(pair.getPrivate())).startsWith("-----BEGIN PRIVATE KEY-----");
    }

    @Test
    void readPrivateKey_readsOpensslEncryptedPkcs8WithPassword() throws Exception {
        Path key = dir.resolve("k.pem");
        OpenSsl.ok("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-aes-256-cbc",
                "-pass", "pass:hunter22", "-out", key.toString());
        String pem = Files.readString(key);
        assertThat(pem).contains("BEGIN ENCRYPTED PRIVATE KEY");

        KeyPair pair = Pem.readKeyPair(pem, "hunter22".toCharArray());
        assertThat(Pem.publicKeyToPem(pair.getPublic()))
                .isEqualTo(OpenSsl.ok("pkey", "-in", key.toString(), "-passin", "pass:hunter22", "-pubout").out());
    }

    @Test
    void readPrivateKey_readsOpensslLegacyEncryptedPkcs1WithPassword() throws Exception {
        Path key = dir.resolve("k.pem");
        OpenSsl.ok("genrsa", "-traditional", "-aes128", "-passout", "pass:legacy-pw", "-out", key.toString(), "2048");
        String pem = Files.readString(key);
        assertThat(pem).contains("Proc-Type: 4,ENCRYPTED");

        assertThat(KeyAlgorithm.of(Pem.readPrivateKey(pem, "legacy-pw".toCharArray()))).isEqualTo(KeyAlgorithm.RSA_2048);
        assertThatThrownBy(() -> Pem.readPrivateKey(pem))
                .isInstanceOf(io.github.fleetprov.core.InvalidInputException.class)
                .hasMessageContaining("the private key is encrypted");
    }

    @Test
    void clientCertificateIssuedByCa_isVerifiedByOpensslForClientPurpose() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("Test CA");
        KeyPair device = KeyPairs.generate();
        X509Certificate cert = ca.issue(CertificateSigningRequest.create(device, Subject.ofCommonName("dev-1")),
                Duration.ofDays(1));
        Path caFile = write("ca.pem", ca.certificatePem());
        Path certFile = write("c.pem", Pem.certificateToPem(cert));

        OpenSsl.ok("verify", "-x509_strict", "-purpose", "sslclient", "-CAfile", caFile.toString(), certFile.toString());
        assertThat(OpenSsl.run(null, "verify", "-purpose", "sslserver", "-CAfile", caFile.toString(),
                certFile.toString()).exitCode()).isNotZero();
    }

    @Test
    void serverCertificateIssuedByCa_isVerifiedByOpensslForLocalhostAndLoopbackIp() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("Test CA");
        IssuedCertificate server = ca.issueServerWithKey(java.util.List.of("localhost", "127.0.0.1", "::1"),
                Duration.ofDays(1));
        Path caFile = write("ca.pem", ca.certificatePem());
        Path certFile = write("s.pem", server.certificatePem());

        OpenSsl.ok("verify", "-x509_strict", "-purpose", "sslserver", "-verify_hostname", "localhost",
                "-CAfile", caFile.toString(), certFile.toString());
        OpenSsl.ok("verify", "-x509_strict", "-purpose", "sslserver", "-verify_ip", "127.0.0.1",
                "-CAfile", caFile.toString(), certFile.toString());
        assertThat(OpenSsl.run(null, "verify", "-purpose", "sslserver", "-verify_hostname", "example.com",
                "-CAfile", caFile.toString(), certFile.toString()).exitCode()).isNotZero();
    }
}
