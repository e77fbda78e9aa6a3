package io.github.fleetprov.core.pki;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.fleetprov.core.FleetProvisioningException;
import io.github.fleetprov.core.testing.FuzzGuard;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;

/**
 * Coverage-guided fuzzing of the readers of untrusted keys, certificates and CSRs.
 *
 * <p>Every input must end in a value or a {@link FleetProvisioningException} within
 * {@link FuzzGuard}'s bounds. Targets named {@code ...Der} take a first byte that picks the PEM block
 * type and wrap the remaining bytes, so that mutations act on the ASN.1 rather than on Base64; targets
 * named {@code ...Text} take the input as PEM text. Regression inputs live in
 * {@code src/test/resources/io/github/fleetprov/core/pki/PemFuzzTestInputs/<method>/} and run in every
 * build; {@code JAZZER_FUZZ=1} fuzzes (see docs/fuzzing.md).
 */
class PemFuzzTest {

    /** The password of the encrypted seed keys. */
    static final char[] PASSWORD = "fleetprov".toCharArray();
    private static final List<String> KEY_TYPES = List.of("PRIVATE KEY", "EC PRIVATE KEY", "RSA PRIVATE KEY");

    /** Loads and links the readers' classes once, so that no input pays for the JVM's first use of them. */
    @BeforeAll
    static void warmUp() {
        KeyPair pair = KeyPairs.generate();
        X509Certificate certificate = SelfSignedCertificates.create(pair, "warm-up", Duration.ofDays(1));
        CertificateSigningRequest csr = CertificateSigningRequest.create(pair, Subject.ofCommonName("warm-up"),
                List.of("warm-up.example.com"));
        Pem.readKeyPair(Pem.privateKeyToPem(pair.getPrivate(), PASSWORD.clone()), PASSWORD.clone());
        Pem.readKeyPair(Pem.privateKeyToPem(KeyPairs.generate(KeyAlgorithm.RSA_2048).getPrivate()));
        CertificateInfo.of(Pem.readCertificates(Pem.certificateToPem(certificate)).get(0));
        CertificateSigningRequest read = CertificateSigningRequest.parse(csr.toPem());
        List.of(read.subject(), read.publicKey(), read.dnsSans(), read.verifySignature(), read.toString());
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static byte[] rest(byte[] data) {
        return data.length == 0 ? data : Arrays.copyOfRange(data, 1, data.length);
    }

    private static int selector(byte[] data) {
        return data.length == 0 ? 0 : data[0] & 0xff;
    }

    @FuzzTest(maxDuration = "30s")
    void privateKeyDer(byte[] data) {
        String pem = pem(KEY_TYPES.get(selector(data) % KEY_TYPES.size()), rest(data));
        KeyPair pair = FuzzGuard.check(FleetProvisioningException.class, () -> Pem.readKeyPair(pem));
        if (pair != null) {
            // A key that reads must be usable: its algorithm is known or refused with a typed exception.
            FuzzGuard.check(FleetProvisioningException.class, () -> KeyAlgorithm.of(pair.getPrivate()));
        }
    }

    @FuzzTest(maxDuration = "30s")
    void privateKeyText(byte[] data) {
        String text = new String(data, StandardCharsets.ISO_8859_1);
        FuzzGuard.check(FleetProvisioningException.class, () -> Pem.readPrivateKey(text));
    }

    @FuzzTest(maxDuration = "30s")
    void encryptedPrivateKeyDer(byte[] data) {
        // Legacy OpenSSL encryption (Proc-Type/DEK-Info headers) is reached through the text target.
        String pem = pem("ENCRYPTED PRIVATE KEY", rest(data));
        boolean rightPassword = (selector(data) & 1) == 0;
        char[] password = rightPassword ? PASSWORD.clone() : "wrong".toCharArray();
        FuzzGuard.check(FleetProvisioningException.class, () -> Pem.readKeyPair(pem, password));
    }

    @FuzzTest(maxDuration = "30s")
    void encryptedPrivateKeyText(byte[] data) {
        String text = new String(data, StandardCharsets.ISO_8859_1);
        FuzzGuard.check(FleetProvisioningException.class, () -> Pem.readPrivateKey(text, PASSWORD.clone()));
    }

    @FuzzTest(maxDuration = "30s")
    void certificateDer(byte[] data) {
        X509Certificate certificate = FuzzGuard.check(FleetProvisioningException.class, () -> Pem.readCertificate(data));
        if (certificate != null) {
            // What the library derives from a certificate it accepted must not fail untyped either.
            FuzzGuard.check(FleetProvisioningException.class, () -> CertificateInfo.of(certificate));
            FuzzGuard.check(FleetProvisioningException.class, () -> Certificates.awsCertificateId(certificate));
        }
    }

    @FuzzTest(maxDuration = "30s")
    void certificatesText(byte[] data) {
        String text = new String(data, StandardCharsets.ISO_8859_1);
        FuzzGuard.check(FleetProvisioningException.class, () -> Pem.readCertificates(text));
    }

    @FuzzTest(maxDuration = "30s")
    void csrDer(byte[] data) {
        CertificateSigningRequest csr = FuzzGuard.check(FleetProvisioningException.class,
                () -> CertificateSigningRequest.parse(pem("CERTIFICATE REQUEST", data)));
        if (csr != null) {
            FuzzGuard.check(FleetProvisioningException.class, () -> List.of(csr.subject(), csr.subjectPrincipal(),
                    csr.publicKey(), csr.dnsSans(), csr.verifySignature(), csr.toString()));
        }
    }
}
