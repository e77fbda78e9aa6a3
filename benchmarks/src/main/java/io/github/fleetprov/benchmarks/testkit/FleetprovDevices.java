package io.github.fleetprov.benchmarks.testkit;

import io.github.fleetprov.benchmarks.device.MemoryStore;
import io.github.fleetprov.core.pki.IssuedCertificate;
import io.github.fleetprov.core.store.DeviceIdentity;
import io.github.fleetprov.core.store.internal.AtomicFiles;
import io.github.fleetprov.device.ClaimCredentials;
import io.github.fleetprov.device.FleetProvisioningClient;
import io.github.fleetprov.device.internal.DefaultFleetProvisioningClient;
import io.github.fleetprov.device.internal.Sleeper;
import io.github.fleetprov.device.internal.StepListener;
import io.github.fleetprov.testkit.LocalIotCore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The load harness's {@code fleetprov} mode: each device provisions itself with device-client's
 * {@link FleetProvisioningClient}, as a device in the field does. For every device a client is built
 * and {@link FleetProvisioningClient#provision()} called: it opens its own claim connection (MQTT 5,
 * mutual TLS with the claim certificate, a client id of its own), makes its key and CSR, sends
 * CreateCertificateFromCsr and RegisterThing, stores the identity and closes the connection. Nothing is
 * shared between devices but the claim credentials and the JVM.
 *
 * <p>Client ids are unique per device: AWS IoT Core allows one CONNECT per second per client id
 * ("Connect requests per second per client ID", AWS IoT Core developer guide, "AWS IoT Core message
 * broker and protocol limits and quotas"), and device-client paces CONNECTs of a reused client id to
 * match, which would measure the pacing instead of the client.
 *
 * <p>Two stores: the crash-safe credential store (one directory per device under a temporary
 * directory, deleted by {@link #close()}), which is what the public API uses, or the device benchmarks'
 * {@link MemoryStore} (no files, no fsyncs), to see the MQTT flow alone.
 */
final class FleetprovDevices implements AutoCloseable {

    /** Prefix of every client id; the harness's claim policy allows {@code client/bench-claim-*}. */
    static final String CLIENT_ID_PREFIX = "bench-claim-fp-";

    private final LocalIotCore iot;
    private final ClaimCredentials claim;
    private final String templateName;
    private final Path storeRoot; // null: MemoryStore

    /**
     * Prepares the devices' shared settings.
     *
     * @param iot the emulator
     * @param claim the claim certificate and key
     * @param templateName the provisioning template
     * @param inMemory whether to use {@link MemoryStore} instead of the crash-safe credential store
     * @throws IOException if the temporary directory cannot be made
     */
    FleetprovDevices(LocalIotCore iot, IssuedCertificate claim, String templateName, boolean inMemory)
            throws IOException {
        this.iot = Objects.requireNonNull(iot, "iot");
        this.claim = ClaimCredentials.of(claim.certificate(), claim.keyPair().getPrivate());
        this.templateName = Objects.requireNonNull(templateName, "templateName");
        this.storeRoot = inMemory ? null : Files.createTempDirectory("fleetprov-load-stores");
    }

    /**
     * A description of the store, for the report.
     *
     * @return which store the devices use
     */
    String storeDescription() {
        return storeRoot == null ? "in memory (MemoryStore: no files, no fsyncs; not crash-safe)"
                : "crash-safe credential store on disk, one directory per device under " + storeRoot;
    }

    /**
     * Provisions one device with a fresh client, exactly as the public API is used on a device.
     *
     * @param serial the device's serial number (template parameter {@code SerialNumber}, and part of
     *     its client id and credential store directory)
     * @throws IllegalStateException if the device was provisioned as another thing than the template
     *     names
     */
    void provision(String serial) {
        FleetProvisioningClient.Builder builder = FleetProvisioningClient.builder().endpoint(iot.mqttHost())
                .port(iot.mqttPort()).certificateAuthorityPem(iot.caCertificatePem()).claim(claim)
                .clientId(CLIENT_ID_PREFIX + serial).templateName(templateName)
                .templateParameter("SerialNumber", serial);
        DeviceIdentity device;
        if (storeRoot == null) {
            device = DefaultFleetProvisioningClient.create(builder, null, new MemoryStore(), Sleeper.THREAD,
                    StepListener.NONE).provision();
        } else {
            device = builder.credentialStore(storeRoot.resolve(serial)).build().provision();
        }
        String expected = "bench_" + serial;
        if (!expected.equals(device.thingName())) {
            throw new IllegalStateException("device " + serial + " was provisioned as thing " + device.thingName()
                    + ", expected " + expected);
        }
    }

    /** Deletes the devices' credential stores. */
    @Override
    public void close() {
        if (storeRoot == null) {
            return;
        }
        try {
            AtomicFiles.deleteTree(storeRoot);
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + storeRoot, e);
        }
    }
}
