package io.github.fleetprov.admin;

import java.util.Objects;

/**
 * One device for {@link DeviceRegistryAdmin#onboard(java.util.List, String, int)}: a thing name and
 * the device's own certificate (made on the device or in the factory; only the public certificate
 * travels).
 *
 * @param thingName the thing to create
 * @param certificatePem the device certificate, registered without a CA
 */
public record DeviceOnboarding(String thingName, String certificatePem) {

    /**
     * Validates the parts.
     *
     * @param thingName the thing name
     * @param certificatePem the certificate PEM
     */
    public DeviceOnboarding {
        ThingSpec.named(Objects.requireNonNull(thingName, "thingName"));
        Objects.requireNonNull(certificatePem, "certificatePem");
    }
}
