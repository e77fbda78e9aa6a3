package io.github.fleetprov.admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.retries.StandardRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;

/**
 * The retry policy for the clients the facades use, and the error classification behind it.
 *
 * <p>Errors are classified by the service's error code, never by HTTP status alone: AWS IoT answers
 * throttling with HTTP 400 {@code ThrottlingException} (the same status as a malformed request) and
 * a reached quota with HTTP 410 {@code LimitExceededException}. Throttling is retried with a longer
 * back-off; a reached quota is not retried, because the same request will meet the same quota;
 * server errors ({@code InternalFailureException}, {@code ServiceUnavailableException}, any 5xx)
 * and I/O failures are retried; every other error is returned at once.
 *
 * <p>Use {@link #clientOverrides(ApiRateLimiter)} when building a client:
 * <pre>{@code
 * IotClient iot = IotClient.builder()
 *         .overrideConfiguration(AwsRetries.clientOverrides(ApiRateLimiter.awsPublishedDefaults()))
 *         .build();
 * }</pre>
 */
public final class AwsRetries {

    /** The number of attempts (first try included) of {@link #retryStrategy()}. */
    public static final int DEFAULT_MAX_ATTEMPTS = 8;

    private static final Set<String> LIMIT_CODES = Set.of("LimitExceededException", "LimitExceeded");
    private static final Set<String> TRANSIENT_CODES = Set.of(
            "InternalFailureException", "InternalFailure", "InternalError", "InternalServerError",
            "InternalServerException", "ServiceUnavailableException", "ServiceUnavailable",
            "RequestTimeout", "RequestTimeoutException");

    private AwsRetries() {
    }

    /**
     * The retry strategy with {@link #DEFAULT_MAX_ATTEMPTS} attempts.
     *
     * @return a new strategy
     */
    public static RetryStrategy retryStrategy() {
        return retryStrategy(DEFAULT_MAX_ATTEMPTS);
    }

    /**
     * The retry strategy: retries {@link #isRetryable(Throwable) retryable} errors with exponential
     * back-off and jitter (50 ms base, 20 s cap; throttling 250 ms base, 20 s cap), treats
     * {@link #isThrottling(Throwable) throttling} as throttling, and has no circuit breaker (a bulk
     * job must not stop retrying because earlier calls were throttled).
     *
     * @param maxAttempts attempts including the first, at least 1
     * @return a new strategy
     * @throws io.github.fleetprov.core.InvalidInputException if {@code maxAttempts} is below 1
     */
    public static RetryStrategy retryStrategy(int maxAttempts) {
        if (maxAttempts < 1) {
            throw new io.github.fleetprov.core.InvalidInputException("maxAttempts",
                    "must be at least 1, was " + maxAttempts, "Use 1 for no retries.");
        }
        return StandardRetryStrategy.builder()
                .useClientDefaults(false)
                .maxAttempts(maxAttempts)
                .retryOnException(AwsRetries::isRetryable)
                .treatAsThrottling(AwsRetries::isThrottling)
                .backoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(50), Duration.ofSeconds(20)))
                .throttlingBackoffStrategy(
                        BackoffStrategy.exponentialDelay(Duration.ofMillis(250), Duration.ofSeconds(20)))
                .circuitBreakerEnabled(false)
                .build();
    }

    /**
     * Override configuration with {@link #retryStrategy()} and the rate limiter's interceptor.
     *
     * @param limiter the client-side rate limiter
     * @return the configuration to pass to an SDK client builder
     */
    public static ClientOverrideConfiguration clientOverrides(ApiRateLimiter limiter) {
        Objects.requireNonNull(limiter, "limiter");
        return ClientOverrideConfiguration.builder()
                .retryStrategy(retryStrategy())
                .addExecutionInterceptor(limiter.interceptor())
                .build();
    }

    /**
     * The service's error code, if the failure is a service answer.
     *
     * @param t any failure
     * @return the error code, or empty
     */
    public static Optional<String> errorCode(Throwable t) {
        if (t instanceof AwsServiceException e) {
            if (e.awsErrorDetails() != null && e.awsErrorDetails().errorCode() != null) {
                return Optional.of(e.awsErrorDetails().errorCode());
            }
        }
        return Optional.empty();
    }

    /**
     * Whether the service throttled the call, as the AWS SDK classifies it
     * ({@link SdkServiceException#isThrottlingException()}: HTTP 429, or an error code such as
     * {@code ThrottlingException}, {@code TooManyRequestsException}, {@code SlowDown} or
     * {@code RequestLimitExceeded}, the SDK's own list that its standard retry strategy uses).
     *
     * @param t any failure
     * @return {@code true} if the service throttled the call
     */
    public static boolean isThrottling(Throwable t) {
        return t instanceof SdkServiceException e && e.isThrottlingException();
    }

    /**
     * Whether a service quota was reached ({@code LimitExceededException}), by error code.
     *
     * @param t any failure
     * @return {@code true} if a quota was reached
     */
    public static boolean isLimitExceeded(Throwable t) {
        return isLimitExceededCode(errorCode(t).orElse(null));
    }

    /**
     * Whether trying the same call again may succeed: throttling, server errors, I/O failures.
     *
     * @param t any failure
     * @return {@code true} if a retry may help
     */
    public static boolean isRetryable(Throwable t) {
        if (t instanceof AwsServiceException service) {
            String code = errorCode(t).orElse(null);
            if (code != null) {
                if (isLimitExceededCode(code)) {
                    return false;
                }
                return isThrottling(t) || TRANSIENT_CODES.contains(code)
                        || service.statusCode() >= 500;
            }
            return service.statusCode() >= 500;
        }
        if (t instanceof SdkClientException) {
            for (Throwable c = t.getCause(); c != null; c = c.getCause()) {
                if (c instanceof IOException || c instanceof UncheckedIOException) {
                    return true;
                }
            }
        }
        return false;
    }

    static boolean isLimitExceededCode(String code) {
        return code != null && LIMIT_CODES.contains(code);
    }
}
