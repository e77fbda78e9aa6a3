package io.github.fleetprov.core.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fleetprov.core.InvalidInputException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PemTest {

    private static final KeyPair EC = KeyPairs.generate();

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void privateKeyToPem_roundTripsAsPkcs8(KeyAlgorithm algorithm) {
        KeyPair pair = algorithm == KeyAlgorithm.EC_P256 ? EC : KeyPairs.generate(algorithm);
        String pem = Pem.privateKeyToPem(pair.getPrivate());

        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
        KeyPair read = Pem.readKeyPair(pem);
        assertThat(read.getPrivate().getEncoded()).isEqualTo(pair.getPrivate().getEncoded());
        assertThat(read.getPublic()).isEqualTo(pair.getPublic());
        assertThat(KeyAlgorithm.of(read.getPrivate())).isEqualTo(algorithm);
    }

    @Test
    void encryptedPrivateKey_roundTripsWithPassword() {
        String pem = Pem.privateKeyToPem(EC.getPrivate(), "pw".toCharArray());

        assertThat(pem).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
        PrivateKey read = Pem.readPrivateKey(pem, "pw".toCharArray());
        assertThat(read.getEncoded()).isEqualTo(EC.getPrivate().getEncoded());
    }

    @Test
    void readPrivateKey_whenEncryptedAndNoPassword_throwsNamingPassword() {
        String pem = Pem.privateKeyToPem(EC.getPrivate(), "pw".toCharArray());

        assertThatThrownBy(() -> Pem.readPrivateKey(pem))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("pem: the private key is encrypted")
                .hasMessageContaining("password");
    }

    @Test
    void readPrivateKey_whenPasswordWrong_throwsInvalidPassword() {
        String pem = Pem.privateKeyToPem(EC.getPrivate(), "pw".toCharArray());

        assertThatThrownBy(() -> Pem.readPrivateKey(pem, "nope".toCharArray()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("password: cannot decrypt")
                .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("password"));
    }

    @Test
    void privateKeyToPem_whenPasswordEmpty_throws() {
        assertThatThrownBy(() -> Pem.privateKeyToPem(EC.getPrivate(), new char[0]))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("password: the password is empty");
    }

    @Test
    void readPrivateKey_whenGarbage_throwsNoPemFound() {
        assertThatThrownBy(() -> Pem.readPrivateKey("this is not a key"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("pem: no PEM private key found");
    }

    @Test
    void readPrivateKey_whenTruncated_throwsDamaged() {
        String pem = Pem.privateKeyToPem(EC.getPrivate());
        String truncated = pem.substring(0, pem.length() / 2);

        assertThatThrownBy(() -> Pem.readPrivateKey(truncated))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("pem: the PEM text is damaged or truncated");
    }

    @Test
    void readPrivateKey_whenBodyCorrupted_throwsDamagedWithoutKeyMaterial() {
        String pem = Pem.privateKeyToPem(EC.getPrivate());
        String body = pem.split("\n")[1];
        String corrupted = pem.replace(body, body.substring(0, 20) + "!!!!" + body.substring(24));

        assertThatThrownBy(() -> Pem.readPrivateKey(corrupted))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("pem: ")
                .hasMessageNotContaining(body.substring(24, 40));
    }

    @Test
    void readPrivateKey_whenGivenCertificate_throwsWrongType() {
        X509Certificate cert = SelfSignedCertificates.create(EC, "d", Duration.ofDays(1));

        assertThatThrownBy(() -> Pem.readPrivateKey(Pem.certificateToPem(cert)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("expected a private key but found a certificate");
    }

    @Test
    void readCertificate_whenGivenPrivateKey_throwsWrongTypeWithoutKeyMaterial() {
        String keyPem = Pem.privateKeyToPem(EC.getPrivate());

        assertThatThrownBy(() -> Pem.readCertificate(keyPem))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("expected a certificate but found a PRIVATE KEY PEM block")
                .hasMessageNotContaining(keyPem.split("\n")[1]);
    }

    @Test
    void readCertificate_whenGarbage_throws() {
        assertThatThrownBy(() -> Pem.readCertificate("%%% not base64 %%%"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("pem: no PEM certificate found");
        assertThatThrownBy(() -> Pem.readCertificate(new byte[] {1, 2, 3}))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("der: not a valid X.509 certificate");
    }

    @Test
    void readCertificate_whenTruncated_throwsNoEndLine() {
        String pem = Pem.certificateToPem(SelfSignedCertificates.create(EC, "d", Duration.ofDays(1)));

        assertThatThrownBy(() -> Pem.readCertificate(pem.substring(0, pem.length() - 30)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("has no END line");
    }

    @Test
    void readCertificate_acceptsPemDerAndBareBase64() throws Exception {
        X509Certificate cert = SelfSignedCertificates.create(EC, "d", Duration.ofDays(1));

        assertThat(Pem.readCertificate(Pem.certificateToPem(cert))).isEqualTo(cert);
        assertThat(Pem.readCertificate(cert.getEncoded())).isEqualTo(cert);
        assertThat(Pem.readCertificate(Base64.getEncoder().encodeToString(cert.getEncoded()))).isEqualTo(cert);
    }

    @Test
    void read_acceptsCrlfLineEndingsAndSurroundingText() {
        X509Certificate cert = SelfSignedCertificates.create(EC, "d", Duration.ofDays(1));
        String certPem = "Certificate:\n    Data: ...\n" + Pem.certificateToPem(cert).replace("\n", "\r\n");
        String keyPem = Pem.privateKeyToPem(EC.getPrivate()).replace("\n", "\r\n");

        assertThat(Pem.readCertificate(certPem)).isEqualTo(cert);
        assertThat(Pem.readPrivateKey(keyPem)).isEqualTo(EC.getPrivate());
    }

    @Test
    void readCertificates_readsChainInOrder() {
        CertificateAuthority ca = CertificateAuthority.create("CA");
        IssuedCertificate leaf = ca.issueWithKey(Subject.ofCommonName("leaf"), KeyAlgorithm.EC_P256, Duration.ofDays(1));

        String chain = Pem.certificatesToPem(List.of(leaf.certificate(), ca.certificate()));
        assertThat(Pem.readCertificates(chain)).containsExactly(leaf.certificate(), ca.certificate());
        assertThat(Pem.readCertificates(AmazonRootCas.pem())).hasSize(2);
    }

    @Test
    void readKeyPair_fromPkcs8_derivesMatchingPublicKey() {
        KeyPair read = Pem.readKeyPair(Pem.privateKeyToPem(EC.getPrivate()));
        X509Certificate cert = SelfSignedCertificates.create(EC, "d", Duration.ofDays(1));

        assertThat(read.getPublic()).isEqualTo(EC.getPublic());
        assertThat(Certificates.matches(cert, read.getPrivate())).isTrue();
    }
}
