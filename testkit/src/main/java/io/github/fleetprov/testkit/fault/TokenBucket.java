package io.github.fleetprov.testkit.fault;

import java.util.function.LongSupplier;

/**
 * A token bucket on a nanosecond time source: {@code burst} tokens when full, refilled at
 * {@code requestsPerSecond}; each admitted request takes one token, a refused request takes none.
 * Thread-safe (one lock per bucket).
 */
final class TokenBucket {

    /** Tolerance for refill arithmetic, so that a request arriving exactly one period later is admitted. */
    private static final double EPSILON = 1e-9;

    private final double requestsPerSecond;
    private final int burst;
    private final double nanosPerToken;
    private final LongSupplier nanoTime;
    private double tokens;
    private long lastRefill;

    TokenBucket(double requestsPerSecond, int burst, LongSupplier nanoTime) {
        this.requestsPerSecond = requestsPerSecond;
        this.burst = burst;
        this.nanosPerToken = 1e9 / requestsPerSecond;
        this.nanoTime = nanoTime;
        this.tokens = burst;
        this.lastRefill = nanoTime.getAsLong();
    }

    double requestsPerSecond() {
        return requestsPerSecond;
    }

    int burst() {
        return burst;
    }

    /**
     * Takes a token if one is available.
     *
     * @return whether the request is within the rate
     */
    synchronized boolean tryTake() {
        long now = nanoTime.getAsLong();
        long elapsed = now - lastRefill;
        if (elapsed > 0) {
            tokens = Math.min(burst, tokens + elapsed / nanosPerToken);
            lastRefill = now;
        }
        if (tokens >= 1 - EPSILON) {
            tokens = Math.max(0, tokens - 1);
            return true;
        }
        return false;
    }
}
