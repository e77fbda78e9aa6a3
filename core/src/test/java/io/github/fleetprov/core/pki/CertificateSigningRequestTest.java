package io.github.fleetprov.core.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fleetprov.core.InvalidInputException;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CertificateSigningRequestTest {

    private static final KeyPair KEYS = KeyPairs.generate();

    @Test
    void create_thenParse_roundTrips() {
        Subject subject = Subject.builder().commonName("dev-1").organization("Acme").serialNumber("A1").build();
        CertificateSigningRequest csr = CertificateSigningRequest.create(KEYS, subject, List.of("dev-1.local"));

        CertificateSigningRequest parsed = CertificateSigningRequest.parse(csr.toPem());
        assertThat(parsed).isEqualTo(csr).hasSameHashCodeAs(csr);
        assertThat(parsed.subject()).isEqualTo(subject);
        assertThat(parsed.publicKey()).isEqualTo(KEYS.getPublic());
        assertThat(parsed.dnsSans()).containsExactly("dev-1.local");
        assertThat(parsed.verifySignature()).isTrue();
        assertThat(parsed.requireValidSignature()).isSameAs(parsed);
        assertThat(csr.toPem()).startsWith("-----BEGIN CERTIFICATE REQUEST-----");
        assertThat(csr.toString()).isEqualTo("CertificateSigningRequest[SERIALNUMBER=A1,CN=dev-1,O=Acme, EC]");
    }

    @Test
    void verifySignature_whenTampered_isFalse_andRequireThrows() {
        byte[] der = CertificateSigningRequest.create(KEYS, Subject.ofCommonName("dev-1")).toDer();
        der[der.length - 5] ^= 0x01; // inside the signature

        CertificateSigningRequest tampered = CertificateSigningRequest.fromDer(der);
        assertThat(tampered.verifySignature()).isFalse();
        assertThatThrownBy(tampered::requireValidSignature)
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("csr: the CSR's signature does not verify");
        CertificateAuthority ca = CertificateAuthority.create("CA");
        assertThatThrownBy(() -> ca.issue(tampered, Duration.ofDays(1)))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void parse_whenNotACsr_throwsWrongType() {
        String keyPem = Pem.privateKeyToPem(KEYS.getPrivate());

        assertThatThrownBy(() -> CertificateSigningRequest.parse(keyPem))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("expected a certificate request but found a PRIVATE KEY PEM block");
        assertThatThrownBy(() -> CertificateSigningRequest.parse("garbage"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("pem: no PEM certificate request found");
        assertThatThrownBy(() -> CertificateSigningRequest.parse(
                "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("pem: not a valid PKCS#10 certificate request");
    }

    @Test
    void create_whenDnsNameInvalid_throwsNamingIndex() {
        assertThatThrownBy(() -> CertificateSigningRequest.create(KEYS, Subject.ofCommonName("d"),
                List.of("ok.example", "bad name!")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("dnsSans[1]: 'bad name!' is not a DNS host name");
    }
}
