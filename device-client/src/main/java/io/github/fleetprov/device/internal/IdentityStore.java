package io.github.fleetprov.device.internal;

import io.github.fleetprov.core.store.DeviceIdentity;
import io.github.fleetprov.core.store.PendingIdentity;
import java.util.Optional;

/**
 * Where provisioning keeps its state. Every write replaces the whole record atomically: a reader sees
 * the old record or the new one, never a mix.
 */
public interface IdentityStore {

    /**
     * The stored device identity.
     *
     * @return the identity, empty before provisioning finished
     */
    Optional<DeviceIdentity> readDevice();

    /**
     * Stores the device identity, replacing any earlier one.
     *
     * @param device the identity
     */
    void writeDevice(DeviceIdentity device);

    /**
     * The stored pending certificate.
     *
     * @return the pending state, empty if there is none
     */
    Optional<PendingIdentity> readPending();

    /**
     * Stores the pending certificate, replacing any earlier one.
     *
     * @param pending the state
     */
    void writePending(PendingIdentity pending);

    /** Deletes the pending state, if any. */
    void deletePending();

    /**
     * Records a certificate that provisioning gave up on, so an operator can delete it.
     *
     * @param certificateId the certificate id
     * @param reason why it was given up
     */
    void recordAbandoned(String certificateId, String reason);
}
