package io.github.fleetprov.testkit.internal.broker;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * AWS IoT Core's "Connect requests per second per client ID" quota (1): a CONNECT that comes less
 * than {@link MqttLimits#CONNECT_INTERVAL_NANOS} after the last accepted CONNECT of the same client
 * id is throttled. Measured on a monotonic clock, not on the emulator's movable clock.
 */
final class ConnectThrottle {

    private static final int SWEEP_ABOVE = 10_000;

    private final Map<String, Long> lastAccepted = new ConcurrentHashMap<>();
    private final LongSupplier nanoTime;
    private volatile boolean enabled;

    ConnectThrottle(boolean enabled, LongSupplier nanoTime) {
        this.enabled = enabled;
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    void setEnabled(boolean on) {
        this.enabled = on;
        if (!on) {
            lastAccepted.clear();
        }
    }

    boolean isEnabled() {
        return enabled;
    }

    /**
     * Takes the client id's CONNECT slot.
     *
     * @param clientId the client id
     * @return whether the CONNECT may go on; when it may, the slot is taken until a second has passed
     */
    boolean tryAcquire(String clientId) {
        if (!enabled) {
            return true;
        }
        long now = nanoTime.getAsLong();
        if (lastAccepted.size() > SWEEP_ABOVE) {
            lastAccepted.values().removeIf(t -> now - t >= MqttLimits.CONNECT_INTERVAL_NANOS);
        }
        boolean[] acquired = new boolean[1];
        lastAccepted.compute(clientId, (id, last) -> {
            if (last != null && now - last < MqttLimits.CONNECT_INTERVAL_NANOS) {
                return last;
            }
            acquired[0] = true;
            return now;
        });
        return acquired[0];
    }
}
