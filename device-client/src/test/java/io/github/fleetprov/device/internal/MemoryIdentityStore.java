package io.github.fleetprov.device.internal;

import io.github.fleetprov.device.ProvisionedDevice;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** An identity store in memory that logs its writes and can be told to fail one. */
final class MemoryIdentityStore implements IdentityStore {

    final List<String> log;
    final List<String> abandoned = new ArrayList<>();
    ProvisionedDevice device;
    PendingState pending;
    boolean failPendingWrite;
    boolean failDeviceWrite;

    MemoryIdentityStore(List<String> log) {
        this.log = log;
    }

    @Override
    public Optional<ProvisionedDevice> readDevice() {
        return Optional.ofNullable(device);
    }

    @Override
    public void writeDevice(ProvisionedDevice device) {
        if (failDeviceWrite) {
            throw new UncheckedIOException(new IOException("No space left on device"));
        }
        log.add("writeDevice");
        this.device = device;
    }

    @Override
    public Optional<PendingState> readPending() {
        return Optional.ofNullable(pending);
    }

    @Override
    public void writePending(PendingState pending) {
        if (failPendingWrite) {
            throw new UncheckedIOException(new IOException("No space left on device"));
        }
        log.add("writePending");
        this.pending = pending;
    }

    @Override
    public void deletePending() {
        if (pending != null) {
            log.add("deletePending");
        }
        pending = null;
    }

    @Override
    public void recordAbandoned(String certificateId, String reason) {
        log.add("abandon " + certificateId);
        abandoned.add(certificateId);
    }
}
