package io.github.fleetprov.device.internal;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import java.util.function.LongUnaryOperator;

/**
 * Spaces the CONNECTs of one client id at least {@link #MIN_INTERVAL} apart, with jitter, across every
 * connection this JVM opens. AWS IoT Core allows one CONNECT per second per client id ("Connect requests
 * per second per client ID" = 1, AWS IoT Core developer guide, "AWS IoT Core message broker and protocol
 * limits and quotas") and refuses a faster one (CONNACK 0x9F "connection rate exceeded" in MQTT 5,
 * "server unavailable" in MQTT 3.1.1). Without pacing, a client that drops a connection and opens a new
 * one with the same client id at once (a provisioning retry, the test connection of a rotated
 * certificate, an application reconnect) is refused.
 *
 * <p>Every attempt is counted, refused ones too: the next attempt with the same client id starts no
 * earlier than {@code MIN_INTERVAL} plus a random jitter of up to {@link #MAX_JITTER} after the previous
 * one, so even an attempt refused because another process used the client id a moment before is
 * followed by one that the broker accepts. Longer waits between failed attempts are the
 * {@link io.github.fleetprov.device.RetryPolicy}'s exponential back-off with full jitter, as the AWS
 * SDKs back off ("Exponential Backoff And Jitter", AWS Architecture Blog); aws-crt's own reconnects are
 * configured the same way (1 s minimum, 120 s maximum, the AWS IoT Device SDK's defaults).
 */
public final class ConnectPacer {

    /** AWS IoT Core's smallest interval between two CONNECTs of one client id. */
    public static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
    /** The largest random time added to {@link #MIN_INTERVAL}, so that clients do not move in step. */
    public static final Duration MAX_JITTER = Duration.ofMillis(250);

    private static final ConnectPacer SHARED = new ConnectPacer(System::nanoTime,
            bound -> ThreadLocalRandom.current().nextLong(bound + 1), Sleeper.THREAD);
    private static final int SWEEP_ABOVE = 10_000;

    private final Map<String, Long> lastAttempt = new ConcurrentHashMap<>();
    private final LongSupplier nanoTime;
    private final LongUnaryOperator random;
    private final Sleeper sleeper;

    /**
     * Creates a pacer.
     *
     * @param nanoTime a monotonic clock in nanoseconds
     * @param random a random number between zero and its argument (inclusive)
     * @param sleeper waits
     */
    public ConnectPacer(LongSupplier nanoTime, LongUnaryOperator random, Sleeper sleeper) {
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.random = Objects.requireNonNull(random, "random");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /**
     * The pacer shared by every connection of this JVM.
     *
     * @return the shared pacer
     */
    public static ConnectPacer shared() {
        return SHARED;
    }

    /**
     * Takes the client id's next CONNECT slot and says how long to wait for it; the slot is taken at
     * once, so concurrent callers with the same client id get successive slots.
     *
     * @param clientId the MQTT client id
     * @return how long to wait before sending the CONNECT, zero if it may go now
     */
    public Duration reserve(String clientId) {
        Objects.requireNonNull(clientId, "clientId");
        long now = nanoTime.getAsLong();
        long interval = MIN_INTERVAL.toNanos();
        if (lastAttempt.size() > SWEEP_ABOVE) {
            lastAttempt.values().removeIf(t -> now - t >= interval + MAX_JITTER.toNanos());
        }
        long[] slot = new long[1];
        lastAttempt.compute(clientId, (id, last) -> {
            if (last == null || now - last >= interval) {
                slot[0] = now;
            } else {
                slot[0] = last + interval + random.applyAsLong(MAX_JITTER.toNanos());
            }
            return slot[0];
        });
        return Duration.ofNanos(Math.max(0, slot[0] - now));
    }

    /**
     * Notes that a CONNECT of the client id got its answer (CONNACK, refusal or a closed connection). The
     * broker counts a CONNECT when it receives it, which is after the slot was taken (the TLS handshake
     * comes between) and before the answer arrives, so the next slot is counted from the answer.
     *
     * @param clientId the MQTT client id
     */
    public void answered(String clientId) {
        Objects.requireNonNull(clientId, "clientId");
        long now = nanoTime.getAsLong();
        lastAttempt.merge(clientId, now, Math::max);
    }

    /**
     * Waits for the client id's next CONNECT slot.
     *
     * @param clientId the MQTT client id
     */
    public void awaitTurn(String clientId) {
        Duration wait = reserve(clientId);
        if (!wait.isZero()) {
            sleeper.sleep(wait);
        }
    }
}
