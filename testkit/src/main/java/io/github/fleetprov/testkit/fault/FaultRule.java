package io.github.fleetprov.testkit.fault;

import io.github.fleetprov.core.rate.TokenBucket;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One injected fault: which requests it hits, what it does, and how many more times it fires. A rate
 * limit is a {@link FaultKind#THROTTLE} rule that fires only on requests above its rate.
 * Created through {@link Faults#on(String)}; thread-safe.
 */
public final class FaultRule {

    private final Faults owner;
    private final String target;
    private final FaultKind kind;
    private final String errorCode;
    private final int statusCode;
    private final String message;
    private final Duration delay;
    private final AtomicInteger remaining;
    private final AtomicInteger triggered = new AtomicInteger();
    private final TokenBucket rate;

    FaultRule(Faults owner, String target, FaultKind kind, String errorCode, int statusCode, String message,
            Duration delay, int times) {
        this(owner, target, kind, errorCode, statusCode, message, delay, times, null);
    }

    FaultRule(Faults owner, String target, FaultKind kind, String errorCode, int statusCode, String message,
            Duration delay, int times, TokenBucket rate) {
        this.owner = owner;
        this.target = target;
        this.kind = kind;
        this.errorCode = errorCode;
        this.statusCode = statusCode;
        this.message = message;
        this.delay = delay;
        this.remaining = times < 0 ? null : new AtomicInteger(times);
        this.rate = rate;
    }

    /** @return the operation name or topic filter this rule hits */
    public String target() {
        return target;
    }

    /** @return what the fault does */
    public FaultKind kind() {
        return kind;
    }

    /** @return for {@link FaultKind#REJECT} and {@link FaultKind#THROTTLE}: the error code; otherwise empty */
    public String errorCode() {
        return errorCode;
    }

    /** @return for {@link FaultKind#REJECT} and {@link FaultKind#THROTTLE}: the status code; otherwise 0 */
    public int statusCode() {
        return statusCode;
    }

    /** @return the error message of a rejection; otherwise empty */
    public String message() {
        return message;
    }

    /** @return for {@link FaultKind#DELAY}: how long requests are held; otherwise zero */
    public Duration delay() {
        return delay;
    }

    /** @return how many more times the rule fires, empty if it fires until removed */
    public OptionalInt remaining() {
        return remaining == null ? OptionalInt.empty() : OptionalInt.of(Math.max(0, remaining.get()));
    }

    /**
     * @return for a rate limit ({@link Faults.Target#rateLimit(double, int)}): the requests per second
     *         let through; otherwise empty
     */
    public OptionalDouble requestsPerSecond() {
        return rate == null ? OptionalDouble.empty() : OptionalDouble.of(rate.permitsPerSecond());
    }

    /** @return for a rate limit: how many requests may arrive at once after a quiet spell; otherwise 0 */
    public int burst() {
        return rate == null ? 0 : rate.burst();
    }

    /** @return how many times the rule has fired */
    public int triggered() {
        return triggered.get();
    }

    /** Removes the rule; requests after this are not affected by it. */
    public void remove() {
        owner.remove(this);
    }

    boolean tryFire() {
        if (rate != null && rate.tryTake()) {
            return false;
        }
        if (remaining != null) {
            while (true) {
                int left = remaining.get();
                if (left <= 0) {
                    return false;
                }
                if (remaining.compareAndSet(left, left - 1)) {
                    break;
                }
            }
        }
        triggered.incrementAndGet();
        return true;
    }

    boolean exhausted() {
        return remaining != null && remaining.get() <= 0;
    }

    @Override
    public String toString() {
        return "FaultRule{" + target + " -> " + kind + (errorCode.isEmpty() ? "" : " " + statusCode + " " + errorCode)
                + (delay.isZero() ? "" : " " + delay)
                + (rate == null ? "" : " above " + rate.permitsPerSecond() + "/s burst " + rate.burst())
                + ", remaining=" + (remaining == null ? "unlimited" : remaining.get())
                + ", triggered=" + triggered.get() + "}";
    }

    static String requireTarget(String target) {
        Objects.requireNonNull(target, "target");
        if (target.isBlank()) {
            throw new io.github.fleetprov.core.InvalidInputException("target", "is empty",
                    "Give an operation name such as RegisterThing, a topic filter such as"
                            + " $aws/certificates/create-from-csr/+, or * for every operation.");
        }
        return target;
    }
}
