package io.github.fleetprov.device.internal;

import io.github.fleetprov.core.store.DeviceIdentity;
import io.github.fleetprov.core.store.PendingIdentity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** An identity store in memory that logs its writes and can be told to fail one. */
final class MemoryIdentityStore implements IdentityStore {

    final List<String> log;
    final List<String> abandoned = new ArrayList<>();
    DeviceIdentity device;
    PendingIdentity pending;
    boolean failPendingWrite;
    boolean failDeviceWrite;

    MemoryIdentityStore(List<String> log) {
        this.log = log;
    }

    @Override
    public Optional<DeviceIdentity> readDevice() {
        return Optional.ofNullable(device);
    }

    @Override
    public void writeDevice(DeviceIdentity device) {
        if (failDeviceWrite) {
            throw new UncheckedIOException(new IOException("No space left on device"));
        }
        log.add("writeDevice");
        this.device = device;
    }

    @Override
    public Optional<PendingIdentity> readPending() {
        return Optional.ofNullable(pending);
    }

    @Override
    public void writePending(PendingIdentity pending) {
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
