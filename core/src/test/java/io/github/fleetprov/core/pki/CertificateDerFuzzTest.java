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
 * Fuzzes the DER certificate reader; a certificate that reads must also give its details and its AWS
 * certificate id, or a typed exception.
 *
 * <p>Property: every input ends in a value or a {@link FleetProvisioningException} within
 * {@link FuzzGuard}'s bound. Regression inputs: {@code src/test/resources/io/github/fleetprov/core/pki/CertificateDerFuzzTestInputs/certificateDer/};
 * {@code JAZZER_FUZZ=1} fuzzes for the annotation's budget (docs/fuzzing.md).
 */
class CertificateDerFuzzTest {

    @BeforeAll
    static void warmUp() {
        FuzzInputs.warmUp();
    }

    @AfterAll
    static void report() {
        FuzzGuard.report(CertificateDerFuzzTest.class);
    }

    @FuzzTest(maxDuration = "10s")
    void certificateDer(byte[] data) {
        FuzzGuard.input();
        X509Certificate certificate = FuzzGuard.check(FleetProvisioningException.class, () -> Pem.readCertificate(data));
        if (certificate != null) {
            FuzzGuard.check(FleetProvisioningException.class, () -> CertificateInfo.of(certificate));
            FuzzGuard.check(FleetProvisioningException.class, () -> Certificates.awsCertificateId(certificate));
        }
    }
}
