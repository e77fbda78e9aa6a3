package io.github.fleetprov.core.rate;

import io.github.fleetprov.core.InvalidInputException;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A token bucket: it holds at most {@code burst} tokens, starts full and gains one token every
 * {@code 1 / permitsPerSecond} seconds. AWS throttles its APIs this way (AWS IoT Core developer guide,
 * "AWS IoT Core quotas": request rates with a burst; Amazon API Gateway developer guide, "Throttle
 * requests": the token bucket algorithm).
 *
 * <p>Two ways to use it:
 * <ul>
 *   <li>{@link #tryTake()} admits a request if a token is there and refuses it otherwise (a refused
 *       request takes no token): what a server that throttles does.</li>
 *   <li>{@link #reserve()} and {@link #acquire()} always take a token, borrowing from the future if the
 *       bucket is empty, and say how long to wait for it: what a client that stays under a quota does.
 *       With {@code burst} 1 calls are spaced evenly, never faster than the rate.</li>
 * </ul>
 *
 * <p>Time comes from a nanosecond source read as {@link System#nanoTime()} is (only differences count);
 * tests pass their own source and sleeper to move time instead of waiting for it. The bucket keeps its
 * state in whole nanoseconds (one token every {@code round(1e9 / permitsPerSecond)} ns), so the
 * arithmetic is exact. Thread-safe.
 */
public final class TokenBucket {

    /** Waits for a number of nanoseconds. */
    @FunctionalInterface
    public interface Sleeper {

        /** Sleeps on the current thread ({@link TimeUnit#sleep(long)}). */
        Sleeper SYSTEM = TimeUnit.NANOSECONDS::sleep;

        /**
         * Waits.
         *
         * @param nanos how long, above zero
         * @throws InterruptedException if interrupted while waiting
         */
        void sleep(long nanos) throws InterruptedException;
    }

    private final double permitsPerSecond;
    private final int burst;
    private final long intervalNanos;
    private final long toleranceNanos;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    /** When the bucket is full again if nothing more is taken ("theoretical arrival time"). */
    private long fullAt;

    private TokenBucket(double permitsPerSecond, int burst, LongSupplier nanoTime, Sleeper sleeper) {
        if (!(permitsPerSecond > 0) || Double.isInfinite(permitsPerSecond)) {
            throw new InvalidInputException("permitsPerSecond", "must be positive and finite, was " + permitsPerSecond,
                    "Give the rate in requests per second, e.g. 15.");
        }
        if (burst < 1) {
            throw new InvalidInputException("burst", "is " + burst, "Give at least 1 (1 means no burst).");
        }
        this.permitsPerSecond = permitsPerSecond;
        this.burst = burst;
        this.intervalNanos = Math.max(1L, Math.round(Math.min(1e9 / permitsPerSecond, Long.MAX_VALUE / 4d)));
        this.toleranceNanos = (long) Math.min((burst - 1) * (double) intervalNanos, Long.MAX_VALUE / 4d);
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.fullAt = nanoTime.getAsLong();
    }

    /**
     * A bucket on {@link System#nanoTime()} that sleeps with {@link Sleeper#SYSTEM}.
     *
     * @param permitsPerSecond the sustained rate, positive and finite
     * @param burst the bucket's size: how many requests may pass at once after a quiet spell, at least 1
     * @return a full bucket
     * @throws InvalidInputException if the rate or the burst is out of range
     */
    public static TokenBucket create(double permitsPerSecond, int burst) {
        return new TokenBucket(permitsPerSecond, burst, System::nanoTime, Sleeper.SYSTEM);
    }

    /**
     * A bucket on a given time source that sleeps with {@link Sleeper#SYSTEM}.
     *
     * @param permitsPerSecond the sustained rate, positive and finite
     * @param burst the bucket's size, at least 1
     * @param nanoTime the time source in nanoseconds; it must not go backwards
     * @return a full bucket
     * @throws InvalidInputException if the rate or the burst is out of range
     */
    public static TokenBucket create(double permitsPerSecond, int burst, LongSupplier nanoTime) {
        return new TokenBucket(permitsPerSecond, burst, nanoTime, Sleeper.SYSTEM);
    }

    /**
     * A bucket on a given time source and sleeper, for tests that move time themselves.
     *
     * @param permitsPerSecond the sustained rate, positive and finite
     * @param burst the bucket's size, at least 1
     * @param nanoTime the time source in nanoseconds; it must not go backwards
     * @param sleeper how {@link #acquire()} waits
     * @return a full bucket
     * @throws InvalidInputException if the rate or the burst is out of range
     */
    public static TokenBucket create(double permitsPerSecond, int burst, LongSupplier nanoTime, Sleeper sleeper) {
        return new TokenBucket(permitsPerSecond, burst, nanoTime, sleeper);
    }

    /** @return the sustained rate in permits per second */
    public double permitsPerSecond() {
        return permitsPerSecond;
    }

    /** @return the bucket's size */
    public int burst() {
        return burst;
    }

    /** @return the time between two tokens, in nanoseconds */
    public long intervalNanos() {
        return intervalNanos;
    }

    /**
     * Takes a token if one is there.
     *
     * @return {@code true} if the request is within the rate; {@code false} (and no token taken) if not
     */
    public boolean tryTake() {
        long now = nanoTime.getAsLong();
        synchronized (this) {
            long start = fullAt - now > 0 ? fullAt : now;
            if (start - now > toleranceNanos) {
                return false;
            }
            fullAt = start + intervalNanos;
            return true;
        }
    }

    /**
     * Takes a token now or, if the bucket is empty, the next one to come, without waiting for it.
     *
     * @return nanoseconds to wait before using the token (0 if it is there now)
     */
    public long reserve() {
        long now = nanoTime.getAsLong();
        synchronized (this) {
            long start = fullAt - now > 0 ? fullAt : now;
            fullAt = start + intervalNanos;
            return Math.max(0L, start - now - toleranceNanos);
        }
    }

    /**
     * Takes a token, waiting with the sleeper until it is there.
     *
     * @throws InterruptedException if interrupted while waiting (the token stays taken)
     */
    public void acquire() throws InterruptedException {
        long wait = reserve();
        if (wait > 0) {
            sleeper.sleep(wait);
        }
    }

    @Override
    public String toString() {
        return "TokenBucket[" + permitsPerSecond + "/s, burst " + burst + "]";
    }
}
