/**
 * Fleet provisioning by claim on the device: {@link io.github.fleetprov.device.FleetProvisioningClient}
 * connects with a claim certificate, obtains a certificate of its own (CSR or
 * CreateKeysAndCertificate), registers the thing with a provisioning template and stores the new
 * identity crash-safely; {@link io.github.fleetprov.device.DeviceConnection} connects with that
 * identity; {@link io.github.fleetprov.device.DeviceCertificates} creates and describes self-signed
 * device certificates.
 *
 * <p>Everything in this package is non-null unless documented otherwise. Private keys and
 * certificate ownership tokens never appear in {@code toString}, logs or exception messages.
 */
@NullMarked
package io.github.fleetprov.device;

import org.jspecify.annotations.NullMarked;
