package io.github.fleetprov.core.pki;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.fleetprov.core.FleetProvisioningException;
import io.github.fleetprov.core.testing.FuzzGuard;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzzes PEM text itself (block framing, headers, Base64, legacy OpenSSL encryption): the input is
 * read as a private key with a password, as a certificate bundle and as a CSR.
 *
 * <p>Property: every input ends in a value or a {@link FleetProvisioningException} within
 * {@link FuzzGuard}'s bound. Regression inputs: {@code src/test/resources/io/github/fleetprov/core/pki/PemTextFuzzTestInputs/pemText/};
 * {@code JAZZER_FUZZ=1} fuzzes for the annotation's budget (docs/fuzzing.md).
 */
class PemTextFuzzTest {

    @BeforeAll
    static void warmUp() {
        FuzzInputs.warmUp();
    }

    @AfterAll
    static void report() {
        FuzzGuard.report(PemTextFuzzTest.class);
    }

    @FuzzTest(maxDuration = "10s")
    void pemText(byte[] data) {
        FuzzGuard.input();
        String text = new String(data, StandardCharsets.ISO_8859_1);
        FuzzGuard.check(FleetProvisioningException.class, () -> Pem.readKeyPair(text, FuzzInputs.PASSWORD.clone()));
        FuzzGuard.check(FleetProvisioningException.class, () -> Pem.readCertificates(text));
        FuzzGuard.check(FleetProvisioningException.class, () -> Pem.readCertificate(text));
        FuzzGuard.check(FleetProvisioningException.class, () -> CertificateSigningRequest.parse(text));
    }
}
