package io.github.fleetprov.admin;

import io.github.fleetprov.core.FleetProvisioningException;
import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.core.rate.TokenBucket;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * A client-side rate limiter with one pace per API, so that a job stays under the account's
 * per-API request quota instead of being throttled by the service.
 *
 * <p>Calls to one API are spaced evenly at its rate (no bursts); calls to different APIs do not
 * wait for each other, so a pipeline of CreateThing, CreateKeysAndCertificate, AttachPolicy and
 * AttachThingPrincipal runs at the rate of its slowest API. The limiter applies to every attempt,
 * retries included, once plugged into a client with {@link #interceptor()} (or
 * {@link AwsRetries#clientOverrides(ApiRateLimiter)}). One limiter should be shared by every client
 * that talks to the same account and region, since quotas are per account.
 *
 * <p>{@link #awsPublishedDefaults()} paces AWS IoT control-plane APIs at the per-account
 * transactions per second that AWS publishes in the AWS General Reference (<em>AWS IoT Core
 * endpoints and quotas</em>, API throttling). AWS can raise them per account; set your own with
 * {@link Builder#limit(String, String, double)}.
 */
public final class ApiRateLimiter {

    /**
     * The service name for AWS IoT, as in {@code limit("IoT", "CreateThing", 15)}. Service names are
     * matched without regard to case (the SDK itself reports AWS IoT as {@code Iot}).
     */
    public static final String IOT = "IoT";

    private static final Map<String, Double> PUBLISHED_IOT_TPS = publishedIotTps();

    private final Map<String, Double> limits;
    private final Map<String, TokenBucket> pacers = new ConcurrentHashMap<>();
    private final ExecutionInterceptor interceptor = new Interceptor();
    private final java.util.function.LongSupplier nanoTime;
    private final TokenBucket.Sleeper sleeper;

    private ApiRateLimiter(Map<String, Double> limits, java.util.function.LongSupplier nanoTime,
            TokenBucket.Sleeper sleeper) {
        this.limits = Map.copyOf(limits);
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
    }

    /**
     * A limiter at AWS's published per-account TPS for the AWS IoT APIs the facades call; other
     * APIs are not limited.
     *
     * @return a new limiter
     */
    public static ApiRateLimiter awsPublishedDefaults() {
        return builder().addAll(IOT, PUBLISHED_IOT_TPS).build();
    }

    /**
     * A limiter that limits nothing (until APIs are added to a builder).
     *
     * @return a new builder with no limits
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The published per-account TPS of the AWS IoT control-plane APIs that fleetprov calls.
     *
     * @return operation name to transactions per second, unmodifiable
     */
    public static Map<String, Double> awsPublishedIotTps() {
        return PUBLISHED_IOT_TPS;
    }

    /**
     * The rate of an API.
     *
     * @param service the SDK service name, e.g. {@code IoT}
     * @param operation the operation, e.g. {@code CreateThing}
     * @return the limit in calls per second, or empty if the API is not limited
     */
    public Optional<Double> limit(String service, String operation) {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(operation, "operation");
        return Optional.ofNullable(limits.get(key(service, operation)));
    }

    /**
     * Waits until a call to the API may be made. Facades and interceptors call this; application
     * code calls it only for calls it makes without an intercepted client.
     *
     * @param service the SDK service name
     * @param operation the operation
     * @throws FleetProvisioningException if the thread is interrupted while waiting (the interrupt
     *         flag is kept)
     */
    public void acquire(String service, String operation) {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(operation, "operation");
        String key = key(service, operation);
        Double tps = limits.get(key);
        if (tps == null) {
            return;
        }
        // A bucket of one token: calls are spaced evenly, so the service's own bucket never runs dry.
        TokenBucket pacer = pacers.computeIfAbsent(key, k -> TokenBucket.create(tps, 1, nanoTime, sleeper));
        try {
            pacer.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FleetProvisioningException(service + " " + operation
                    + ": interrupted while waiting for the client-side rate limit", e);
        }
    }

    /**
     * An SDK interceptor that paces every attempt (first tries and retries) of a limited API.
     *
     * @return the interceptor, shared by every client this limiter is plugged into
     */
    public ExecutionInterceptor interceptor() {
        return interceptor;
    }

    /** @return a builder holding this limiter's limits */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.limits.putAll(limits);
        return b;
    }

    @Override
    public String toString() {
        return "ApiRateLimiter" + new java.util.TreeMap<>(limits);
    }

    private static String key(String service, String operation) {
        return service.toLowerCase(java.util.Locale.ROOT) + ":" + operation;
    }

    private final class Interceptor implements ExecutionInterceptor {
        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
            String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
            if (service != null && operation != null) {
                acquire(service, operation);
            }
        }
    }

    /** Builds a limiter. */
    public static final class Builder {
        private final Map<String, Double> limits = new LinkedHashMap<>();
        private java.util.function.LongSupplier nanoTime = System::nanoTime;
        private TokenBucket.Sleeper sleeper = TokenBucket.Sleeper.SYSTEM;

        private Builder() {
        }

        /** Replaces the clock and the sleep, for tests of the pacing itself. */
        Builder timeSource(java.util.function.LongSupplier nanoTime, TokenBucket.Sleeper sleeper) {
            this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /**
         * Sets the rate of one API.
         *
         * @param service the SDK service name, e.g. {@code IoT}
         * @param operation the operation, e.g. {@code CreateThing}
         * @param callsPerSecond the rate, positive and finite
         * @return this builder
         * @throws InvalidInputException if the rate is not positive
         */
        public Builder limit(String service, String operation, double callsPerSecond) {
            Objects.requireNonNull(service, "service");
            Objects.requireNonNull(operation, "operation");
            if (!(callsPerSecond > 0) || Double.isInfinite(callsPerSecond)) {
                throw new InvalidInputException("callsPerSecond",
                        service + " " + operation + " rate must be positive and finite, was " + callsPerSecond,
                        "Give the account's quota in calls per second, or call unlimited(..) to remove the limit.");
            }
            limits.put(key(service, operation), callsPerSecond);
            return this;
        }

        /**
         * Removes the limit of one API.
         *
         * @param service the SDK service name
         * @param operation the operation
         * @return this builder
         */
        public Builder unlimited(String service, String operation) {
            limits.remove(key(Objects.requireNonNull(service, "service"),
                    Objects.requireNonNull(operation, "operation")));
            return this;
        }

        /**
         * Multiplies every rate set so far, e.g. by 2 for an account whose quotas AWS doubled.
         *
         * @param factor a positive factor
         * @return this builder
         * @throws InvalidInputException if the factor is not positive
         */
        public Builder scaleAll(double factor) {
            if (!(factor > 0) || Double.isInfinite(factor)) {
                throw new InvalidInputException("factor", "must be positive and finite, was " + factor,
                        "Use 1 to keep the rates.");
            }
            limits.replaceAll((k, v) -> v * factor);
            return this;
        }

        private Builder addAll(String service, Map<String, Double> tps) {
            tps.forEach((op, rate) -> limit(service, op, rate));
            return this;
        }

        /** @return the limiter */
        public ApiRateLimiter build() {
            return new ApiRateLimiter(limits, nanoTime, sleeper);
        }
    }

    private static Map<String, Double> publishedIotTps() {
        Map<String, Double> m = new LinkedHashMap<>();
        // AWS General Reference, "AWS IoT Core endpoints and quotas", API throttling (per account).
        m.put("AttachPolicy", 15d);
        m.put("AttachThingPrincipal", 15d);
        m.put("CreateCertificateFromCsr", 15d);
        m.put("CreateKeysAndCertificate", 10d);
        m.put("CreatePolicy", 10d);
        m.put("CreatePolicyVersion", 10d);
        m.put("CreateProvisioningClaim", 10d);
        m.put("CreateProvisioningTemplate", 10d);
        m.put("CreateProvisioningTemplateVersion", 10d);
        m.put("CreateRoleAlias", 10d);
        m.put("CreateThing", 15d);
        m.put("CreateThingType", 15d);
        m.put("DeleteCertificate", 10d);
        m.put("DeletePolicy", 10d);
        m.put("DeletePolicyVersion", 10d);
        m.put("DeleteProvisioningTemplate", 10d);
        m.put("DeleteProvisioningTemplateVersion", 10d);
        m.put("DeleteRoleAlias", 10d);
        m.put("DeleteThing", 15d);
        m.put("DescribeCertificate", 10d);
        m.put("DescribeEndpoint", 10d);
        m.put("DescribeProvisioningTemplate", 10d);
        m.put("DescribeRoleAlias", 10d);
        m.put("DescribeThing", 350d);
        m.put("DescribeThingRegistrationTask", 10d);
        m.put("DetachPolicy", 15d);
        m.put("DetachThingPrincipal", 15d);
        m.put("GetPolicy", 15d);
        m.put("ListAttachedPolicies", 15d);
        m.put("ListPolicyVersions", 10d);
        m.put("ListProvisioningTemplateVersions", 10d);
        m.put("ListTargetsForPolicy", 10d);
        m.put("ListThingPrincipals", 10d);
        m.put("ListThingRegistrationTaskReports", 10d);
        m.put("RegisterCertificate", 10d);
        m.put("RegisterCertificateWithoutCA", 10d);
        m.put("SetDefaultPolicyVersion", 10d);
        m.put("StartThingRegistrationTask", 10d);
        m.put("UpdateCertificate", 10d);
        m.put("UpdateProvisioningTemplate", 10d);
        m.put("UpdateRoleAlias", 10d);
        return java.util.Collections.unmodifiableMap(m);
    }
}
