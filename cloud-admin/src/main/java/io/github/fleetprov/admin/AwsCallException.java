package io.github.fleetprov.admin;

import io.github.fleetprov.core.FleetProvisioningException;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * An AWS call made by a facade failed: the service rejected it, or it never got an answer.
 *
 * <p>The exception names the {@link #service() service}, the {@link #operation() operation} and,
 * when the service answered, its {@link #errorCode() error code} and HTTP status. Errors are
 * classified by code, never by status alone: AWS IoT answers throttling with HTTP 400 and code
 * {@code ThrottlingException}, the same status as a malformed request.
 */
public final class AwsCallException extends FleetProvisioningException {

    private static final long serialVersionUID = 1L;

    private final String service;
    private final String operation;
    private final String errorCode;
    private final int statusCode;
    private final boolean retryable;

    private AwsCallException(String message, SdkException cause, String service, String operation,
            String errorCode, int statusCode, boolean retryable) {
        super(message, cause);
        this.service = service;
        this.operation = operation;
        this.errorCode = errorCode;
        this.statusCode = statusCode;
        this.retryable = retryable;
    }

    /**
     * Wraps an SDK failure.
     *
     * @param service the service name, e.g. {@code IoT}
     * @param operation the operation name, e.g. {@code CreateThing}
     * @param target what the call was about (a resource name), for the message; never a secret
     * @param cause the SDK exception
     * @return the wrapped exception
     */
    public static AwsCallException of(String service, String operation, String target, SdkException cause) {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(cause, "cause");
        String code = AwsRetries.errorCode(cause).orElse(null);
        int status = cause instanceof SdkServiceException serviceError ? serviceError.statusCode() : 0;
        boolean retryable = AwsRetries.isRetryable(cause);
        StringBuilder sb = new StringBuilder()
                .append(service).append(' ').append(operation);
        if (!target.isEmpty()) {
            sb.append(" (").append(target).append(')');
        }
        if (code != null) {
            sb.append(" failed with ").append(code).append(" (HTTP ").append(status).append(')');
            String detail = cause instanceof AwsServiceException aws
                    && aws.awsErrorDetails() != null
                    ? aws.awsErrorDetails().errorMessage() : null;
            if (detail != null && !detail.isEmpty()) {
                sb.append(": ").append(detail);
            }
        } else {
            sb.append(" got no answer: ").append(cause.getMessage());
        }
        sb.append(". ").append(advice(cause, code, retryable));
        return new AwsCallException(sb.toString(), cause, service, operation, code, status, retryable);
    }

    private static String advice(Throwable cause, String code, boolean retryable) {
        if (AwsRetries.isThrottling(cause)) {
            return "The account's request rate for this API was exceeded; lower the rate in ApiRateLimiter or ask AWS to raise the quota.";
        }
        if (AwsRetries.isLimitExceededCode(code)) {
            return "A service quota was reached; remove resources or ask AWS to raise the quota. Retrying unchanged will not help.";
        }
        if (retryable) {
            return "The call may succeed if tried again.";
        }
        return "Fix the request or the account state; retrying unchanged will not help.";
    }

    /** @return the service name, e.g. {@code IoT}, {@code IAM}, {@code S3}, {@code SageMaker} */
    public String service() {
        return service;
    }

    /** @return the operation, e.g. {@code CreateThing} */
    public String operation() {
        return operation;
    }

    /**
     * The service's error code, e.g. {@code ResourceAlreadyExistsException}.
     *
     * @return the code, or empty if the service never answered
     */
    public Optional<String> errorCode() {
        return Optional.ofNullable(errorCode);
    }

    /** @return the HTTP status of the answer, or 0 if there was none */
    public int statusCode() {
        return statusCode;
    }

    /** @return whether the service throttled the call ({@code ThrottlingException} and kin) */
    public boolean isThrottling() {
        return AwsRetries.isThrottling(getCause());
    }

    /** @return whether a service quota was reached ({@code LimitExceededException}, HTTP 410 in IoT) */
    public boolean isLimitExceeded() {
        return AwsRetries.isLimitExceededCode(errorCode);
    }

    /** @return whether the error code says the resource does not exist */
    public boolean isNotFound() {
        return "ResourceNotFoundException".equals(errorCode) || "NoSuchEntity".equals(errorCode)
                || "NoSuchBucket".equals(errorCode) || "NoSuchKey".equals(errorCode);
    }

    @Override
    public boolean isRetryable() {
        return retryable;
    }
}
