package io.github.fleetprov.device.internal;

import io.github.fleetprov.core.pki.ExternalPrivateKey;
import io.github.fleetprov.core.store.DeviceIdentity;
import io.github.fleetprov.core.store.PendingIdentity;
import io.github.fleetprov.device.PinSource;
import java.security.PrivateKey;
import java.util.Objects;
import java.util.Optional;

/**
 * An {@link IdentityStore} that gives back identities whose keys live in a PKCS#11 token bound to the
 * token with the configured PIN source: the store holds only the key's reference, and a device that
 * resumes provisioning or rotation, or reads its identity, needs a key it can sign with.
 */
final class Pkcs11BindingStore implements IdentityStore {

    private final IdentityStore delegate;
    private final PinSource pin;

    Pkcs11BindingStore(IdentityStore delegate, PinSource pin) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.pin = Objects.requireNonNull(pin, "pin");
    }

    private PrivateKey bound(PrivateKey key) {
        return key instanceof ExternalPrivateKey external && !(key instanceof Pkcs11PrivateKey)
                ? Pkcs11PrivateKey.bind(external, pin) : key;
    }

    @Override
    public Optional<DeviceIdentity> readDevice() {
        return delegate.readDevice().map(d -> {
            PrivateKey key = bound(d.privateKey());
            return key == d.privateKey() ? d : d.toBuilder().privateKey(key).build();
        });
    }

    @Override
    public void writeDevice(DeviceIdentity device) {
        delegate.writeDevice(device);
    }

    @Override
    public Optional<PendingIdentity> readPending() {
        return delegate.readPending().map(p -> {
            PrivateKey key = bound(p.privateKey());
            return key == p.privateKey() ? p : p.toBuilder().privateKey(key).build();
        });
    }

    @Override
    public void writePending(PendingIdentity pending) {
        delegate.writePending(pending);
    }

    @Override
    public void deletePending() {
        delegate.deletePending();
    }

    @Override
    public void recordAbandoned(String certificateId, String reason) {
        delegate.recordAbandoned(certificateId, reason);
    }
}
