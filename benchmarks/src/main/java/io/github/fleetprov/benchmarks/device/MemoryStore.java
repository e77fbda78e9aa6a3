package io.github.fleetprov.benchmarks.device;

import io.github.fleetprov.device.ProvisionedDevice;
import io.github.fleetprov.device.internal.IdentityStore;
import io.github.fleetprov.device.internal.PendingState;
import java.util.Optional;

/**
 * An identity store in memory: used only to measure fleetprov's MQTT flow without the credential
 * store's fsyncs. Not crash-safe; fleetprov's public API always uses the credential store.
 */
final class MemoryStore implements IdentityStore {

    private ProvisionedDevice device;
    private PendingState pending;

    @Override
    public Optional<ProvisionedDevice> readDevice() {
        return Optional.ofNullable(device);
    }

    @Override
    public void writeDevice(ProvisionedDevice device) {
        this.device = device;
    }

    @Override
    public Optional<PendingState> readPending() {
        return Optional.ofNullable(pending);
    }

    @Override
    public void writePending(PendingState pending) {
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
