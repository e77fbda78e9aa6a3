package io.github.fleetprov.device;

import io.github.fleetprov.core.FleetProvisioningException;
import java.util.Objects;

/**
 * The MQTT connection dropped while a step waited for its answer. Retryable: provisioning reconnects
 * and repeats the step.
 */
public final class ConnectionLostException extends FleetProvisioningException {

    private static final long serialVersionUID = 1L;

    private final ProvisioningStep step;

    /**
     * Creates the exception.
     *
     * @param step the step that was interrupted
     * @param reason what the MQTT client reported (never secret)
     */
    public ConnectionLostException(ProvisioningStep step, String reason) {
        super("The MQTT connection was lost during " + step + ": " + reason + ". Retrying reconnects and repeats the step.");
        this.step = Objects.requireNonNull(step, "step");
    }

    /**
     * The step that was interrupted.
     *
     * @return the step
     */
    public ProvisioningStep step() {
        return step;
    }

    /**
     * Always {@code true}.
     *
     * @return {@code true}
     */
    @Override
    public boolean isRetryable() {
        return true;
    }
}
