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
 * Fuzzes the CSR reader with DER in a {@code CERTIFICATE REQUEST} block; a request that reads must also
 * give its subject, public key, DNS names, signature check and description, or a typed exception.
 *
 * <p>Property: every input ends in a value or a {@link FleetProvisioningException} within
 * {@link FuzzGuard}'s bound. Regression inputs: {@code src/test/resources/io/github/fleetprov/core/pki/CsrDerFuzzTestInputs/csrDer/};
 * {@code JAZZER_FUZZ=1} fuzzes for the annotation's budget (docs/fuzzing.md).
 */
class CsrDerFuzzTest {

    @BeforeAll
    static void warmUp() {
        FuzzInputs.warmUp();
    }

    @AfterAll
    static void report() {
        FuzzGuard.report(CsrDerFuzzTest.class);
    }

    @FuzzTest(maxDuration = "10s")
    void csrDer(byte[] data) {
        FuzzGuard.input();
        CertificateSigningRequest csr = FuzzGuard.check(FleetProvisioningException.class,
                () -> CertificateSigningRequest.parse(FuzzInputs.pem("CERTIFICATE REQUEST", data)));
        if (csr != null) {
            FuzzGuard.check(FleetProvisioningException.class, () -> List.of(csr.subject(), csr.subjectPrincipal(),
                    csr.publicKey(), csr.dnsSans(), csr.verifySignature(), csr.toString()));
        }
    }
}
