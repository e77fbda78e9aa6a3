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
 * Fuzzes the unencrypted private-key readers with DER in a PKCS#8, SEC1 or PKCS#1 PEM block (picked by
 * the first byte); a key that reads must also map to a {@link KeyAlgorithm} or be refused with a typed
 * exception.
 *
 * <p>Property: every input ends in a value or a {@link FleetProvisioningException} within
 * {@link FuzzGuard}'s bound. Regression inputs: {@code src/test/resources/io/github/fleetprov/core/pki/PrivateKeyDerFuzzTestInputs/privateKeyDer/};
 * {@code JAZZER_FUZZ=1} fuzzes for the annotation's budget (docs/fuzzing.md).
 */
class PrivateKeyDerFuzzTest {

    @BeforeAll
    static void warmUp() {
        FuzzInputs.warmUp();
    }

    @AfterAll
    static void report() {
        FuzzGuard.report(PrivateKeyDerFuzzTest.class);
    }

    @FuzzTest(maxDuration = "10s")
    void privateKeyDer(byte[] data) {
        FuzzGuard.input();
        List<String> types = List.of("PRIVATE KEY", "EC PRIVATE KEY", "RSA PRIVATE KEY");
        String pem = FuzzInputs.pem(types.get(FuzzInputs.variant(data) % types.size()), FuzzInputs.rest(data));
        KeyPair pair = FuzzGuard.check(FleetProvisioningException.class, () -> Pem.readKeyPair(pem));
        if (pair != null) {
            FuzzGuard.check(FleetProvisioningException.class, () -> KeyAlgorithm.of(pair.getPrivate()));
            Objects.requireNonNull(pair.getPublic(), "a key pair read from PEM has its public key");
        }
    }
}
