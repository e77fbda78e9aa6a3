package io.github.fleetprov.device;

import io.github.fleetprov.core.FleetProvisioningException;
import io.github.fleetprov.core.InvalidInputException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often and how patiently a provisioning step is tried again.
 *
 * <p>Only failures that say {@link FleetProvisioningException#isRetryable() they are retryable} are
 * tried again: throttling, timeouts and lost connections. A rejection that cannot succeed (for example
 * {@code InvalidParameters} or a hook denial) fails at once. Between attempts the policy waits an
 * exponentially growing delay with "full jitter": a random time between zero and
 * {@code min(maxBackoff, initialBackoff * 2^(attempt-1))}.
 *
 * <p>Immutable and thread-safe.
 */
public final class RetryPolicy {

    private static final RetryPolicy DEFAULTS = builder().build();
    private static final RetryPolicy NONE = builder().maxAttempts(1).build();

    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;

    private RetryPolicy(Builder builder) {
        this.maxAttempts = builder.maxAttempts;
        this.initialBackoff = builder.initialBackoff;
        this.maxBackoff = builder.maxBackoff;
    }

    /**
     * Five attempts per step, 200 ms initial backoff, at most 10 s between attempts.
     *
     * @return the default policy
     */
    public static RetryPolicy defaults() {
        return DEFAULTS;
    }

    /**
     * One attempt, no retry.
     *
     * @return a policy that never retries
     */
    public static RetryPolicy none() {
        return NONE;
    }

    /**
     * A builder starting from the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding this policy's settings.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return new Builder().maxAttempts(maxAttempts).initialBackoff(initialBackoff).maxBackoff(maxBackoff);
    }

    /**
     * The number of attempts per step, the first included.
     *
     * @return at least 1
     */
    public int maxAttempts() {
        return maxAttempts;
    }

    /**
     * The upper bound of the first delay.
     *
     * @return the initial backoff
     */
    public Duration initialBackoff() {
        return initialBackoff;
    }

    /**
     * The largest delay between two attempts.
     *
     * @return the maximum backoff
     */
    public Duration maxBackoff() {
        return maxBackoff;
    }

    /**
     * Whether a failure after {@code attempt} attempts should be tried again.
     *
     * @param failure the failure of the last attempt
     * @param attempt how many attempts have been made, starting at 1
     * @return {@code true} to try again
     */
    public boolean shouldRetry(FleetProvisioningException failure, int attempt) {
        Objects.requireNonNull(failure, "failure");
        return attempt < maxAttempts && failure.isRetryable();
    }

    /**
     * The delay before the next attempt, with full jitter.
     *
     * @param attempt how many attempts have been made, starting at 1
     * @return a random delay between zero and the capped exponential bound
     */
    public Duration delayBefore(int attempt) {
        int exponent = Math.min(Math.max(attempt - 1, 0), 30);
        long ceiling = Math.min(maxBackoff.toMillis(), initialBackoff.toMillis() * (1L << exponent));
        if (ceiling <= 0) {
            return Duration.ZERO;
        }
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling + 1));
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof RetryPolicy other)) {
            return false;
        }
        return maxAttempts == other.maxAttempts && initialBackoff.equals(other.initialBackoff)
                && maxBackoff.equals(other.maxBackoff);
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxAttempts, initialBackoff, maxBackoff);
    }

    @Override
    public String toString() {
        return "RetryPolicy[maxAttempts=" + maxAttempts + ", initialBackoff=" + initialBackoff + ", maxBackoff="
                + maxBackoff + "]";
    }

    /** Builds a {@link RetryPolicy}. */
    public static final class Builder {
        private int maxAttempts = 5;
        private Duration initialBackoff = Duration.ofMillis(200);
        private Duration maxBackoff = Duration.ofSeconds(10);

        private Builder() {
        }

        /**
         * The number of attempts per step, the first included (default 5).
         *
         * @param maxAttempts at least 1
         * @return this builder
         */
        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        /**
         * The upper bound of the first delay (default 200 ms).
         *
         * @param initialBackoff zero or positive
         * @return this builder
         */
        public Builder initialBackoff(Duration initialBackoff) {
            this.initialBackoff = Objects.requireNonNull(initialBackoff, "initialBackoff");
            return this;
        }

        /**
         * The largest delay between attempts (default 10 s).
         *
         * @param maxBackoff zero or positive
         * @return this builder
         */
        public Builder maxBackoff(Duration maxBackoff) {
            this.maxBackoff = Objects.requireNonNull(maxBackoff, "maxBackoff");
            return this;
        }

        /**
         * Validates and builds the policy.
         *
         * @return the policy
         * @throws InvalidInputException if a setting is out of range
         */
        public RetryPolicy build() {
            if (maxAttempts < 1) {
                throw new InvalidInputException("retryPolicy.maxAttempts", "must be at least 1, was " + maxAttempts,
                        "Use 1 for no retry.");
            }
            if (initialBackoff.isNegative()) {
                throw new InvalidInputException("retryPolicy.initialBackoff", "must not be negative",
                        "Use Duration.ZERO or a positive duration.");
            }
            if (maxBackoff.isNegative()) {
                throw new InvalidInputException("retryPolicy.maxBackoff", "must not be negative",
                        "Use Duration.ZERO or a positive duration.");
            }
            return new RetryPolicy(this);
        }
    }
}
