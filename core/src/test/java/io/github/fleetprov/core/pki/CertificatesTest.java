package io.github.fleetprov.core.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fleetprov.core.InvalidInputException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import nl.jqno.equalsverifier.EqualsVerifier;
import nl.jqno.equalsverifier.Warning;
import org.junit.jupiter.api.Test;

class CertificatesTest {

    @Test
    void matches_whenKeyBelongsToCertificate_isTrue_andOtherwiseFalse() {
        for (KeyAlgorithm a : new KeyAlgorithm[] {KeyAlgorithm.EC_P256, KeyAlgorithm.EC_P384, KeyAlgorithm.RSA_2048}) {
            KeyPair pair = KeyPairs.generate(a);
            X509Certificate cert = SelfSignedCertificates.create(pair, "d", Duration.ofDays(1));

            assertThat(Certificates.matches(cert, pair.getPrivate())).as(a.name()).isTrue();
            assertThat(Certificates.matches(cert, KeyPairs.generate(a).getPrivate())).as(a.name()).isFalse();
        }
    }

    @Test
    void requireMatch_whenCertificateHasWrongKey_throwsNamingPrivateKey() {
        X509Certificate cert = SelfSignedCertificates.create(KeyPairs.generate(), "d", Duration.ofDays(1));
        KeyPair other = KeyPairs.generate(KeyAlgorithm.RSA_2048);

        assertThatThrownBy(() -> Certificates.requireMatch(cert, other.getPrivate()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("privateKey: the private key does not belong to the certificate "
                        + Certificates.awsCertificateId(cert));
    }

    @Test
    void certificateInfo_describesSelfSignedDeviceCertificate() {
        KeyPair pair = KeyPairs.generate();
        Instant before = Instant.now();
        X509Certificate cert = SelfSignedCertificates.create(pair, "my-device", Duration.ofDays(365));
        CertificateInfo info = CertificateInfo.of(cert);

        assertThat(info.subject()).isEqualTo("CN=my-device");
        assertThat(info.issuer()).isEqualTo("CN=my-device");
        assertThat(info.isSelfSigned()).isTrue();
        assertThat(info.keyAlgorithm()).isEqualTo("EC");
        assertThat(info.keySize()).isEqualTo(256);
        assertThat(info.keyType()).contains(KeyAlgorithm.EC_P256);
        assertThat(info.sha1Thumbprint()).matches("[0-9A-F]{40}");
        assertThat(info.sha256Fingerprint()).matches("[0-9A-F]{64}");
        assertThat(info.certificateId()).matches("[0-9a-f]{64}").isEqualTo(info.sha256Fingerprint().toLowerCase());
        assertThat(info.notAfter()).isAfter(before.plus(Duration.ofDays(364)));
        assertThat(info.isValidAt(Instant.now())).isTrue();
        assertThat(info.serialNumber().signum()).isPositive();
        assertThat(info.toString().split("\n")).hasSize(6)
                .contains("Subject: CN=my-device", "Issuer: CN=my-device", "Thumbprint: " + info.sha1Thumbprint())
                .anySatisfy(line -> assertThat(line).matches(
                        "Valid from: [A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} \\+0000"));
    }

    @Test
    void certificateInfo_ofIssuedCertificate_isNotSelfSigned() {
        CertificateAuthority ca = CertificateAuthority.create("Fleet CA");
        IssuedCertificate issued = ca.issueWithKey(Subject.ofCommonName("d"), KeyAlgorithm.RSA_2048, Duration.ofDays(1));
        CertificateInfo info = CertificateInfo.of(issued.certificate());

        assertThat(info.isSelfSigned()).isFalse();
        assertThat(info.issuer()).isEqualTo("CN=Fleet CA");
        assertThat(info.keyType()).contains(KeyAlgorithm.RSA_2048);
        assertThat(CertificateInfo.of(ca.certificate()).isSelfSigned()).isTrue();
    }

    @Test
    void certificateInfo_equalsAndHashCode() {
        X509Certificate cert = SelfSignedCertificates.create(KeyPairs.generate(), "d", Duration.ofDays(1));
        assertThat(CertificateInfo.of(cert)).isEqualTo(CertificateInfo.of(cert));
        EqualsVerifier.forClass(CertificateInfo.class).suppress(Warning.NULL_FIELDS).verify();
    }

    @Test
    void issuedCertificate_toString_hidesPrivateKey() {
        CertificateAuthority ca = CertificateAuthority.create("CA");
        IssuedCertificate issued = ca.issueWithKey(Subject.ofCommonName("d"), KeyAlgorithm.EC_P256, Duration.ofDays(1));
        String keyBody = issued.privateKeyPem().split("\n")[1];

        assertThat(issued.toString()).contains(issued.certificateId()).doesNotContain(keyBody)
                .doesNotContain(issued.keyPair().getPrivate().toString());
        assertThat(ca.toString()).isEqualTo("CertificateAuthority[CN=CA]");
    }

    @Test
    void amazonRootCas_areCa1AndCa3() {
        assertThat(AmazonRootCas.all()).extracting(c -> c.getSubjectX500Principal().getName())
                .containsExactly("CN=Amazon Root CA 1,O=Amazon,C=US", "CN=Amazon Root CA 3,O=Amazon,C=US");
        assertThat(CertificateInfo.of(AmazonRootCas.rootCa1()).keyType()).contains(KeyAlgorithm.RSA_2048);
        assertThat(CertificateInfo.of(AmazonRootCas.rootCa3()).keyType()).contains(KeyAlgorithm.EC_P256);
        assertThat(AmazonRootCas.all()).allSatisfy(c -> assertThat(CertificateInfo.of(c).isSelfSigned()).isTrue());
    }

    @Test
    void keyAlgorithm_of_rejectsUnsupportedCurve() throws Exception {
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("EC");
        g.initialize(new java.security.spec.ECGenParameterSpec("secp521r1"));
        KeyPair p521 = g.generateKeyPair();

        assertThatThrownBy(() -> KeyAlgorithm.of(p521.getPublic()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("key: fleetprov does not support an EC key on a 521-bit curve");
    }
}
