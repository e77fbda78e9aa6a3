package io.github.fleetprov.device;

import io.github.fleetprov.core.FleetProvisioningException;
import java.util.Objects;

/**
 * Writing or reading the device's identity in the credential store failed. What was already on disk
 * is unchanged (every write is atomic); the {@link #step()} says which write failed.
 */
public final class IdentityPersistenceException extends FleetProvisioningException {

    private static final long serialVersionUID = 1L;

    private final ProvisioningStep step;

    /**
     * Creates the exception.
     *
     * @param step the step whose write failed
     * @param cause the store's failure
     */
    public IdentityPersistenceException(ProvisioningStep step, Throwable cause) {
        super(step + " failed: the credential store could not be written (" + cause.getClass().getSimpleName()
                + "). Check that the store directory is writable and has free space, then run provisioning again;"
                + " it resumes from the last state that was written.", cause);
        this.step = Objects.requireNonNull(step, "step");
    }

    /**
     * The step whose write failed.
     *
     * @return the step
     */
    public ProvisioningStep step() {
        return step;
    }
}
