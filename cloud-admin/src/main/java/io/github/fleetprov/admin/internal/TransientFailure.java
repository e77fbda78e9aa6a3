package io.github.fleetprov.admin.internal;

import io.github.fleetprov.core.FleetProvisioningException;

/** A failure that may go away if the same call is tried again (a dropped download, a timeout). */
public final class TransientFailure extends FleetProvisioningException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the failure.
     *
     * @param message what failed and what to do
     * @param cause the underlying failure
     */
    public TransientFailure(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean isRetryable() {
        return true;
    }
}
