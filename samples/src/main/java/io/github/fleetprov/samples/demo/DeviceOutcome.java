package io.github.fleetprov.samples.demo;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What happened to one simulated device in the fleet demo.
 *
 * @param serialNumber the serial number the device provisioned with
 * @param thingName the thing it got, empty if provisioning failed
 * @param certificateId its certificate, empty if provisioning failed
 * @param provisioningLatency how long {@code provision()} took (claim connection, certificate,
 *     RegisterThing, identity stored), zero if it failed
 * @param failure why the device failed, empty if it provisioned and published
 */
public record DeviceOutcome(String serialNumber, String thingName, String certificateId, Duration provisioningLatency,
        Optional<String> failure) {

    /**
     * Validates the parts.
     *
     * @param serialNumber the serial number
     * @param thingName the thing
     * @param certificateId the certificate
     * @param provisioningLatency the latency
     * @param failure the failure reason
     */
    public DeviceOutcome {
        Objects.requireNonNull(serialNumber, "serialNumber");
        Objects.requireNonNull(thingName, "thingName");
        Objects.requireNonNull(certificateId, "certificateId");
        Objects.requireNonNull(provisioningLatency, "provisioningLatency");
        Objects.requireNonNull(failure, "failure");
    }

    /**
     * Whether the device provisioned and published its telemetry.
     *
     * @return {@code true} on success
     */
    public boolean succeeded() {
        return failure.isEmpty();
    }

    /**
     * Whether the device got a thing (it may still have failed to publish).
     *
     * @return {@code true} if provisioning succeeded
     */
    public boolean provisioned() {
        return !thingName.isEmpty();
    }
}
