package io.github.fleetprov.core.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fleetprov.core.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.pkcs.CertificationRequest;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Signatures fleetprov makes check out with the JDK's own providers (SunEC, SunRsaSign), and
 * signatures that do not hold are refused.
 */
class SignatureInteropTest {

    private static final Subject SUBJECT = Subject.builder().commonName("device-0042").organization("fleetprov").build();

    /** Every EC algorithm fleetprov supports. */
    static Stream<KeyAlgorithm> ecAlgorithms() {
        return Arrays.stream(KeyAlgorithm.values()).filter(KeyAlgorithm::isEc);
    }

    /** Checks a CSR's signature with the JDK's {@link Signature}, not with Bouncy Castle. */
    private static boolean jdkVerifies(CertificateSigningRequest csr, PublicKey key, String algorithm) throws Exception {
        CertificationRequest asn1 = csr.bcRequest().toASN1Structure();
        Signature jdk = Signature.getInstance(algorithm);
        jdk.initVerify(key);
        assertThat(jdk.getProvider().getName()).isIn("SunEC", "SunRsaSign");
        jdk.update(asn1.getCertificationRequestInfo().getEncoded(ASN1Encoding.DER));
        return jdk.verify(asn1.getSignature().getOctets());
    }

    @ParameterizedTest
    @MethodSource("ecAlgorithms")
    void generatedEcKey_signsACsr_thatTheJdksSunEcVerifies(KeyAlgorithm algorithm) throws Exception {
        KeyPair pair = KeyPairs.generate(algorithm);

        CertificateSigningRequest csr = CertificateSigningRequest.create(pair, SUBJECT, List.of("device-0042.local"));

        assertThat(jdkVerifies(csr, pair.getPublic(), algorithm.signatureAlgorithm())).isTrue();
        assertThat(csr.verifySignature()).isTrue();
        assertThat(csr.bcRequest().getSignatureAlgorithm().getAlgorithm().getId())
                .isEqualTo(new org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder()
                        .find(algorithm.signatureAlgorithm()).getAlgorithm().getId());
    }

    @Test
    void rsaKey_signsACsr_thatTheJdkVerifies() throws Exception {
        KeyPair pair = KeyPairs.generate(KeyAlgorithm.RSA_2048);

        CertificateSigningRequest csr = CertificateSigningRequest.create(pair, SUBJECT);

        assertThat(jdkVerifies(csr, pair.getPublic(), "SHA256withRSA")).isTrue();
        assertThat(csr.verifySignature()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("ecAlgorithms")
    void ecKeyMadeByTheJdk_signsACsr_thatTheJdkVerifies(KeyAlgorithm algorithm) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(algorithm.curveName()));
        KeyPair pair = generator.generateKeyPair();

        CertificateSigningRequest csr = CertificateSigningRequest.create(pair, SUBJECT);

        assertThat(jdkVerifies(csr, pair.getPublic(), algorithm.signatureAlgorithm())).isTrue();
        assertThat(csr.verifySignature()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = KeyAlgorithm.class, names = {"EC_P256", "EC_P384", "RSA_2048"})
    void certificatesSignedByTheCa_verifyWithTheJdksX509Certificate(KeyAlgorithm algorithm) throws Exception {
        CertificateAuthority ca = CertificateAuthority.create(Subject.ofCommonName("Interop CA"), algorithm,
                Duration.ofDays(30));
        KeyPair device = KeyPairs.generate(KeyAlgorithm.EC_P256);
        X509Certificate client = ca.issue(CertificateSigningRequest.create(device, SUBJECT), Duration.ofDays(1));
        X509Certificate server = ca.issueServerWithKey(List.of("localhost", "127.0.0.1"), Duration.ofDays(1))
                .certificate();

        PublicKey caKey = ca.certificate().getPublicKey();
        ca.certificate().verify(caKey);
        client.verify(caKey);
        server.verify(caKey);
        assertThat(client.getPublicKey()).isEqualTo(device.getPublic());
        PublicKey otherCa = CertificateAuthority.create(Subject.ofCommonName("Other CA"), algorithm,
                Duration.ofDays(30)).certificate().getPublicKey();
        assertThatThrownBy(() -> client.verify(otherCa)).isInstanceOf(SignatureException.class);
    }

    @ParameterizedTest
    @MethodSource("ecAlgorithms")
    void ecKeyMadeByTheJdk_andReadFromPem_signsACertificate_thatTheJdkVerifies(KeyAlgorithm algorithm)
            throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(algorithm.curveName()));
        KeyPair jdkPair = generator.generateKeyPair();
        KeyPair read = Pem.readKeyPair(Pem.privateKeyToPem(jdkPair.getPrivate()));

