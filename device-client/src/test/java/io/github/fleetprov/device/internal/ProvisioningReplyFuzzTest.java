package io.github.fleetprov.device.internal;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.fleetprov.core.FleetProvisioningException;
import io.github.fleetprov.device.ProvisioningRejectedException;
import io.github.fleetprov.device.ProvisioningStep;
import io.github.fleetprov.core.testing.FuzzGuard;
import java.util.Arrays;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;

/**
 * Fuzzes the device's readers of fleet provisioning MQTT replies (JSON and CBOR; accepted
 * CreateKeysAndCertificate, CreateCertificateFromCsr and RegisterThing, and rejected replies), which
 * arrive from the network.
 *
 * <p>The first byte picks the encoding (bit 0: JSON or CBOR) and the reply (bits 1-2); the rest is the
 * payload. Property: an accepted reply reads to a value or a {@link FleetProvisioningException}; a
 * rejected reply always reads to a {@link ProvisioningRejectedException} and never throws; all within
 * {@link FuzzGuard}'s bound. Regression inputs: {@code src/test/resources/io/github/fleetprov/device/internal/ProvisioningReplyFuzzTestInputs/provisioningReply/}.
 */
class ProvisioningReplyFuzzTest {

    @AfterAll
    static void report() {
        FuzzGuard.report(ProvisioningReplyFuzzTest.class);
    }

    @FuzzTest(maxDuration = "10s")
    void provisioningReply(byte[] data) {
        FuzzGuard.input();
        int variant = data.length == 0 ? 0 : data[0] & 0xff;
        byte[] payload = data.length == 0 ? data : Arrays.copyOfRange(data, 1, data.length);
        WireFormat format = (variant & 1) == 0 ? WireFormat.JSON : WireFormat.CBOR;
        switch ((variant >> 1) & 3) {
            case 0 -> FuzzGuard.check(FleetProvisioningException.class, () -> format.readCreatedCertificate(payload, true));
            case 1 -> FuzzGuard.check(FleetProvisioningException.class, () -> format.readCreatedCertificate(payload, false));
            case 2 -> FuzzGuard.check(FleetProvisioningException.class, () -> format.readRegisteredThing(payload));
            default -> Objects.requireNonNull(FuzzGuard.check(NoException.class,
                    () -> format.readRejection(payload, ProvisioningStep.REGISTER_THING)), "a rejection");
        }
    }

    /** No exception is acceptable. */
    private static final class NoException extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }
}
