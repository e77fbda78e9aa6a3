package io.github.fleetprov.device.internal;

import io.github.fleetprov.core.FleetProvisioningException;
import java.time.Duration;

/** Waits between retries; tests replace it to run without waiting. */
@FunctionalInterface
public interface Sleeper {

    /** Sleeps on the calling thread. */
    Sleeper THREAD = duration -> {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FleetProvisioningException("Interrupted while waiting to retry", e);
        }
    };

    /**
     * Waits.
     *
     * @param duration how long
     */
    void sleep(Duration duration);
}
