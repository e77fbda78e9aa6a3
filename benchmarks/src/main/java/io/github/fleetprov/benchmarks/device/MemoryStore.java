package io.github.fleetprov.benchmarks.device;

import io.github.fleetprov.core.store.DeviceIdentity;
import io.github.fleetprov.core.store.PendingIdentity;
import io.github.fleetprov.device.internal.IdentityStore;
import java.util.Optional;

/**
 * An identity store in memory: used only to measure fleetprov's MQTT flow without the credential
 * store's fsyncs. Not crash-safe; fleetprov's public API always uses the credential store. Used by the
 * device benchmarks and by the testkit load harness.
 */
public final class MemoryStore implements IdentityStore {

    private DeviceIdentity device;
    private PendingIdentity pending;

    /** An empty store: no device, nothing pending. */
    public MemoryStore() {
    }

    @Override
    public Optional<DeviceIdentity> readDevice() {
        return Optional.ofNullable(device);
    }

    @Override
    public void writeDevice(DeviceIdentity device) {
        this.device = device;
    }

    @Override
    public Optional<PendingIdentity> readPending() {
        return Optional.ofNullable(pending);
    }

    @Override
    public void writePending(PendingIdentity pending) {
        this.pending = pending;
    }

    @Override
    public void deletePending() {
        pending = null;
    }

    @Override
    public void recordAbandoned(String certificateId, String reason) {
        // nothing to record in memory
    }
}
