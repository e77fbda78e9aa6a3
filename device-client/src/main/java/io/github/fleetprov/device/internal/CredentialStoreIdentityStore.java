package io.github.fleetprov.device.internal;

import io.github.fleetprov.core.store.CredentialStore;
import io.github.fleetprov.core.store.DeviceIdentity;
import io.github.fleetprov.core.store.PendingIdentity;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The {@link IdentityStore} on core's {@link CredentialStore}: the pending identity and the device
 * identity are separate slots, each written atomically, holding core's identity values as they are.
 */
public final class CredentialStoreIdentityStore implements IdentityStore {

    private final CredentialStore store;

    private CredentialStoreIdentityStore(CredentialStore store) {
        this.store = store;
    }

    /**
     * Opens the credential store in a directory.
     *
     * @param directory the directory
     * @return the store
     */
    public static CredentialStoreIdentityStore open(Path directory) {
        return new CredentialStoreIdentityStore(CredentialStore.open(directory));
    }

    /**
     * The underlying credential store.
     *
     * @return the store
     */
    public CredentialStore credentialStore() {
        return store;
    }

    @Override
    public Optional<DeviceIdentity> readDevice() {
        return store.readDevice();
    }

    @Override
    public void writeDevice(DeviceIdentity device) {
        store.writeDevice(device);
    }

    @Override
    public Optional<PendingIdentity> readPending() {
        return store.readPending();
    }

    @Override
    public void writePending(PendingIdentity pending) {
        store.writePending(pending);
    }

    @Override
    public void deletePending() {
        store.deletePending();
    }

    @Override
    public void recordAbandoned(String certificateId, String reason) {
        store.recordAbandoned(certificateId, reason);
    }
}
