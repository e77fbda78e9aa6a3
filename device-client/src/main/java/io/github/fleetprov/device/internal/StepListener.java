package io.github.fleetprov.device.internal;

import io.github.fleetprov.device.ProvisioningStep;

/** Told when a step has finished; used for progress reporting and crash tests. */
@FunctionalInterface
public interface StepListener {

    /** Does nothing. */
    StepListener NONE = step -> { };

    /**
     * Called on the provisioning thread after a step finished.
     *
     * @param step the step
     */
    void stepCompleted(ProvisioningStep step);
}
