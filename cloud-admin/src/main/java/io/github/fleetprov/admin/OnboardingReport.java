package io.github.fleetprov.admin;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of {@link DeviceRegistryAdmin#onboard(java.util.List, String, int)}.
 *
 * @param succeeded devices with thing, active certificate, policy and attachment
 * @param failed thing name to the reason it failed (an error code and operation), for the devices that did not
 * @param elapsed how long the batch took
 */
public record OnboardingReport(int succeeded, Map<String, String> failed, Duration elapsed) {

    /**
     * Copies the parts.
     *
     * @param succeeded successes
     * @param failed failures by thing name
     * @param elapsed duration
     */
    public OnboardingReport {
        failed = Map.copyOf(Objects.requireNonNull(failed, "failed"));
        Objects.requireNonNull(elapsed, "elapsed");
    }

    /** @return devices per second over the whole batch */
    public double devicesPerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds <= 0 ? 0 : succeeded / seconds;
    }
}
