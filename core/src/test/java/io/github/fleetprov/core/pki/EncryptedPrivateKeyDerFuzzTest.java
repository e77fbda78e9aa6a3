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
 * Fuzzes the encrypted PKCS#8 reader (PBES2 with PBKDF2 or scrypt, PBES1, PKCS#12 PBE) with DER in an
 * {@code ENCRYPTED PRIVATE KEY} block, read with the seeds' password when the first byte is even and
 * with a wrong one otherwise; the key-derivation bounds keep a wrong password cheap.
 *
 * <p>Property: every input ends in a value or a {@link FleetProvisioningException} within
 * {@link FuzzGuard}'s bound. Regression inputs: {@code src/test/resources/io/github/fleetprov/core/pki/EncryptedPrivateKeyDerFuzzTestInputs/encryptedPrivateKeyDer/};
 * {@code JAZZER_FUZZ=1} fuzzes for the annotation's budget (docs/fuzzing.md).
 */
class EncryptedPrivateKeyDerFuzzTest {

    @BeforeAll
    static void warmUp() {
        FuzzInputs.warmUp();
    }

    @AfterAll
    static void report() {
        FuzzGuard.report(EncryptedPrivateKeyDerFuzzTest.class);
    }

    @FuzzTest(maxDuration = "10s")
    void encryptedPrivateKeyDer(byte[] data) {
        FuzzGuard.input();
        String pem = FuzzInputs.pem("ENCRYPTED PRIVATE KEY", FuzzInputs.rest(data));
        char[] password = FuzzInputs.variant(data) % 2 == 0 ? FuzzInputs.PASSWORD.clone() : "wrong".toCharArray();
        FuzzGuard.check(FleetProvisioningException.class, () -> Pem.readKeyPair(pem, password));
    }
}
