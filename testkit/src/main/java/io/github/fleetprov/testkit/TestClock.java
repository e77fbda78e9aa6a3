package io.github.fleetprov.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that follows the system clock plus an offset that tests can move forward, so that token
 * and claim expiries can be tested without waiting. Thread-safe.
 */
public final class TestClock extends Clock {

    private final Clock base;
    private final AtomicReference<Duration> offset;

    private TestClock(Clock base, AtomicReference<Duration> offset) {
        this.base = base;
        this.offset = offset;
    }

    /**
     * A clock that reads the system time (UTC) until it is moved.
     *
     * @return the clock
     */
    public static TestClock system() {
        return new TestClock(Clock.systemUTC(), new AtomicReference<>(Duration.ZERO));
    }

    /**
     * Moves the clock forward.
     *
     * @param amount how far (not negative)
     * @return the new current instant
     */
    public Instant advance(Duration amount) {
        Objects.requireNonNull(amount, "amount");
        if (amount.isNegative()) {
            throw new io.github.fleetprov.core.InvalidInputException("amount", "is negative",
                    "A test clock only moves forward; give a positive duration.");
        }
        offset.accumulateAndGet(amount, Duration::plus);
        return instant();
    }

    /** @return how far the clock is ahead of the system clock */
    public Duration offset() {
        return offset.get();
    }

    @Override
    public ZoneId getZone() {
        return base.getZone();
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return new TestClock(base.withZone(zone), offset);
    }

    @Override
    public Instant instant() {
        return base.instant().plus(offset.get());
    }

    @Override
    public long millis() {
        return instant().toEpochMilli();
    }

    @Override
    public String toString() {
        return "TestClock[" + instant().atOffset(ZoneOffset.UTC) + ", offset " + offset.get() + "]";
    }
}
