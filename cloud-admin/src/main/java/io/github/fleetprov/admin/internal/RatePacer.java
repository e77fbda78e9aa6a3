package io.github.fleetprov.admin.internal;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Spaces calls evenly at a fixed rate: each caller reserves the next free slot and sleeps until
 * it. There is no burst, so a server-side token bucket of the same rate never runs dry.
 */
public final class RatePacer {

    /** Sleeps for a number of nanoseconds. */
    @FunctionalInterface
    public interface Sleeper {
        /**
         * Sleeps.
         *
         * @param nanos how long
         * @throws InterruptedException if interrupted
         */
        void sleep(long nanos) throws InterruptedException;
    }

    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private long nextFree;
    private boolean started;

    /**
     * Creates a pacer.
     *
     * @param permitsPerSecond the rate, above zero
     * @param nanoTime the time source
     * @param sleeper how to wait
     */
    public RatePacer(double permitsPerSecond, LongSupplier nanoTime, Sleeper sleeper) {
        if (!(permitsPerSecond > 0) || Double.isInfinite(permitsPerSecond)) {
            throw new IllegalArgumentException("permitsPerSecond must be positive and finite");
        }
        this.intervalNanos = Math.max(1L, Math.round(1_000_000_000d / permitsPerSecond));
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
    }

    /**
     * Creates a pacer on the system clock.
     *
     * @param permitsPerSecond the rate
     * @return the pacer
     */
    public static RatePacer system(double permitsPerSecond) {
        return new RatePacer(permitsPerSecond, System::nanoTime, nanos -> TimeUnit.NANOSECONDS.sleep(nanos));
    }

    /**
     * Reserves the next slot without waiting.
     *
     * @return nanoseconds to wait before the slot starts (0 if it is free now)
     */
    public long reserve() {
        long now = nanoTime.getAsLong();
        long slot;
        synchronized (this) {
            if (!started || nextFree - now < 0) {
                nextFree = now;
                started = true;
            }
            slot = nextFree;
            nextFree = slot + intervalNanos;
        }
        return Math.max(0L, slot - now);
    }

    /**
     * Waits for the next slot.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    public void acquire() throws InterruptedException {
        long wait = reserve();
        if (wait > 0) {
            sleeper.sleep(wait);
        }
    }

    /** @return the spacing between permits in nanoseconds */
    public long intervalNanos() {
        return intervalNanos;
    }
}