        X509Certificate selfSigned = SelfSignedCertificates.create(read, "device-0042", Duration.ofDays(1));

        selfSigned.verify(jdkPair.getPublic());
        assertThat(selfSigned.getSigAlgName()).isEqualToIgnoringCase(algorithm.signatureAlgorithm());
    }

    @ParameterizedTest
    @EnumSource(value = KeyAlgorithm.class, names = {"EC_P256", "EC_P384", "RSA_2048"})
    void csrWithATamperedSignature_isRejected(KeyAlgorithm algorithm) {
        KeyPair pair = KeyPairs.generate(algorithm);
        byte[] der = CertificateSigningRequest.create(pair, SUBJECT).toDer();
        der[der.length - 2] ^= 0x10; // the signature BIT STRING ends the request

        CertificateSigningRequest tampered = CertificateSigningRequest.fromDer(der);

        assertThat(tampered.verifySignature()).isFalse();
        assertThatThrownBy(tampered::requireValidSignature).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("csr: the CSR's signature does not verify");
        CertificateAuthority ca = CertificateAuthority.create("CA");
        assertThatThrownBy(() -> ca.issue(tampered, Duration.ofDays(1))).isInstanceOf(InvalidInputException.class);
    }

    @ParameterizedTest
    @EnumSource(value = KeyAlgorithm.class, names = {"EC_P256", "EC_P384", "RSA_2048"})
    void csrWithATamperedSubject_isRejected(KeyAlgorithm algorithm) {
        KeyPair pair = KeyPairs.generate(algorithm);
        byte[] der = CertificateSigningRequest.create(pair, SUBJECT).toDer();
        int at = indexOf(der, "device-0042".getBytes(StandardCharsets.US_ASCII));
        der[at + "device-0".length()] = (byte) '9'; // device-0942: signed content changed, signature kept

        CertificateSigningRequest tampered = CertificateSigningRequest.fromDer(der);

        assertThat(tampered.subject().commonName()).contains("device-0942");
        assertThat(tampered.verifySignature()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(value = KeyAlgorithm.class, names = {"EC_P256", "RSA_2048"})
    void csrSignedByAnotherKey_isRejected(KeyAlgorithm algorithm) throws Exception {
        KeyPair requested = KeyPairs.generate(algorithm);
        KeyPair signing = KeyPairs.generate(algorithm);
        byte[] der = new JcaPKCS10CertificationRequestBuilder(SUBJECT.toX500Principal(), requested.getPublic())
                .build(new JcaContentSignerBuilder(algorithm.signatureAlgorithm()).build(signing.getPrivate()))
                .getEncoded();

        assertThat(CertificateSigningRequest.fromDer(der).verifySignature()).isFalse();
    }

    @Test
    void csrWithAnEd25519Key_isStillCheckedWithTheJdk() throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] der = new JcaPKCS10CertificationRequestBuilder(SUBJECT.toX500Principal(), pair.getPublic())
                .build(new JcaContentSignerBuilder("Ed25519").build(pair.getPrivate())).getEncoded();

        assertThat(CertificateSigningRequest.fromDer(der).verifySignature()).isTrue();
        der[der.length - 2] ^= 0x10;
        assertThat(CertificateSigningRequest.fromDer(der).verifySignature()).isFalse();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
